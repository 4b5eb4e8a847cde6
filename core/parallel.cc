#include "core/parallel.h"

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace statecraft {
namespace {

// One arena per thread count, made once: creating an arena per call costs more than the
// small jobs it would run.
tbb::task_arena& arena_for(int threads) {
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<tbb::task_arena>> arenas;
  std::lock_guard<std::mutex> lock(mutex);
  auto& arena = arenas[threads];
  if (!arena) arena = std::make_unique<tbb::task_arena>(threads);
  return *arena;
}

}  // namespace

void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& job) {
  // Never ask for more workers than this process may use (e.g. one core per MPI rank);
  // results do not depend on the count.
  threads = std::min(threads, tbb::info::default_concurrency());
  if (threads <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) job(i);
    return;
  }
  arena_for(threads).execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) job(i);
                      });
  });
}

}  // namespace statecraft
