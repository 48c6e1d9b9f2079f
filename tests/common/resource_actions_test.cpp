#include "providers/common/resource_actions.hpp"

#include <doctest/doctest.h>

using namespace polycloud;
using namespace polycloud::providers;

namespace {
Error failure(int status, int attempts, std::string code = {}) {
  auto error = make_error(ErrorKind::not_found, "gone?", "p", "delete");
  error.http_status = status;
  error.attempts = attempts;
  error.provider_code = std::move(code);
  return error;
}
}  // namespace

TEST_CASE("toolkit deletes: a 404 after a retry is gone only where the rule says so") {
  CHECK(already_gone(failure(404, 2), retried_404_is_gone));
  CHECK_FALSE(already_gone(failure(404, 1), retried_404_is_gone));  // the first answer: the id was never there
  CHECK_FALSE(already_gone(failure(410, 2), retried_404_is_gone));
  CHECK_FALSE(already_gone(failure(500, 3), retried_404_is_gone));
  GoneRule const codes_only{false, {"vm_not_found"}};
  CHECK_FALSE(already_gone(failure(404, 2), codes_only));
}

TEST_CASE("toolkit deletes: only the listed provider codes mean gone, whatever the status") {
  GoneRule const rule{false, {"vm_not_found", "in_trash"}};
  CHECK(already_gone(failure(404, 1, "vm_not_found"), rule));
  CHECK(already_gone(failure(409, 1, "in_trash"), rule));
  CHECK_FALSE(already_gone(failure(404, 1), rule));  // a bare 404: a proxy's page or a wrong path
  CHECK_FALSE(already_gone(failure(404, 1, "route_not_found"), rule));
  CHECK_FALSE(already_gone(failure(404, 3, ""), GoneRule{false, {""}}));  // no code is never a listed code
}
