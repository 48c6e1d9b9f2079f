#pragma once
// A fresh directory under the system temp dir, removed with everything in it when this object goes:
// where a simulator or sandbox puts its CA when the caller did not choose a place.
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

namespace polycloud::sim {

class TempDir {
 public:
  explicit TempDir(std::string_view prefix) {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            (std::string(prefix) + std::to_string(random()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(TempDir const&) = delete;
  TempDir& operator=(TempDir const&) = delete;

  std::filesystem::path const& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace polycloud::sim
