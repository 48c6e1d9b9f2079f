// The README's coroutine example: the same listing on your own io_context, one page at a time from
// one provider, so a large account never sits in memory at once.
#include <polycloud/config.hpp>
#include <polycloud/registry.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

boost::asio::awaitable<int> list_first_provider(polycloud::Config config) {
  polycloud::ProviderContext context;
  context.executor = co_await boost::asio::this_coro::executor;
  auto provider = polycloud::make_provider(config.providers.at(0), context);
  if (!provider) co_return std::cerr << provider.error().to_string() << '\n', 2;

  auto pager = (*provider)->list(polycloud::ListOptions());  // lazy: nothing is sent before next()
  for (;;) {
    auto page = co_await pager->next();  // Result<optional<vector<Instance>>>: a batch of up to 512
    if (!page) co_return std::cerr << page.error().to_string() << '\n', 1;  // the listing failed
    if (!*page) co_return 0;                                                // the listing is complete
    for (auto const& vm : **page) std::cout << vm.id << ' ' << vm.name << ' ' << vm.state << '\n';
  }
}

int main(int argc, char** argv) {
  auto config = polycloud::load_config_file(argc > 1 ? argv[1] : "config.json");
  if (!config) return std::cerr << config.error() << '\n', 2;
  boost::asio::io_context io;
  int status = 1;
  boost::asio::co_spawn(io, list_first_provider(*std::move(config)), [&](std::exception_ptr e, int code) {
    if (e) std::rethrow_exception(e);
    status = code;
  });
  io.run();
  return status;
}
