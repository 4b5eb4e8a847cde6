# Fails if any C++ file of the project is not clang-formatted, or if clang-format is missing
# (scripts/install-deps.sh installs it).
if(NOT CLANG_FORMAT OR NOT EXISTS "${CLANG_FORMAT}")
  message(FATAL_ERROR "clang-format not found (got '${CLANG_FORMAT}'): the format check cannot "
                      "run. Install it: scripts/install-deps.sh (Debian package clang-format).")
endif()
file(GLOB_RECURSE files ${ROOT}/core/*.cc ${ROOT}/core/*.h ${ROOT}/io/*.cc ${ROOT}/io/*.h
     ${ROOT}/models/*.cc ${ROOT}/models/*.h ${ROOT}/cli/*.cc ${ROOT}/cli/*.h
     ${ROOT}/experiments/*.cc ${ROOT}/experiments/*.h ${ROOT}/report/*.cc ${ROOT}/report/*.h
     ${ROOT}/python/*.cc ${ROOT}/server/*.cc ${ROOT}/server/*.h
     ${ROOT}/tests/*.cc ${ROOT}/tests/*.h ${ROOT}/bench/*.cc ${ROOT}/bench/*.h
     ${ROOT}/fuzz/*.cc ${ROOT}/fuzz/*.h)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files} RESULT_VARIABLE rc
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang-format: files need formatting (run `make format`):\n${err}")
endif()
