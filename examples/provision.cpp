// A portable create → wait → stop → delete on whichever provider the config names, with coroutines.
// Usage: provision CONFIG PROVIDER SIZE IMAGE   (SIZE and IMAGE: portable aliases or provider identifiers)
#include <polycloud/fleet.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdio>

namespace {
using polycloud::Result;
using polycloud::State;

boost::asio::awaitable<Result<void>> provision(polycloud::Fleet& fleet, std::string provider,
                                               polycloud::CreateSpec spec) {
  auto progress = [](polycloud::Progress const& step) {
    std::printf("  %5.1f%% %s\n", step.percent.value_or(0.0), step.message.c_str());
  };
  auto created = co_await fleet.create(provider, spec, progress);
  if (!created) co_return created.error();
  std::printf("created %s (%s)\n", created->id.c_str(), created->name.c_str());

  auto running = co_await fleet.wait_for(provider, created->id, State::running);
  if (!running) co_return running.error();
  if (auto stopped = co_await fleet.stop(provider, created->id); !stopped) co_return stopped.error();
  auto halted = co_await fleet.wait_for(provider, created->id, State::stopped);
  if (!halted) co_return halted.error();
  std::printf("stopped %s\n", created->id.c_str());

  if (auto removed = co_await fleet.remove(provider, created->id); !removed) co_return removed.error();
  auto gone = co_await fleet.wait_for(provider, created->id, State::terminated);
  if (!gone) co_return gone.error();
  std::printf("deleted %s\n", created->id.c_str());
  co_return Result<void>{};
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) return std::fprintf(stderr, "usage: provision CONFIG PROVIDER SIZE IMAGE\n"), 2;
  auto config = polycloud::load_config_file(argv[1]);
  if (!config) return std::fprintf(stderr, "%s\n", config.error().to_string().c_str()), 2;

  boost::asio::io_context io;
  auto fleet = polycloud::Fleet::create(*config, {io.get_executor(), {}});
  if (!fleet) return std::fprintf(stderr, "%s\n", fleet.error().to_string().c_str()), 2;

  polycloud::CreateSpec spec;
  spec.name = "provision-example";
  spec.size = argv[3];
  spec.image = argv[4];
  auto done = boost::asio::co_spawn(io, provision(*fleet, argv[2], spec), boost::asio::use_future);
  io.run();
  auto result = done.get();
  if (!result) return std::fprintf(stderr, "%s\n", result.error().to_string().c_str()), 1;
  return 0;
}
