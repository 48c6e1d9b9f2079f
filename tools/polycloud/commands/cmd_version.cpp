// `polycloud version`: what this binary was built from, for bug reports and for checking that an install
// is the build one meant (`--version` stays the one-line "polycloud X.Y.Z" scripts already parse).
// Every value is fixed at compile time except the provider types, which come from the registry: a type
// a build leaves out is not listed.
#include "commands/commands.hpp"
#include "output/output.hpp"

#include <polycloud/registry.hpp>

#include <CLI/Version.hpp>
#include <boost/version.hpp>
#include <fmt/core.h>
#include <openssl/opensslv.h>

#ifndef POLYCLOUD_VERSION
#define POLYCLOUD_VERSION "unknown"
#endif
#ifndef POLYCLOUD_BUILD_TYPE
#define POLYCLOUD_BUILD_TYPE "unknown"
#endif

namespace polycloud::cli {

namespace {
RecordLayout const& version_layout() {
  static RecordLayout const layout{
      {"version", "compiler", "build_type", "boost", "openssl", "fmt", "cli11", "provider_types"},
      {},  // no columns: the one record prints as a FIELD/VALUE table
      {}};
  return layout;
}

std::string compiler() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return fmt::format("gcc {}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#else
  return "unknown";
#endif
}

/// BOOST_VERSION is MMmmpp: 108300 is 1.83.0.
std::string boost_version() {
  return fmt::format("{}.{}.{}", BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100);
}

/// FMT_VERSION is MMmmpp as well: 90100 is 9.1.0.
std::string fmt_version() { return fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100); }
}  // namespace

ExitCode run_version(GlobalArgs const& global) {
  if (auto fields = check_fields(global.fields, version_layout()); !fields) return report(fields.error());
  auto const types = provider_type_names();
  auto const compiled_by = compiler();
  auto const boost = boost_version();
  auto const fmt_text = fmt_version();
  RecordPrinter printer(global, version_layout(), /*single=*/true);
  printer.add({{"version", std::string_view(POLYCLOUD_VERSION)},
               {"compiler", std::string_view(compiled_by)},
               {"build_type", std::string_view(POLYCLOUD_BUILD_TYPE)},
               {"boost", std::string_view(boost)},
               // The headers built against; a shared libssl of another patch level may be loaded at run time.
               {"openssl", std::string_view(OPENSSL_VERSION_TEXT)},
               {"fmt", std::string_view(fmt_text)},
               {"cli11", std::string_view(CLI11_VERSION)},
               {"provider_types", types}});
  printer.finish();
  return ExitCode::ok;
}

}  // namespace polycloud::cli
