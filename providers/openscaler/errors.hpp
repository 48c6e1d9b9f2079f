#pragma once
// OpenScaler's error answers. The error body is not documented: the toolkit's generic decoder reads
// JSON carrying a "message", "detail" or "error" field and keeps anything else as plain text; the
// HTTP status is always reported. What is OpenScaler's own is the hint on a stop that timed out.

#include "providers/common/call_site.hpp"
#include "providers/common/error_mapping.hpp"

namespace polycloud::openscaler {

using providers::CallSite;

inline constexpr std::string_view type_name = "openscaler";

/// A 408 on stop means the guest did not shut down in time: say how to force it.
Error with_stop_hint(Error error);

}  // namespace polycloud::openscaler
