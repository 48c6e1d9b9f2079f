// `polycloud get PROVIDER ID|NAME`: one instance as one record.
#include "commands/commands.hpp"
#include "commands/instance_ref.hpp"
#include "output/output.hpp"

#include <algorithm>

namespace polycloud::cli {

bool wants_raw(GlobalArgs const& global, bool raw_flag) {
  return raw_flag || std::find(global.fields.begin(), global.fields.end(), "raw") != global.fields.end();
}

ExitCode run_get(Session& session, GetArgs const& args) {
  if (auto fields = check_fields(session.global().fields, instance_layout()); !fields) return report(fields.error());
  auto provider = session.fleet().provider(args.provider);
  if (!provider) return report(provider.error());
  auto const* config = session.config().find(args.provider);  // none for an unusable block: its get fails
  auto const timeout = config ? config->timeout : ProviderConfig{}.timeout;
  GetOptions options;
  options.call = CallOptions::within(timeout);
  options.raw = wants_raw(session.global(), args.raw);
  auto instance = session.run((*provider)->get(args.id, options));
  if (!instance) {  // perhaps a unique name rather than an id
    auto id = id_of_name(session, **provider, args.id, instance.error(), options.call);
    if (!id) return report(id.error());
    instance = session.run((*provider)->get(*id, options));
    if (!instance) return report(naming_id(instance.error(), *id));
  }
  print_instance(session.global(), *instance, options.raw);
  return ExitCode::ok;
}

}  // namespace polycloud::cli
