#include "providers/bycloud/build_wait.hpp"

#include <algorithm>

namespace polycloud::bycloud {

using boost::asio::awaitable;
using std::chrono::milliseconds;

namespace {

bool finished(Instance const& instance) { return instance.raw_state == "ACTIVE" || instance.raw_state == "ERROR"; }

void report(BuildWait const& wait, Instance const& instance) {
  if (!wait.progress) return;
  Progress progress;
  progress.message = instance.raw_state.empty() ? std::string("status unknown") : instance.raw_state;
  progress.id = instance.id;  // known since the 202: a caller cancelling now can name the VM
  wait.progress(progress);
}

Error timed_out(Instance const& instance, providers::CallSite const& site) {
  auto error = make_error(ErrorKind::timeout,
                          "instance " + instance.id + " was created but is still " +
                              (instance.raw_state.empty() ? std::string("without a status") : instance.raw_state) +
                              " at the deadline; it may still become ACTIVE",
                          site.provider, site.operation);
  return error;
}

}  // namespace

Error build_failed(Instance const& instance, providers::CallSite const& site) {
  std::string message = "instance " + instance.id + " ended in ERROR";
  auto fault = [&](std::string const& key) {
    auto const found = instance.extras.find("fault." + key);
    return found == instance.extras.end() ? std::string() : found->second;
  };
  if (auto text = fault("message"); !text.empty()) message += ": " + text;
  auto error = make_error(ErrorKind::provider_internal, providers::one_line(message), site.provider, site.operation);
  error.provider_code = fault("code");
  return providers::attribute(std::move(error), site);  // scrubs a credential a fault might echo
}

awaitable<Result<Instance>> wait_until_built(Instance accepted, BuildWait const& wait) {
  Instance current = std::move(accepted);
  report(wait, current);
  milliseconds pause = wait.first_pause;
  while (!finished(current)) {
    auto const now = wait.now();
    if (now >= wait.deadline) co_return timed_out(current, wait.site);
    auto const left = std::chrono::duration_cast<milliseconds>(wait.deadline - now);
    co_await wait.sleep(std::min(pause, left));
    pause = std::min(pause * 2, wait.max_pause);
    auto fetched = co_await wait.fetch();
    if (!fetched) {
      auto error = fetched.error();
      error.message = "instance " + current.id + " was created; waiting for it to build failed: " + error.message;
      co_return error;
    }
    if (fetched->raw_state != current.raw_state) report(wait, *fetched);
    current = std::move(*fetched);
  }
  if (current.raw_state == "ERROR") co_return build_failed(current, wait.site);
  co_return current;
}

}  // namespace polycloud::bycloud
