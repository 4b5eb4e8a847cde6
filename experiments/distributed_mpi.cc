#include <mpi.h>

#include <cstdlib>

#include "experiments/distributed.h"

namespace statecraft {
namespace {

bool started = false;

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

}  // namespace

void distributed_init(int* argc, char*** argv) {
  if (!launched_by_mpirun()) return;
  MPI_Init(argc, argv);
  started = true;
}

void distributed_finalize() {
  if (started) MPI_Finalize();
  started = false;
}

Distributed distributed() {
  Distributed d;
  if (!started) return d;
  MPI_Comm_rank(MPI_COMM_WORLD, &d.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &d.size);
  return d;
}

void combine_to_root(std::vector<double>& values) {
  if (!started) return;
  const Distributed d = distributed();
  if (d.size == 1) return;
  std::vector<double> sum(d.rank == 0 ? values.size() : 0);
  MPI_Reduce(values.data(), d.rank == 0 ? sum.data() : nullptr, int(values.size()), MPI_DOUBLE,
             MPI_SUM, 0, MPI_COMM_WORLD);
  if (d.rank == 0) values.swap(sum);
}

}  // namespace statecraft
