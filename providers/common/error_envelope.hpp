#pragma once
// A typed error body described as data: where the error object sits, which of its fields hold the
// message, the provider's code, extra details and the request id, and which codes decide the kind
// better than the HTTP status. decode_envelope reads a body by that description and keeps the
// provider's code; a body that is not the envelope (a proxy's HTML page, plain text) goes to the generic
// decoder. An adapter with typed errors writes its ErrorEnvelope and, when its codes carry more (a
// detail object), a few lines after decode_envelope.

#include "providers/common/error_mapping.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <span>
#include <string_view>

namespace polycloud::providers {

/// One provider code and the kind it means.
struct CodeKind {
  std::string_view code;
  ErrorKind kind;
};

struct ErrorEnvelope {
  std::string_view wrapper = "error";   ///< the error object is root[wrapper] when that is an object…
  bool bare_with_code = false;          ///< …or the root itself when it has the code field
  std::string_view message = "message";
  std::string_view code = "code";
  std::string_view details = {};        ///< a string appended to the message as "message: details"
  std::string_view request_id = {};
  bool integers_as_text = false;        ///< an integer field reads as its digits (ByCloud's code is the status)
  bool message_falls_back_to_code = false;
  std::span<CodeKind const> kinds = {};  ///< a code listed here decides the kind; others leave it to the status
};

/// The kind `code` has in `kinds`; nullopt for a code not listed.
std::optional<ErrorKind> kind_for_code(std::span<CodeKind const> kinds, std::string_view code) noexcept;

/// The error object of `body`; nullopt when the body is not the envelope.
std::optional<boost::json::object> envelope_object(ErrorEnvelope const& envelope, std::string_view body);

/// Decodes `body` by `envelope`; a body that is not the envelope goes to decode_generic_error.
DecodedError decode_envelope(ErrorEnvelope const& envelope, int status, std::string_view body);

}  // namespace polycloud::providers
