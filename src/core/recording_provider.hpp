#pragma once
// Where errors leave a provider, for the process trace file (core/trace_file.hpp): a Provider that
// forwards every call to the adapter it wraps and appends each error it returns (from an operation or
// a pager's next()) and each progress message to the file. make_provider wraps every provider in one
// while POLYCLOUD_TRACE_FILE is set, so the credential scan sees what a user of any adapter would see.

#include "core/trace_file.hpp"

#include <polycloud/provider.hpp>

#include <memory>

namespace polycloud::detail {

std::unique_ptr<Provider> recording_errors(std::unique_ptr<Provider> provider, TraceFile const& file);

}  // namespace polycloud::detail
