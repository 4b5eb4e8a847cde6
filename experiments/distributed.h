// Scale-out of Monte Carlo runs over processes (MPI). Built with MPI when Debian's
// OpenMPI is installed; a single process otherwise. Every run depends only on (seed, run
// index), each process computes its share, and rank 0 receives the rest, so the results
// are identical to a single-process run.
#pragma once

#include <vector>

namespace statecraft {

struct Distributed {
  int rank = 0;
  int size = 1;
};

// Starts MPI when the process was launched by mpirun (OpenMPI/PMI environment), else does
// nothing. Safe to call once at start-up.
void distributed_init(int* argc, char*** argv);
void distributed_finalize();
Distributed distributed();

// Sums `values` element-wise onto rank 0. Callers fill only the slots they own and leave
// the rest at 0, so each sum has one non-zero term and is exact.
void combine_to_root(std::vector<double>& values);

}  // namespace statecraft
