// Fleet::watch against the three simulators over loopback: what the simulators were made to do is
// exactly what the watch reports, an outage is one provider_unavailable and never a removal, and a
// Katapult watch keeps to its per-minute budget as the simulator counts it. Polls are counted, not
// timed: the watch's sleep advances a manual clock (watch_sims.hpp).
#include "cancel_support.hpp"
#include "watch_sims.hpp"

#include <polycloud/blocking.hpp>

#include <polycloud/fleet.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace polycloud;
using namespace watch_test;

namespace {

/// An event as the tests compare it: kind, provider, id and what the kind carries.
std::string key_of(InventoryEvent const& event) {
  std::string key = std::string(to_string(event.kind)) + " " + event.provider;
  if (!event.id.empty()) key += " " + event.id;
  if (event.kind == InventoryEventKind::state)
    key += " " + std::string(to_string(event.from)) + ">" + std::string(to_string(event.to));
  if (event.kind == InventoryEventKind::changed) {
    key += " fields=";
    for (auto const& change : event.changes) key += change.field + ",";
  }
  return key;
}

/// Drives a watch and counts its polls per provider. The providers poll concurrently; each poll starts
/// only when a round allows it (the watch's sleep waits until then), so between rounds, while the test
/// changes the simulators, no poll runs: each sees all of a step's changes or none of them.
class Watcher {
 public:
  Watcher(Fleet& fleet, ManualTime& time, Loop& loop, WatchOptions options)
      : loop_(loop), gate_(loop.executor(), boost::asio::steady_timer::time_point::max()) {
    options.now = [&time] { return time.now(); };
    options.wall_now = [&time] { return std::chrono::floor<std::chrono::seconds>(time.wall()); };
    options.sleep = [this, &time](std::string const& provider, std::chrono::milliseconds delay) -> boost::asio::awaitable<void> {
      auto const until = time.elapsed_ms.load() + delay.count();
      while (started_[provider] >= allowed_[provider])
        co_await gate_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      ++started_[provider];
      time.advance_to(until);
    };
    options.on_poll = [this](std::string const& provider, bool complete) {
      ++polls_[provider];
      if (complete) ++complete_[provider];
    };
    stream_ = fleet.watch(std::move(options));
  }

  /// Lets `provider` start `more` polls beyond those it started.
  void allow(std::string const& provider, int more) {
    allowed_[provider] = started_[provider] + more;
    gate_.cancel();
  }

  /// Every event until each provider in `providers` has polled `rounds` more times, sorted as keys.
  std::vector<std::string> rounds(Loop& loop, std::vector<std::string> const& providers, int rounds) {
    std::map<std::string, int> target;
    for (auto const& name : providers) {
      target[name] = polls_[name] + rounds;
      allow(name, rounds);
    }
    std::vector<std::string> keys;
    auto done = [&] {
      return std::all_of(target.begin(), target.end(), [&](auto const& entry) { return polls_[entry.first] >= entry.second; });
    };
    while (!done()) {
      auto batch = loop.run(stream_->next());
      REQUIRE(batch.has_value());
      REQUIRE(batch->has_value());
      for (auto const& event : **batch) {
        keys.push_back(key_of(event));
        events.push_back(event);
      }
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  int polls(std::string const& provider) { return polls_[provider]; }
  int complete_polls(std::string const& provider) { return complete_[provider]; }
  /// Drops the watch and lets its cancelled polls end while the fleet is still there.
  ~Watcher() {
    stream_.reset();
    loop_.drain();
  }
  std::vector<InventoryEvent> events;  // every event so far, in order

 private:
  Loop& loop_;
  boost::asio::steady_timer gate_;  // cancelled whenever a round allows more polls
  std::unique_ptr<EventStream> stream_;
  std::map<std::string, int> started_;
  std::map<std::string, int> allowed_;
  std::map<std::string, int> polls_;
  std::map<std::string, int> complete_;
};

std::vector<std::string> const all_providers{"alg", "kat", "byc"};

CreateSpec spec_for(std::string const& provider, std::string name) {
  CreateSpec spec;
  spec.name = std::move(name);
  if (provider == "alg") {
    spec.size = "b-1-500mb-10";
    spec.image = "debian-13";
    spec.region = "alg1";
  } else if (provider == "kat") {
    spec.size = "rock-3";
    spec.image = "debian-12";
    spec.region = "uk-lon-01";
  } else {
    spec.size = sim::bycloud::kFlavors[0].id;
    spec.image = sim::bycloud::kImages[1].id;
  }
  return spec;
}

WaitOptions quick_wait() {
  WaitOptions wait;
  wait.first_interval = 1ms;
  wait.max_interval = 5ms;
  wait.deadline = deadline_after(20s);
  return wait;
}

/// What the test believes each simulator holds: id -> (name, state).
using Model = std::map<std::string, std::map<std::string, State>>;

Model model_of(Loop& loop, Fleet& fleet) {
  FleetListOptions options;
  options.list.detail = true;  // Katapult's states
  Model model;
  for (auto const& listing : loop.run(fleet.list_all(options))) {
    REQUIRE(listing.instances.has_value());
    for (auto const& instance : *listing.instances) model[listing.provider][instance.id] = instance.state;
  }
  return model;
}

WatchOptions every_state_each_poll() {
  WatchOptions options;
  options.interval = 10s;
  options.defaults.state_gets_per_poll = 10'000;  // small fleets: every Katapult VM's state every poll
  return options;
}

}  // namespace

TEST_CASE("watch reports a scripted 500 creates, deletes, state changes and renames on the three simulators exactly, each within two polls") {
  Sims sims;
  Loop loop;
  ManualTime time;
  auto fleet = Fleet::create(sims.config(), {loop.executor(), {}}).value();
  auto model = model_of(loop, fleet);
  Watcher watcher(fleet, time, loop, every_state_each_poll());
  CHECK(watcher.rounds(loop, all_providers, 1).empty());  // the baseline reports nothing

  std::mt19937 random(20261206);  // pinned: the same script every run
  int serial = 0;
  std::size_t mutations = 0;
  std::map<std::string, std::size_t> by_kind;
  // Started only once stopped here: a generated VM "stopped" otherwise (ByCloud's SHELVED_OFFLOADED) may
  // refuse a start.
  std::set<std::string> stopped_here;
  while (mutations < 500) {
    std::vector<std::string> expected;
    std::set<std::string> touched;  // one mutation per VM per step, so each is observable on its own
    for (int i = 0; i < 10 && mutations < 500; ++i, ++mutations) {
      auto const& provider = all_providers[random() % all_providers.size()];
      auto& vms = model[provider];
      auto const roll = random() % 100;
      std::vector<std::string> candidates;
      for (auto const& [id, state] : vms)
        if (!touched.contains(id)) candidates.push_back(id);
      if (roll < 6 || candidates.size() < 5) {
        auto made = loop.run(fleet.create(provider, spec_for(provider, "w-" + std::to_string(++serial))));
        REQUIRE_MESSAGE(made.has_value(), made.error().to_string());
        vms[made->id] = made->state;
        touched.insert(made->id);
        expected.push_back("added " + provider + " " + made->id);
        ++by_kind["create"];
        continue;
      }
      auto const rename = [&](std::string const& id) {
        auto const name = "renamed-" + std::to_string(++serial);
        REQUIRE(sims.control(loop, provider, "/__sim/rename", {{"id", id}, {"name", name}}) == 204);
        expected.push_back("changed " + provider + " " + id + " fields=name,");
        ++by_kind["rename"];
      };
      auto const id = candidates[random() % candidates.size()];
      touched.insert(id);
      auto const state = vms[id];
      if (roll < 20) {
        REQUIRE(loop.run(fleet.remove(provider, id)).has_value());
        vms.erase(id);
        expected.push_back("removed " + provider + " " + id);
        ++by_kind["delete"];
      } else if (roll < 60 && (state == State::running || stopped_here.contains(id))) {
        auto const target = state == State::running ? State::stopped : State::running;
        auto acted = loop.run(target == State::stopped ? fleet.stop(provider, id) : fleet.start(provider, id));
        if (!acted && acted.error().kind == ErrorKind::conflict) {  // busy (ByCloud's task states): rename it
          rename(id);
          continue;
        }
        REQUIRE_MESSAGE(acted.has_value(), acted.error().to_string());
        auto reached = loop.run(fleet.wait_for(provider, id, target, quick_wait()));
        REQUIRE_MESSAGE(reached.has_value(), reached.error().to_string());
        vms[id] = target;
        if (target == State::stopped) stopped_here.insert(id); else stopped_here.erase(id);
        expected.push_back("state " + provider + " " + id + " " + std::string(to_string(state)) + ">" +
                           std::string(to_string(target)));
        ++by_kind["state"];
      } else {
        rename(id);
      }
    }
    std::sort(expected.begin(), expected.end());
    // Two polls of every provider: each event must be there, once; nothing else may be.
    auto const observed = watcher.rounds(loop, all_providers, 2);
    CAPTURE(mutations);
    REQUIRE(observed == expected);
  }
  CHECK(mutations == 500);
  for (auto const* kind : {"create", "delete", "state", "rename"}) {
    CAPTURE(kind);
    CHECK(by_kind[kind] >= 20);  // the script exercises every kind
  }
}

TEST_CASE("a provider down for several polls gives one provider_unavailable and one provider_recovered and no removed") {
  Sims sims;
  Loop loop;
  ManualTime time;
  auto fleet = Fleet::create(sims.config(), {loop.executor(), {}}).value();
  Watcher watcher(fleet, time, loop, every_state_each_poll());
  REQUIRE(watcher.rounds(loop, all_providers, 1).empty());

  // Katapult: every listing fails at its first page. ByCloud (7 per page): the first page answers, the
  // rest fail, so its listings are partial: 13 of its 20 VMs are missing from each.
  std::string error;
  auto const down = [&](std::string const& path) {
    auto fault = sim::parse_fault(boost::json::value{{"fault", "status"}, {"method", "GET"}, {"path", path},
                                                     {"status", 503}, {"count", 1000}},
                                  error);
    REQUIRE(fault.has_value());
    return *fault;
  };
  auto first_page = sim::parse_fault(boost::json::value{{"fault", "stall"}, {"method", "GET"}, {"path", "/v1/instances"},
                                                        {"duration_ms", 0}},
                                     error);
  REQUIRE(first_page.has_value());
  sims.server("byc").faults().add(*first_page);
  sims.server("byc").faults().add(down("/v1/instances"));
  sims.server("kat").faults().add(down("/core/v1/organizations/*/virtual_machines"));
  // Deleted during the outage: the one removal the recovery may report.
  std::string const gone = sim::ByCloudApi(sim::ByCloudOptions()).generated_id(19);  // on the last page
  REQUIRE(loop.run(fleet.remove("byc", gone)).has_value());

  auto const during = watcher.rounds(loop, all_providers, 4);
  CHECK(during == std::vector<std::string>{"provider_unavailable byc", "provider_unavailable kat"});
  CHECK(watcher.complete_polls("byc") == 1);  // the baseline only
  CHECK(watcher.complete_polls("kat") == 1);

  sims.server("byc").faults().clear();
  sims.server("kat").faults().clear();
  auto const after = watcher.rounds(loop, all_providers, 2);
  CHECK(after == std::vector<std::string>{"provider_recovered byc", "provider_recovered kat", "removed byc " + gone});
  auto const removed = std::count_if(watcher.events.begin(), watcher.events.end(), [](InventoryEvent const& event) {
    return event.kind == InventoryEventKind::removed;
  });
  CHECK(removed == 1);
  for (auto const& event : watcher.events) {
    if (event.kind != InventoryEventKind::provider_unavailable) continue;
    REQUIRE(event.error.has_value());
    CHECK(event.error->kind == ErrorKind::unavailable);
  }
}

TEST_CASE("watching 1000 Katapult VMs never exceeds the per-minute budget, counted at the simulator") {
  ManualTime time;
  SimOptions options;
  options.instances = 1000;
  options.only_katapult = true;
  options.katapult_clock = time.sim_clock();
  options.katapult_rate_limit_per_minute = 60;  // the simulator refuses a 61st request in a minute
  Sims sims(options);
  Loop loop;
  auto fleet = Fleet::create(sims.config(), {loop.executor(), {}}).value();

  WatchOptions watch;
  watch.interval = 10s;
  watch.defaults.requests_per_minute = 60;
  watch.defaults.state_gets_per_poll = 50;
  watch.defaults.page_size = 200;
  watch.deadline = time.now() + 10min;
  time.drive(watch);
  auto stream = fleet.watch(watch);

  std::map<std::int64_t, std::uint64_t> per_minute;
  std::uint64_t counted = 0;
  std::size_t unavailable = 0;
  std::size_t state_events = 0;
  for (;;) {
    auto batch = loop.run(stream->next());
    REQUIRE(batch.has_value());
    auto const total = sims.server("kat").stats().snapshot().requests_total;
    per_minute[time.minute()] += total - counted;  // polls do not move the clock: all at this minute
    counted = total;
    if (!*batch) break;
    for (auto const& event : **batch) {
      if (event.kind == InventoryEventKind::provider_unavailable) ++unavailable;
      if (event.kind == InventoryEventKind::state) ++state_events;
    }
  }
  CHECK(unavailable == 0);  // no 429 either: it would have failed a listing or a state get
  // No VM changed state: a state a get tells for the first time (most VMs wait minutes for their turn,
  // listed without one until then) is no `state` event.
  CHECK(state_events == 0);
  for (auto const& entry : per_minute) {  // not a structured binding: clang 14 cannot CAPTURE one
    CAPTURE(entry.first);
    CHECK(entry.second <= 60);
  }
  auto const snapshot = sims.server("kat").stats().snapshot();
  std::uint64_t gets = 0;
  for (auto const& [route, count] : snapshot.requests)
    if (route.find("GET /core/v1/virtual_machines/") == 0) gets += count;
  MESSAGE("requests: ", counted, ", state gets: ", gets);
  CHECK(gets >= 100);       // the budget left beside the listings went to states
  CHECK(counted >= 400);    // and was used: 10 minutes at up to 60 a minute
}

TEST_CASE("the blocking watch reports the Katapult VMs with their states and ends at its deadline") {
  ManualTime time;
  SimOptions options;
  options.instances = 5;
  options.only_katapult = true;
  Sims sims(options);
  auto fleet = blocking::Fleet::create(sims.config()).value();
  WatchOptions watch;
  watch.report_existing = true;
  watch.interval = 10s;
  watch.deadline = time.now() + 25s;  // polls at 0, 10 and 20 s
  time.drive(watch);
  int polls = 0;
  watch.on_poll = [&polls](std::string const&, bool complete) { polls += complete ? 1 : 0; };
  auto stream = fleet.watch(watch);
  std::vector<InventoryEvent> events;
  for (;;) {
    auto batch = stream->next();
    REQUIRE(batch.has_value());
    if (!*batch) break;
    for (auto& event : **batch) events.push_back(std::move(event));
  }
  CHECK(polls == 3);
  REQUIRE(events.size() == 5);
  for (auto const& event : events) {
    CHECK(event.kind == InventoryEventKind::added);
    REQUIRE(event.instance.has_value());
    CHECK(event.instance->state != State::unknown);  // fetched by a get: Katapult's list has no state
  }
}

TEST_CASE("a watch cancelled during a poll answers ErrorKind::cancelled - not provider_unavailable") {
  SimOptions options;
  options.instances = 3;
  options.only_katapult = true;
  Sims sims(options);
  auto answer = run_and_cancel([&]() -> boost::asio::awaitable<Result<std::optional<std::vector<InventoryEvent>>>> {
    auto fleet = Fleet::create(sims.config(), {co_await boost::asio::this_coro::executor, {}});
    if (!fleet) co_return fleet.error();
    auto stream = fleet->watch(WatchOptions());
    co_return co_await stream->next();  // the first poll's listing is under way when the cancellation comes
  });
  REQUIRE_FALSE(answer.has_value());
  CHECK(answer.error().kind == ErrorKind::cancelled);
}

TEST_CASE("a watch cancelled while it waits for its next poll answers ErrorKind::cancelled") {
  SimOptions options;
  options.instances = 3;
  options.only_katapult = true;
  Sims sims(options);
  boost::asio::io_context io;
  boost::asio::cancellation_signal cancel;
  bool first_poll_done = false;
  auto future = boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<Result<std::optional<std::vector<InventoryEvent>>>> {
        auto fleet = Fleet::create(sims.config(), {co_await boost::asio::this_coro::executor, {}});
        if (!fleet) co_return fleet.error();
        auto stream = fleet->watch(WatchOptions());  // the real timer: 30 s until the next poll
        auto first = co_await stream->next();
        if (!first) co_return first;
        first_poll_done = true;
        co_return co_await stream->next();
      },
      boost::asio::bind_cancellation_slot(cancel.slot(), boost::asio::use_future));
  while (!first_poll_done) io.run_one();
  boost::asio::post(io, [&cancel] { cancel.emit(boost::asio::cancellation_type::terminal); });  // behind the timer's start
  while (future.wait_for(0s) != std::future_status::ready) io.run_one();
  auto answer = future.get();
  REQUIRE_FALSE(answer.has_value());
  CHECK(answer.error().kind == ErrorKind::cancelled);
}

TEST_CASE("a watch of an unknown provider answers a config error naming it") {
  SimOptions options;
  options.instances = 1;
  options.only_katapult = true;
  Sims sims(options);
  Loop loop;
  auto fleet = Fleet::create(sims.config(), {loop.executor(), {}}).value();
  WatchOptions watch;
  watch.providers = {"nope"};
  auto answer = loop.run(fleet.watch(watch)->next());
  REQUIRE_FALSE(answer.has_value());
  CHECK(answer.error().kind == ErrorKind::config);
  CHECK(answer.error().message.find("nope") != std::string::npos);
}

TEST_CASE("a provider whose polls take longer than its interval does not starve the others") {
  Sims sims;
  Loop loop;
  ManualTime time;
  auto fleet = Fleet::create(sims.config(), {loop.executor(), {}}).value();
  WatchOptions watch = every_state_each_poll();
  watch.interval = 1s;
  time.drive(watch);
  // Every reading of the clock is 5 s later: each poll lasts longer than the interval, so every
  // provider is overdue whenever its next poll could start.
  watch.now = [&time] {
    time.elapsed_ms += 5'000;
    return time.now();
  };
  std::map<std::string, int> polls;
  int total = 0;
  watch.on_poll = [&](std::string const& provider, bool) {
    ++polls[provider];
    ++total;
  };
  auto counting = fleet.watch(watch);
  auto const fewest = [&] {
    return std::min({polls["alg"], polls["kat"], polls["byc"]});
  };
  while (fewest() < 3) {
    REQUIRE(total < 100);  // a starved provider would keep the others polling for ever
    REQUIRE(loop.run(counting->next()).has_value());
  }
  counting.reset();
  loop.drain();
}

TEST_CASE("a provider whose listing stalls delays no other provider's events") {
  SimOptions options;
  options.katapult_timeout_s = 86'400;  // the stall outlasts the test, never the client's timeouts
  Sims sims(options);
  Loop loop;
  ManualTime time;
  auto fleet = Fleet::create(sims.config(), {loop.executor(), {}}).value();
  std::string error;
  auto stall = sim::parse_fault(boost::json::value{{"fault", "stall"}, {"method", "GET"},
                                                   {"path", "/core/v1/organizations/*/virtual_machines"},
                                                   {"duration_ms", 86'400'000}},
                                error);
  REQUIRE(stall.has_value());
  sims.server("kat").faults().add(*stall);  // Katapult's first listing answers in a day
  WatchOptions watch = every_state_each_poll();
  watch.providers = {"alg", "kat"};
  Watcher watcher(fleet, time, loop, watch);
  watcher.allow("kat", 1);
  CHECK(watcher.rounds(loop, {"alg"}, 1).empty());  // OpenScaler's baseline
  // OpenScaler keeps polling until Katapult's listing has reached the simulator and stalls there.
  for (int round = 0; sims.server("kat").faults().consumed().empty(); ++round) {
    REQUIRE(round < 1000);
    CHECK(watcher.rounds(loop, {"alg"}, 1).empty());
  }

  REQUIRE(sims.control(loop, "alg", "/__sim/rename", {{"id", "1000"}, {"name", "renamed-while-kat-stalls"}}) == 204);
  CHECK(watcher.rounds(loop, {"alg"}, 1) == std::vector<std::string>{"changed alg 1000 fields=name,"});
  CHECK(watcher.polls("kat") == 0);  // its first poll is still waiting for its first page
  CHECK(sims.server("kat").faults().consumed().size() == 1);
  CHECK(sims.server("kat").stats().snapshot().requests_total == 1);
}
