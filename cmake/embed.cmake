cmake_policy(SET CMP0057 NEW)  # if(IN_LIST)
# Writes OUTPUT, a C++ file holding INPUT's bytes as `statecraft::embedded_default_scenario()`
# and, for `extends:`, every file of the chain of snapshots INPUT extends, found by name
# (relative to INPUT's folder) through `statecraft::embedded_scenario_file(name)`.
get_filename_component(root_dir ${INPUT} DIRECTORY)
get_filename_component(default_name ${INPUT} NAME)
set(pending ${INPUT})
set(done "")
set(arrays "")
set(table "")
set(index 0)
while(pending)
  list(POP_FRONT pending path)
  get_filename_component(path ${path} ABSOLUTE)
  if(path IN_LIST done)
    continue()
  endif()
  list(APPEND done ${path})
  file(READ ${path} content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  file(RELATIVE_PATH name ${root_dir} ${path})
  string(APPEND arrays "static const char kBytes${index}[] = {${bytes}};\n")
  string(APPEND table "    {\"${name}\", {kBytes${index}, sizeof(kBytes${index})}},\n")
  math(EXPR index "${index} + 1")
  # The file this one extends, relative to its own folder (the loader's rule).
  file(STRINGS ${path} extends_lines REGEX "^extends:")
  foreach(line IN LISTS extends_lines)
    string(REGEX REPLACE "^extends:[ \t]*[\"']?([^\"'# \t]+).*$" "\\1" target "${line}")
    get_filename_component(dir ${path} DIRECTORY)
    list(APPEND pending ${dir}/${target})
  endforeach()
endwhile()
file(WRITE ${OUTPUT}.tmp
  "// Generated from ${default_name} (and the files it extends) by cmake/embed.cmake; do not edit.\n"
  "#include <string_view>\n"
  "#include <utility>\n"
  "namespace statecraft {\n"
  "${arrays}"
  "static const std::pair<std::string_view, std::string_view> kFiles[] = {\n${table}};\n"
  "std::string_view embedded_default_scenario() { return kFiles[0].second; }\n"
  "std::string_view embedded_default_scenario_name() { return kFiles[0].first; }\n"
  "std::string_view embedded_scenario_file(std::string_view name) {\n"
  "  for (const auto& [file, bytes] : kFiles)\n"
  "    if (file == name) return bytes;\n"
  "  return {};\n"
  "}\n"
  "}  // namespace statecraft\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
