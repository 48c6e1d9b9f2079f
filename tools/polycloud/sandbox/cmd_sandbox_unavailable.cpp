// `polycloud sandbox` in a build without the simulators (sim/ not built).
#include "commands/commands.hpp"

namespace polycloud::cli {

int default_sandbox_instances() noexcept { return 0; }

ExitCode run_sandbox(GlobalArgs const&, SandboxArgs const&) {
  return report(
      make_error(ErrorKind::not_supported, "this polycloud was built without the simulators (sim/)", {}, "sandbox"));
}

}  // namespace polycloud::cli
