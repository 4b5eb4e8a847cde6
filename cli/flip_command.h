// `statecraft flip`: what would flip a conclusion of a run or a what-if (issue 14 §4).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace statecraft::cli {

struct FlipArgs {
  std::string input;         // empty = the embedded Korean scenario
  std::string issue;         // required
  std::string intervention;  // set: the conclusion is the sign of its effect on the issue
  std::string model = "compromise:mean";
  std::vector<std::string> params;  // key=value
  int rounds = 0;                   // 0 = the model's default
  std::uint64_t seed = 1;
  int top = 5;
  int threads = 0;  // 0 = every core
  std::string format = "table";
  std::string out_dir = "out";  // writes <scenario>.flip.<issue>.<intervention>.<model>.json
};

int flip_command(const FlipArgs& args);

}  // namespace statecraft::cli
