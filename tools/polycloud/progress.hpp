#pragma once
// Progress of a create or a --wait on stderr: a redrawn bar on a terminal, plain lines otherwise
// (so logs and CI output stay readable). Only changes are printed.
#include <polycloud/provider.hpp>

#include <optional>
#include <string>

namespace polycloud::cli {

class ProgressDisplay {
 public:
  /// `label` prefixes every line, e.g. "alg: create web-1".
  explicit ProgressDisplay(std::string label);
  ~ProgressDisplay();
  ProgressDisplay(ProgressDisplay const&) = delete;
  ProgressDisplay& operator=(ProgressDisplay const&) = delete;

  void update(Progress const& progress);
  /// Ends the bar's line (a terminal) so later output starts on a fresh line.
  void finish();

 private:
  std::string label_;
  bool terminal_;
  bool color_;
  bool drawn_ = false;
  double bar_percent_ = 0;
  std::optional<double> last_percent_;
  std::string last_message_;
};

}  // namespace polycloud::cli
