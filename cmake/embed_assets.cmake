# Writes OUTPUT, a C++ file holding the bytes of each file in INPUTS (a ;-list) as
# `statecraft::server::lab_asset("name.ext")` (empty for an unknown name).
set(body "")
set(table "")
set(k 0)
foreach(input ${INPUTS})
  file(READ ${input} content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  get_filename_component(name ${input} NAME)
  string(APPEND body "const char k${k}[] = {${bytes}};\n")
  string(APPEND table "  if (name == \"${name}\") return {k${k}, sizeof(k${k})};\n")
  math(EXPR k "${k} + 1")
endforeach()
file(WRITE ${OUTPUT}.tmp
  "// Generated from server/assets by cmake/embed_assets.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace statecraft::server {\n"
  "namespace {\n${body}}  // namespace\n"
  "std::string_view lab_asset(std::string_view name) {\n${table}  return {};\n}\n"
  "}  // namespace statecraft::server\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
