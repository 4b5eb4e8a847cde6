# statecraft: the two commands a newcomer needs.
#   make run   installs missing Debian packages, builds (Release), analyses the Korean default
#   make test  the same set-up, then the whole suite (ctest, clang-format, ASan+UBSan build)
# Both are idempotent: with nothing changed they only check and return in seconds.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CMAKE_GEN  := -G Ninja

.PHONY: all deps build run test test-release test-asan bench format clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	@cmake --build $(BUILD) -j $(JOBS)

INTERVENTIONS := us_engages_russia us_russia_confrontation_deepens china_tightens_enforcement

run: build
	@./$(BUILD)/statecraft run
	@for iv in $(INTERVENTIONS); do \
	  echo; ./$(BUILD)/statecraft whatif $$iv --runs 500 --quiet \
	    -m compromise:mean -m bdm -m smp -m exchange || exit $$?; done
	@./$(BUILD)/statecraft mc --runs 1000 --quiet --format json > /dev/null
	@./$(BUILD)/statecraft backtest --format json > /dev/null
	@echo
	@./$(BUILD)/statecraft report out/korea-peninsula.json --mc out/korea-peninsula.mc.json \
	  --backtest out/korea-peninsula.backtest.json \
	  $(foreach iv,$(INTERVENTIONS),--whatif out/korea-peninsula.whatif.$(iv).json)

test-release: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSTATECRAFT_SANITIZE=ON -DSTATECRAFT_BENCH=OFF

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps $(ASAN_BUILD)/build.ninja
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) -E clang_format

test: test-release test-asan

bench: build
	@./$(BUILD)/bench/statecraft_bench

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) out
