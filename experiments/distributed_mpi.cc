// MPI is loaded with dlopen only when the process was started by mpirun: linking it
// would make every command load Open MPI and its dependencies (about a dozen shared
// libraries, several milliseconds of symbol relocation per process) for nothing.
// The C API only: the C++ bindings' inline functions would need libmpi at link time.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <dlfcn.h>
#include <mpi.h>

#include <cstdio>
#include <cstdlib>

#include "experiments/distributed.h"

namespace statecraft {
namespace {

struct MpiApi {
  int (*init)(int*, char***) = nullptr;
  int (*finalize)() = nullptr;
  int (*comm_rank)(MPI_Comm, int*) = nullptr;
  int (*comm_size)(MPI_Comm, int*) = nullptr;
  int (*reduce)(const void*, void*, int, MPI_Datatype, MPI_Op, int, MPI_Comm) = nullptr;
  MPI_Comm world{};
  MPI_Datatype type_double{};
  MPI_Op op_sum{};
};

MpiApi api;
bool started = false;

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

template <class T>
void bind(void* lib, const char* name, T& out) {
  void* symbol = dlsym(lib, name);
  if (!symbol) {
    std::fprintf(stderr, "statecraft: internal error: %s not found in %s\n", name,
                 STATECRAFT_LIBMPI);
    std::exit(1);
  }
  out = reinterpret_cast<T>(symbol);
}

void load_mpi() {
  // RTLD_GLOBAL: Open MPI's own plugins resolve their symbols against libmpi.
  void* lib = dlopen(STATECRAFT_LIBMPI, RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    std::fprintf(stderr, "statecraft: internal error: cannot load MPI: %s\n", dlerror());
    std::exit(1);
  }
  bind(lib, "MPI_Init", api.init);
  bind(lib, "MPI_Finalize", api.finalize);
  bind(lib, "MPI_Comm_rank", api.comm_rank);
  bind(lib, "MPI_Comm_size", api.comm_size);
  bind(lib, "MPI_Reduce", api.reduce);
#ifdef OPEN_MPI
  // Open MPI's predefined handles are addresses of objects inside the library.
  void* world = nullptr;
  void* type_double = nullptr;
  void* op_sum = nullptr;
  bind(lib, "ompi_mpi_comm_world", world);
  bind(lib, "ompi_mpi_double", type_double);
  bind(lib, "ompi_mpi_op_sum", op_sum);
  api.world = static_cast<MPI_Comm>(world);
  api.type_double = static_cast<MPI_Datatype>(type_double);
  api.op_sum = static_cast<MPI_Op>(op_sum);
#else
  // MPICH and its derivatives: the handles are integer constants.
  api.world = MPI_COMM_WORLD;
  api.type_double = MPI_DOUBLE;
  api.op_sum = MPI_SUM;
#endif
}

}  // namespace

void distributed_init(int* argc, char*** argv) {
  if (!launched_by_mpirun()) return;
  load_mpi();
  api.init(argc, argv);
  started = true;
}

void distributed_finalize() {
  if (started) api.finalize();
  started = false;
}

Distributed distributed() {
  Distributed d;
  if (!started) return d;
  api.comm_rank(api.world, &d.rank);
  api.comm_size(api.world, &d.size);
  return d;
}

void combine_to_root(std::vector<double>& values) {
  if (!started) return;
  const Distributed d = distributed();
  if (d.size == 1) return;
  std::vector<double> sum(d.rank == 0 ? values.size() : 0);
  api.reduce(values.data(), d.rank == 0 ? sum.data() : nullptr, int(values.size()), api.type_double,
             api.op_sum, 0, api.world);
  if (d.rank == 0) values.swap(sum);
}

}  // namespace statecraft
