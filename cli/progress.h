// A progress bar on stderr, drawn only when stderr is a terminal and not silenced.
#pragma once

#include <string>

namespace statecraft::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool quiet);
  ~ProgressBar();
  // Redraws the bar; reaching `total` ends its line.
  void update(int done, int total);
  // Ends the bar's line (idempotent); call before printing results.
  void finish();

 private:
  std::string label_;
  bool enabled_;
  int last_percent_ = -1;
  bool finished_ = false;
};

}  // namespace statecraft::cli
