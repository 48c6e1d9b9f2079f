// Starting the simulators for `sandbox` and `demo`: whatever a start throws becomes one `unavailable` error.
#include "sandbox/sandbox_options.hpp"

#include <boost/system/system_error.hpp>

#include <exception>
#include <string>
#include <system_error>

namespace polycloud::cli {

Result<std::unique_ptr<sim::Sandbox>> start_sandbox(SandboxArgs const& args, std::string_view operation) {
  std::string cause;
  try {
    return sim::Sandbox::start(sandbox_options(args));
  } catch (boost::system::system_error const& e) {
    // Asio's port in use: what() appends Boost's source location ("[system:98 at /usr/include/…]"), which
    // tells a user nothing; the code's message is the cause ("Address already in use").
    cause = e.code().message();
  } catch (std::system_error const& e) {
    cause = e.code().message();
  } catch (std::exception const& e) {
    cause = e.what();
  }
  return make_error(ErrorKind::unavailable, "cannot start the simulators: " + cause, {}, std::string(operation));
}

}  // namespace polycloud::cli
