// A progress bar on stderr, drawn only when stderr is a terminal and not silenced.
#pragma once

#include <string>

namespace statecraft::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool quiet);
  ~ProgressBar();
  void update(int done, int total);

 private:
  std::string label_;
  bool enabled_;
  int last_percent_ = -1;
};

}  // namespace statecraft::cli
