// Runs independent jobs on up to `threads` workers. Each job writes only its own slot,
// so results are identical for every thread count.
#pragma once

#include <cstddef>
#include <functional>

namespace statecraft {

void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& job);

}  // namespace statecraft
