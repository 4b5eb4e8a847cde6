// AVX2 and baseline versions of a hot function, picked at load time (GCC). Clang (used only
// for the fuzz build) cannot clone templates, so there the attribute is left out.
#pragma once

#if defined(__clang__)
#define STATECRAFT_AVX2_CLONES
#else
#define STATECRAFT_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#endif
