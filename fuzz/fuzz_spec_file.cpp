// The CLI's --spec file (tools/polycloud/spec_file.cpp, compiled in) on arbitrary contents: a
// CreateSpec or a config error, never anything else.
#include "tools/polycloud/commands/spec_file.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {
// One scratch file per process, rewritten for each input (the reader takes a path).
std::string const& scratch_path() {
  static std::string const path = [] {
    char name[] = "/tmp/polycloud-fuzz-spec-XXXXXX";
    int const fd = ::mkstemp(name);
    if (fd < 0) std::abort();
    ::close(fd);
    std::atexit([] { std::remove(scratch_path().c_str()); });
    return std::string{name};
  }();
  return path;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::FILE* file = std::fopen(scratch_path().c_str(), "wb");
  if (file == nullptr) std::abort();
  if (size != 0 && std::fwrite(data, 1, size, file) != size) std::abort();
  std::fclose(file);
  auto const spec = polycloud::cli::read_spec_file(scratch_path());
  if (!spec && spec.error().kind != polycloud::ErrorKind::config) std::abort();
  return 0;
}
