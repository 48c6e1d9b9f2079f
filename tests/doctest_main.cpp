// The one main of every test binary. Before any test (or thread) starts, it removes the proxy variables
// of the developer's or CI's shell: the transport honours them as curl does (docs/config.md), and a test
// that reaches its loopback simulator must not depend on whether the machine running it sits behind a
// proxy. Tests that exercise proxies inject their own environment (ClientOptions::environment) or set
// it for the CLI process they start.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  for (auto const* name : {"https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY",
                           "no_proxy", "NO_PROXY"})
    ::unsetenv(name);
  return doctest::Context(argc, argv).run();
}
