// AVX2 and baseline versions of a hot function, picked at load time (GCC). Clang (used only
// for the fuzz build) cannot clone templates, so there the attribute is left out.
#pragma once

#if defined(__clang__)
#define STATECRAFT_AVX2_CLONES
#define STATECRAFT_AVX512_CLONES
#else
#define STATECRAFT_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
// For kernels written in 8-wide vectors: one AVX-512 instruction where the CPU has it,
// two AVX2 or four SSE2 ones otherwise (the same IEEE operations per lane either way).
#define STATECRAFT_AVX512_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
