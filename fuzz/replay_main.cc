// Replays fuzz corpora and kept crashers through the targets with the normal compiler (and
// under ASan/UBSan in the sanitizer build):
//   statecraft_fuzz_replay TARGET DIR_OR_FILE...         one target
//   statecraft_fuzz_replay --all CORPUS_DIR CRASHERS_DIR  every target, DIR/TARGET each
//   statecraft_fuzz_replay --list                          the target names
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include "fuzz/fuzz_targets.h"

namespace {

namespace fs = std::filesystem;

std::size_t replay(const statecraft::fuzz::Target& target, const std::vector<fs::path>& paths) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
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
  return files.size();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "";
  if (first == "--list") {
    for (const auto& t : statecraft::fuzz::targets()) std::cout << t.name << "\n";
    return 0;
  }
  if (first == "--all" && argc == 4) {
    // A target without a seed corpus (a new importer) still gets the empty input.
    for (const auto& t : statecraft::fuzz::targets()) {
      const std::size_t n = replay(t.run, {fs::path(argv[2]) / t.name, fs::path(argv[3]) / t.name});
      if (n == 0) t.run(nullptr, 0);
      std::cout << t.name << ": replayed " << n << " inputs"
                << (n == 0 ? " (no corpus in fuzz/corpus/" + t.name + ": only the empty input)"
                           : "")
                << "\n";
    }
    return 0;
  }
  if (argc < 3) {
    std::cerr << "usage: statecraft_fuzz_replay TARGET DIR_OR_FILE... | --all CORPUS CRASHERS | "
                 "--list\n";
    return 2;
  }
  const auto target = statecraft::fuzz::find_target(argv[1]);
  if (!target) {
    std::cerr << "unknown target " << argv[1] << "\n";
    return 2;
  }
  const std::size_t n = replay(target, std::vector<fs::path>(argv + 2, argv + argc));
  std::cout << argv[1] << ": replayed " << n << " inputs\n";
  return n == 0 ? 1 : 0;
}
