#pragma once
// The one refusal of a bad idempotency key (issue 19), beside polycloud::valid_idempotency_key
// (src/core/create_spec.cpp). Internal: the CLI, the fleet's journal and lock, the fake provider and
// every adapter refuse a key with it, so the rule's wording lives in one place.
#include <polycloud/create_spec.hpp>
#include <polycloud/error.hpp>

#include <string>
#include <string_view>

namespace polycloud {

/// ErrorKind::invalid_argument for a key that is not valid_idempotency_key, naming `provider` and
/// `operation`, saying what a key may be and how long this one is. The key itself is never echoed: it
/// may be anything (a pasted secret, control characters).
Error idempotency_key_refusal(std::string_view key, std::string provider, std::string operation);

}  // namespace polycloud
