#pragma once
// Progress of a create or a wait on stderr: a redrawn bar on a terminal, plain lines otherwise
// (so logs and CI output stay readable). Only changes are printed.
#include <polycloud/provider.hpp>

#include <optional>
#include <string>

namespace polycloud::cli {

/// A provider's percentage as one we can draw: clamped to 0–100 (1e308 is 100, -5 is 0), nullopt when
/// it is not a number.
std::optional<double> drawable_percent(std::optional<double> percent) noexcept;

class ProgressDisplay {
 public:
  /// `label` prefixes every line, e.g. "alg: create web-1".
  explicit ProgressDisplay(std::string label);
  /// An unfinished display ends like finish(): the last state stays readable above the error.
  ~ProgressDisplay();
  ProgressDisplay(ProgressDisplay const&) = delete;
  ProgressDisplay& operator=(ProgressDisplay const&) = delete;

  /// Percentages outside 0–100 are clamped; a non-finite one is ignored.
  void update(Progress const& progress);
  /// Success: a terminal's bar is cleared (the record printed next says the rest); plain output
  /// ends with "LABEL: done".
  void done();
  /// Failure or interruption: the bar's last state stays, and later output starts on a fresh line.
  void finish();

 private:
  void draw(std::string const& percent_text, std::string const& message);

  std::string label_;  ///< control characters already made visible
  bool terminal_;
  bool color_;
  bool drawn_ = false;
  bool ended_ = false;
  bool has_bar_ = false;  ///< a percentage was seen: only then is a bar drawn
  double bar_percent_ = 0;
  std::optional<double> last_percent_;
  std::string last_message_;
};

}  // namespace polycloud::cli
