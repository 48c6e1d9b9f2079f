#include "output/in_order_writer.hpp"

#include <algorithm>

namespace polycloud::cli {

struct InOrderWriter::Kept {
  bool finished = false;
  std::size_t records = 0;
  std::string memory;           ///< the newest records, joined by `between`
  std::FILE* file = nullptr;    ///< the older ones, once memory passed its cap
  std::size_t file_bytes = 0;   ///< what the file holds for certain (a failed write is not counted)

  Kept() = default;
  Kept(Kept const&) = delete;
  Kept& operator=(Kept const&) = delete;
  ~Kept() { release(); }

  /// Everything was written: drop it (`finished` stays).
  void release() {
    if (file != nullptr) std::fclose(file);
    file = nullptr;
    file_bytes = 0;
    records = 0;
    memory = std::string();
  }

  /// Moves memory to the file. Without a usable temporary file the records stay in memory: the output
  /// is still right, only the bound is lost.
  void spill() {
    if (file == nullptr) file = std::tmpfile();
    if (file == nullptr) return;
    if (std::fseek(file, static_cast<long>(file_bytes), SEEK_SET) != 0) return;
    if (std::fwrite(memory.data(), 1, memory.size(), file) != memory.size()) return;
    file_bytes += memory.size();
    memory.clear();
  }
};

InOrderWriter::InOrderWriter(std::size_t sources, RunOutput output, std::size_t memory_per_source)
    : output_(std::move(output)), memory_per_source_(memory_per_source) {
  kept_.reserve(sources);
  for (std::size_t i = 0; i < sources; ++i) kept_.push_back(std::make_unique<Kept>());
}

InOrderWriter::~InOrderWriter() = default;

void InOrderWriter::add(std::size_t source, std::string_view record) {
  if (source == head_) {
    output_.start_run(1);
    output_.write(record);
    return;
  }
  auto& kept = *kept_.at(source);
  if (kept.records++ > 0) kept.memory += output_.between;
  kept.memory += record;
  if (kept.memory.size() > memory_per_source_) kept.spill();
}

void InOrderWriter::finish(std::size_t source) {
  kept_.at(source)->finished = true;
  while (head_ < kept_.size() && kept_[head_]->finished) {
    ++head_;
    // The new head streams from now on; first what it kept while waiting.
    if (head_ < kept_.size()) write_kept(*kept_[head_]);
  }
}

void InOrderWriter::write_kept(Kept& kept) {
  if (kept.records == 0) return;
  output_.start_run(kept.records);
  if (kept.file != nullptr && kept.file_bytes > 0) {
    std::rewind(kept.file);
    std::string chunk(64 * 1024, '\0');
    for (std::size_t left = kept.file_bytes; left > 0;) {
      auto const read = std::fread(chunk.data(), 1, std::min(left, chunk.size()), kept.file);
      if (read == 0) break;  // a temporary file that cannot be read back: nothing better to do
      output_.write(std::string_view(chunk.data(), read));
      left -= read;
    }
  }
  output_.write(kept.memory);
  kept.release();
}

}  // namespace polycloud::cli
