#pragma once
// Internal to Fleet::watch: memory for its long-lived tables taken from the kernel in whole pages
// (an anonymous mmap), not from malloc. Why: a watch's tables grow while each listing makes and frees
// many small objects; chunks taken from the heap land among them, and the holes those leave between
// the chunks stay resident (row (g) of bench/RESULTS.md, 2026-12-06: runs of one binary with heap
// chunks peaked at 60 or at 66-67 MiB, by how those allocations fell; in pages, 58.2-58.5 MiB). Pages
// also read as zero and take no memory until written, so a chunk's unused end costs nothing.
#include <cstddef>

namespace polycloud::watching {

class Pages {
 public:
  /// `bytes` of zero bytes (rounded up to whole pages); throws std::bad_alloc when the kernel refuses.
  explicit Pages(std::size_t bytes);
  ~Pages();
  Pages(Pages&& other) noexcept;
  Pages& operator=(Pages&& other) noexcept;  ///< swaps: `other` unmaps what this held
  Pages(Pages const&) = delete;
  Pages& operator=(Pages const&) = delete;

  /// The pages as T's: zero bytes (valid integers and chars), objects of other types are the
  /// caller's to construct in place.
  template <class T>
  T* as() const noexcept { return static_cast<T*>(data_); }

 private:
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace polycloud::watching
