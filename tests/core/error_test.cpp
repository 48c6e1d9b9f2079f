#include <polycloud/error.hpp>
#include <polycloud/fmt.hpp>
#include <polycloud/instance.hpp>

#include <doctest/doctest.h>

#include <set>
#include <sstream>

using namespace polycloud;

TEST_CASE("every error kind has a distinct stable name") {
  std::set<std::string_view> names;
  for (int k = 0; k <= static_cast<int>(ErrorKind::config); ++k) names.insert(to_string(static_cast<ErrorKind>(k)));
  CHECK(names.size() == static_cast<std::size_t>(ErrorKind::config) + 1);
  CHECK(to_string(ErrorKind::unknown_outcome) == "unknown_outcome");
  CHECK(to_string(ErrorKind::not_found) == "not_found");
}

TEST_CASE("Error::to_string names provider, operation, kind, cause and details") {
  Error error = make_error(ErrorKind::not_found, "VM 42 does not exist", "alg", "get");
  error.http_status = 404;
  error.request_id = "req-1";
  error.provider_code = "virtual_machine_not_found";
  error.attempts = 3;
  error.retry_after = std::chrono::seconds(5);
  CHECK(error.to_string() ==
        "alg: get: not_found: VM 42 does not exist (HTTP 404, code virtual_machine_not_found, request req-1, "
        "retry after 5s, 3 attempts)");
  CHECK(make_error(ErrorKind::config, "bad").to_string() == "config: bad");
  CHECK(make_error(ErrorKind::config, "x.json: providers: missing", "", "config").to_string() ==
        "config: x.json: providers: missing");
}

TEST_CASE("Result<T>::value() on an error throws ErrorException carrying the error") {
  Result<int> failed = make_error(ErrorKind::timeout, "too slow", "alg", "list");
  CHECK_FALSE(failed.has_value());
  try {
    (void)failed.value();
    FAIL("value() must throw");
  } catch (ErrorException const& e) {
    CHECK(e.error().kind == ErrorKind::timeout);
    CHECK(std::string(e.what()) == "alg: list: timeout: too slow");
  }
}

TEST_CASE("HTTP statuses map to the documented default kinds") {
  CHECK(error_kind_for_http_status(400) == ErrorKind::invalid_argument);
  CHECK(error_kind_for_http_status(401) == ErrorKind::unauthenticated);
  CHECK(error_kind_for_http_status(403) == ErrorKind::permission_denied);
  CHECK(error_kind_for_http_status(404) == ErrorKind::not_found);
  CHECK(error_kind_for_http_status(408) == ErrorKind::timeout);
  CHECK(error_kind_for_http_status(409) == ErrorKind::conflict);
  CHECK(error_kind_for_http_status(422) == ErrorKind::invalid_argument);
  CHECK(error_kind_for_http_status(429) == ErrorKind::rate_limited);
  CHECK(error_kind_for_http_status(500) == ErrorKind::provider_internal);
  CHECK(error_kind_for_http_status(502) == ErrorKind::unavailable);
  CHECK(error_kind_for_http_status(503) == ErrorKind::unavailable);
  CHECK(error_kind_for_http_status(504) == ErrorKind::timeout);
  CHECK(error_kind_for_http_status(418) == ErrorKind::invalid_argument);
  CHECK(error_kind_for_http_status(302) == ErrorKind::protocol);
}

TEST_CASE("errors, kinds and states print with << and with fmt - the text the CLI shows") {
  // `std::cout << error` and `<< vm.state` were about 420 lines of template errors.
  auto error = make_error(ErrorKind::not_found, "VM 42 does not exist", "alg", "get");
  std::ostringstream out;
  out << error << '|' << ErrorKind::rate_limited << '|' << State::running;
  CHECK(out.str() == error.to_string() + "|rate_limited|running");
  CHECK(fmt::format("{}|{}|{:>9}", error, ErrorKind::unknown_outcome, State::stopped) ==
        error.to_string() + "|unknown_outcome|  stopped");
}
