# statecraft: the two commands a newcomer needs.
#   make run   installs missing Debian packages, builds (Release), analyses the Korean default
#   make test  the same set-up, then the whole suite (ctest, clang-format, ASan+UBSan build),
#              every build with warnings as errors; `make test-clang` adds a clang build
#   make package  a Debian package of it all (apt install ./build/statecraft_*.deb)
# Both are idempotent: with nothing changed they only check and return in seconds.

BUILD      ?= build
ASAN_BUILD ?= build-asan
CLANG_BUILD ?= build-clang
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
JOBS       ?= $(shell nproc)
CMAKE_GEN  := -G Ninja

.PHONY: all deps build run test test-release test-asan test-clang bench fuzz format clean package install

all: build

deps:
	@scripts/install-deps.sh

# The builds of `make test` treat warnings as errors (a tree configured before keeps its
# other settings and gets -Werror added).
WERROR := -DSTATECRAFT_WERROR=ON
werror = @grep -q '^STATECRAFT_WERROR:BOOL=ON' $(1)/CMakeCache.txt || cmake -S . -B $(1) $(WERROR) > /dev/null

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release $(WERROR)

build: deps $(BUILD)/build.ninja
	$(call werror,$(BUILD))
	@cmake --build $(BUILD) -j $(JOBS)

INTERVENTIONS := us_engages_russia us_russia_confrontation_deepens china_tightens_enforcement

run: build
	@./$(BUILD)/statecraft run
	@for iv in $(INTERVENTIONS); do \
	  echo; ./$(BUILD)/statecraft whatif $$iv --runs 500 --quiet \
	    -m compromise:mean -m bdm -m smp -m exchange || exit $$?; done
	@./$(BUILD)/statecraft mc --runs 1000 --quiet --format json > /dev/null
	@./$(BUILD)/statecraft backtest --format json > /dev/null
	@./$(BUILD)/statecraft flip --issue denuclearization_pressure --intervention us_engages_russia \
	  --format json > /dev/null
	@echo
	@./$(BUILD)/statecraft report out/korea-peninsula.json --mc out/korea-peninsula.mc.json \
	  --backtest out/korea-peninsula.backtest.json \
	  --flip out/korea-peninsula.flip.denuclearization_pressure.us_engages_russia.compromise-mean.json \
	  $(foreach iv,$(INTERVENTIONS),--whatif out/korea-peninsula.whatif.$(iv).json)

test-release: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# -O1 with line tables only: the sanitizer build compiles in about half the time of -O2 -g
# and its reports still name file and line.
$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
	  -DSTATECRAFT_SANITIZE=ON -DSTATECRAFT_BENCH=OFF $(WERROR)

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer, except the
# determinism matrix (the same CLI runs on 1..N threads and ranks, compared byte for byte:
# the release build checks that; under ASan it only repeats paths the suite already covers,
# at four minutes).
test-asan: deps $(ASAN_BUILD)/build.ninja
	$(call werror,$(ASAN_BUILD))
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -E 'clang_format|determinism_matrix'

test: test-release test-asan

# The Debian package (build/statecraft_<version>_<arch>.deb): the command, man page, bash
# completion, the Python module system-wide, the C++ engine (find_package), scenarios, docs.
package: build
	@cd $(BUILD) && cpack -G DEB
	@ls $(BUILD)/statecraft_*.deb

# Or straight into a prefix: make install PREFIX=/usr/local
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

$(CLANG_BUILD)/build.ninja:
	cmake -S . -B $(CLANG_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_CXX_COMPILER=clang++ -DSTATECRAFT_BENCH=OFF $(WERROR)

# Optional (not part of `make test`): the suite built by clang, warnings as errors.
test-clang: deps
	@scripts/install-deps.sh clang
	@$(MAKE) --no-print-directory $(CLANG_BUILD)/build.ninja
	@cmake --build $(CLANG_BUILD) -j $(JOBS)
	@ctest --test-dir $(CLANG_BUILD) --output-on-failure -j $(JOBS) -E clang_format

bench: build
	@./$(BUILD)/bench/statecraft_bench

$(FUZZ_BUILD)/build.ninja:
	cmake -S . -B $(FUZZ_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++-19 -DSTATECRAFT_FUZZ=ON -DSTATECRAFT_TESTS=OFF \
	  -DSTATECRAFT_BENCH=OFF -DSTATECRAFT_PYTHON=OFF -DSTATECRAFT_MPI=OFF

# libFuzzer on every input parser for FUZZ_SECONDS each (clang 19, ASan + UBSan); the
# targets are fuzz_targets() (one per importer), or only FUZZ_TARGETS when given.
fuzz: deps
	@scripts/install-fuzz-deps.sh
	@$(MAKE) --no-print-directory $(FUZZ_BUILD)/build.ninja
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers
	@scripts/run-fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(CLANG_BUILD) $(FUZZ_BUILD) out
