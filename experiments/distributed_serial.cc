// The single-process build of experiments/distributed.h (no MPI found at configure time).
#include "experiments/distributed.h"

namespace statecraft {

void distributed_init(int*, char***) {}
void distributed_finalize() {}
Distributed distributed() { return {}; }
void combine_to_root(std::vector<double>&) {}

}  // namespace statecraft
