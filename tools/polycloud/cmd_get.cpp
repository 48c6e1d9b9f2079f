// `polycloud get PROVIDER ID`: one instance as one record.
#include "commands.hpp"
#include "output.hpp"

namespace polycloud::cli {

ExitCode run_get(Session& session, GetArgs const& args) {
  auto provider = session.fleet().provider(args.provider);
  if (!provider) return report(provider.error());
  auto const timeout = session.config().find(args.provider)->timeout;
  GetOptions options;
  options.call = CallOptions::within(timeout);
  auto instance = session.run((*provider)->get(args.id, options));
  if (!instance) return report(instance.error());
  print_instance(session.global().output, *instance);
  return ExitCode::ok;
}

}  // namespace polycloud::cli
