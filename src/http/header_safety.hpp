#pragma once
// Defence in depth against header injection: a value holding CR or LF would be written out as a
// second header line (a token read from a file with a stray newline, say), and NUL truncates it in
// some servers. Config validation refuses them first; the transport refuses them again.

#include "http/client.hpp"

#include <string>

namespace polycloud::http {

/// Why `header` cannot be sent as one header line, or empty when it can: the name is not an HTTP
/// token, or the value holds CR, LF or NUL. Names the header, never quotes the value.
std::string unsafe_header_reason(Header const& header);

/// The reason for the first unsafe header of `headers`, or empty.
std::string first_unsafe_header(Headers const& headers);

}  // namespace polycloud::http
