// Replays fuzz corpora and kept crashers through the targets with the normal compiler (and
// under ASan/UBSan in the sanitizer build): `statecraft_fuzz_replay TARGET DIR_OR_FILE...`.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "fuzz/fuzz_targets.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: statecraft_fuzz_replay TARGET DIR_OR_FILE...\n";
    return 2;
  }
  const auto target = statecraft::fuzz::find_target(argv[1]);
  if (!target) {
    std::cerr << "unknown target " << argv[1] << "\n";
    return 2;
  }
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (int k = 2; k < argc; ++k) {
    const fs::path p(argv[k]);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (fs::is_regular_file(p)) {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
    target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::cout << argv[1] << ": replayed " << files.size() << " inputs\n";
  return files.empty() ? 1 : 0;
}
