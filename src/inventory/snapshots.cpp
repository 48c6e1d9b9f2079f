// The snapshots a file holds: listing them, and picking the two a one-file diff compares.
#include "inventory/schema.hpp"

#include <polycloud/snapshot.hpp>

#include <charconv>

namespace polycloud {

std::optional<std::chrono::sys_seconds> parse_snapshot_time(std::string_view text) noexcept {
  // Exactly YYYY-MM-DDTHH:MM:SSZ, the form format_rfc3339 writes: a snapshot is named by that text.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  auto number = [&](std::size_t at, std::size_t width) -> std::optional<int> {
    int value = 0;
    auto const* first = text.data() + at;
    auto const [end, ec] = std::from_chars(first, first + width, value);
    if (ec != std::errc() || end != first + width) return std::nullopt;
    return value;
  };
  auto const year = number(0, 4), month = number(5, 2), day = number(8, 2);
  auto const hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  std::chrono::year_month_day const date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second);
}

namespace {
Result<std::vector<SnapshotInfo>> snapshots_in(std::filesystem::path const& file, std::string operation) {
  auto db = inventory::open_for_reading(file, std::move(operation));
  if (!db) return db.error();
  return inventory::read_snapshots(**db);
}
}  // namespace

Result<std::vector<SnapshotInfo>> list_snapshots(std::filesystem::path const& file) { return snapshots_in(file, "snapshots"); }

Result<std::pair<SnapshotRef, SnapshotRef>> latest_two(std::filesystem::path const& file) {
  auto snapshots = snapshots_in(file, "diff");
  if (!snapshots) return snapshots.error();
  std::vector<std::chrono::sys_seconds> complete;
  for (auto const& snapshot : *snapshots)
    if (snapshot.complete) complete.push_back(snapshot.observed_at);
  if (complete.size() < 2)
    return make_error(ErrorKind::not_found,
                      file.string() + " holds " + std::to_string(complete.size()) +
                          " complete snapshot(s): a diff of one file needs two (export with --append), or a second file",
                      {}, "diff");
  return std::pair{SnapshotRef{file, complete[complete.size() - 2]}, SnapshotRef{file, complete.back()}};
}

}  // namespace polycloud
