#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace statecraft::cli {

ProgressBar::ProgressBar(std::string label, bool quiet)
    : label_(std::move(label)), enabled_(!quiet && ::isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::finish() {
  // End the bar's line before anything else is printed, so results start on a line of
  // their own (stdout and stderr share the terminal).
  if (enabled_ && last_percent_ >= 0 && !finished_) {
    std::fputs("\n", stderr);
    std::fflush(stderr);
  }
  finished_ = true;
}

void ProgressBar::update(int done, int total) {
  if (!enabled_ || finished_ || total <= 0) return;
  const int percent = int(100.0 * done / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  const int width = 30, filled = width * percent / 100;
  std::fputs(fmt::format("\r{} [{}{}] {:3d}% ({}/{})", label_, std::string(filled, '='),
                         std::string(width - filled, ' '), percent, done, total)
                 .c_str(),
             stderr);
  std::fflush(stderr);
  if (done >= total) finish();
}

}  // namespace statecraft::cli
