#pragma once
// Output from several concurrent sources (the providers of a `list`), written in source order while the
// sources finish in any order. The first unfinished source streams straight through; each one behind it
// keeps its records until its turn: in memory up to a cap, then in an unnamed temporary file, so memory
// stays bounded whatever a slow provider's neighbours return.
#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace polycloud::cli {

/// Where the records go. A run is one or more records of one source, written in one go.
struct RunOutput {
  std::string between;  ///< text between two records of a run (",\n  " in a JSON array; "" for csv)
  /// Called before each run's first record with the run's record count (for separators and headers).
  std::function<void(std::size_t records)> start_run;
  std::function<void(std::string_view text)> write;
};

class InOrderWriter {
 public:
  static constexpr std::size_t default_memory_per_source = 64 * 1024;

  InOrderWriter(std::size_t sources, RunOutput output, std::size_t memory_per_source = default_memory_per_source);
  ~InOrderWriter();
  InOrderWriter(InOrderWriter const&) = delete;
  InOrderWriter& operator=(InOrderWriter const&) = delete;

  /// One record of `source`: written now when every earlier source has finished, else kept.
  void add(std::size_t source, std::string_view record);
  /// `source` has no more records. Writes what the sources now at the head kept, in order.
  void finish(std::size_t source);

 private:
  struct Kept;
  void write_kept(Kept& kept);

  RunOutput output_;
  std::size_t memory_per_source_;
  std::size_t head_ = 0;  ///< the first unfinished source: its records are written as they come
  std::vector<std::unique_ptr<Kept>> kept_;
};

}  // namespace polycloud::cli
