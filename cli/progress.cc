#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace statecraft::cli {

ProgressBar::ProgressBar(std::string label, bool quiet)
    : label_(std::move(label)), enabled_(!quiet && ::isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() {
  if (enabled_ && last_percent_ >= 0) std::fputs("\n", stderr);
}

void ProgressBar::update(int done, int total) {
  if (!enabled_ || total <= 0) return;
  const int percent = int(100.0 * done / total);
  if (percent == last_percent_) return;
  last_percent_ = percent;
  const int width = 30, filled = width * percent / 100;
  std::fputs(fmt::format("\r{} [{}{}] {:3d}% ({}/{})", label_, std::string(filled, '='),
                         std::string(width - filled, ' '), percent, done, total)
                 .c_str(),
             stderr);
  std::fflush(stderr);
}

}  // namespace statecraft::cli
