// Katapult's mapping on arbitrary bodies, read the three ways the adapter reads a body:
// - a list page ({"pagination": {...}, "virtual_machines": [...]}), streamed with the pagination
//   envelope, in the seed byte's chunk split: the same items, outcome and total_pages as one whole feed;
// - a get answer ({"virtual_machine": {...}, "annotations": [...]}) as the adapter's fetch reads it:
//   an Instance or a protocol error, in pieces as in one feed, annotations collected;
// - an error answer: the Error names the provider and never shows the credential, and the learnt
//   per-minute limit is in its range.
#include "fuzz/error_checks.hpp"
#include "fuzz/mapping_checks.hpp"
#include "providers/katapult/errors.hpp"
#include "providers/katapult/pagination.hpp"
#include "providers/katapult/vm_mapping.hpp"

#include <cstdlib>
#include <optional>
#include <string>

using namespace polycloud;

namespace {

struct ListOutcome {
  fuzz::StreamOutcome stream;
  std::optional<std::size_t> total_pages;
};

ListOutcome list_page(std::vector<std::string_view> const& chunks, providers::CallSite const& site, bool keep_raw) {
  katapult::VmMapping mapping;
  katapult::PaginationReader pagination;
  ListOutcome outcome;
  outcome.stream = fuzz::stream(chunks, katapult::list_layout(), mapping, site, keep_raw, pagination.sink());
  outcome.total_pages = pagination.total_pages();
  return outcome;
}

/// As KatapultProvider::fetch reads a get answer (a failed item, no item or more than one is an error).
std::optional<Instance> get_answer(std::vector<std::string_view> const& chunks, providers::CallSite const& site,
                                   bool keep_raw) {
  katapult::VmMapping mapping;
  katapult::AnnotationCollector annotations;
  auto outcome = fuzz::stream(chunks, katapult::get_layout(), mapping, site, keep_raw, annotations.sink());
  if (!outcome.ok || outcome.items.size() != 1) return std::nullopt;
  annotations.apply(outcome.items.front());
  return std::move(outcome.items.front());
}

void check_error_answer(fuzz::ChunkedInput const& input, providers::CallSite const& site) {
  int const status = 400 + input.flags % 200;
  fuzz::expect_clean(providers::error_from_status(status, input.body, site, katapult::decode_error));
  http::Response response;
  response.status = status;
  response.body = std::string{input.body};
  response.attempts = 1 + input.flags % 3;
  fuzz::expect_clean(providers::error_from_response(response, site, katapult::decode_error));
  if (auto limit = katapult::permitted_per_minute(input.body); limit && (*limit <= 0 || *limit > 1'000'000)) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const input = fuzz::chunked(data, size);
  bool const keep_raw = (input.flags & 1) != 0;
  providers::CallSite const site{fuzz::fuzz_provider, "katapult", "list", &fuzz::fuzz_token()};

  auto const pieces = list_page(input.chunks, site, keep_raw);
  auto const whole = list_page({input.body}, site, keep_raw);
  fuzz::expect_same(pieces.stream, whole.stream);
  if (pieces.total_pages != whole.total_pages) std::abort();

  auto const got_in_pieces = get_answer(input.chunks, site, keep_raw);
  auto const got_whole = get_answer({input.body}, site, keep_raw);
  if (got_in_pieces.has_value() != got_whole.has_value()) std::abort();
  if (got_whole && (got_whole->id != got_in_pieces->id || got_whole->tags != got_in_pieces->tags)) std::abort();

  check_error_answer(input, site);
  return 0;
}
