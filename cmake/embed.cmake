# Writes OUTPUT, a C++ file holding INPUT's bytes as `statecraft::embedded_default_scenario()`.
file(READ ${INPUT} content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
get_filename_component(name ${INPUT} NAME)
file(WRITE ${OUTPUT}.tmp
  "// Generated from ${name} by cmake/embed.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace statecraft {\n"
  "static const char kBytes[] = {${bytes}};\n"
  "std::string_view embedded_default_scenario() { return {kBytes, sizeof(kBytes)}; }\n"
  "std::string_view embedded_default_scenario_name() { return \"${name}\"; }\n"
  "}  // namespace statecraft\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
