# Installing statecraft like a real package: `cmake --install`, a CMake package config for
# C++ users (find_package(statecraft) -> statecraft::engine) and `make package` (CPack DEB).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The command, its man page and bash completion; the shipped scenarios and the docs.
install(TARGETS statecraft RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES docs/statecraft.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES scripts/statecraft-completion.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME statecraft)
install(DIRECTORY scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/statecraft/scenarios)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} PATTERN statecraft.1 EXCLUDE)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Python module, system-wide where Debian's python3 looks (dist-packages).
set(STATECRAFT_PYTHON_INSTALL_DIR "lib/python3/dist-packages"
    CACHE STRING "Python module directory, relative to the install prefix")
if(TARGET _statecraft)
  install(TARGETS _statecraft LIBRARY DESTINATION ${STATECRAFT_PYTHON_INSTALL_DIR}/statecraft)
  install(FILES python/statecraft/__init__.py
          DESTINATION ${STATECRAFT_PYTHON_INSTALL_DIR}/statecraft)
endif()

# The engine for C++ users: static libraries, headers under include/statecraft, and
# statecraft::engine (everything a program needs to load scenarios and run models).
add_library(statecraft_engine INTERFACE)
target_link_libraries(statecraft_engine INTERFACE statecraft_io statecraft_experiments
                                                  statecraft_report)
set_target_properties(statecraft_engine PROPERTIES EXPORT_NAME engine)
foreach(lib core io models experiments report)
  set_target_properties(statecraft_${lib} PROPERTIES EXPORT_NAME ${lib})
endforeach()
install(TARGETS statecraft_core statecraft_io statecraft_models statecraft_experiments
                statecraft_report statecraft_engine
        EXPORT statecraftTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/statecraft)
install(DIRECTORY core io models experiments report
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/statecraft
        FILES_MATCHING PATTERN "*.h")
set(STATECRAFT_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/statecraft)
install(EXPORT statecraftTargets NAMESPACE statecraft:: DESTINATION ${STATECRAFT_CONFIG_DIR})
set(STATECRAFT_WITH_MPI OFF)
if(STATECRAFT_MPI AND MPI_CXX_FOUND)
  set(STATECRAFT_WITH_MPI ON)
endif()
configure_package_config_file(cmake/statecraftConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/statecraftConfig.cmake
                              INSTALL_DESTINATION ${STATECRAFT_CONFIG_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/statecraftConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/statecraftConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/statecraftConfigVersion.cmake
        DESTINATION ${STATECRAFT_CONFIG_DIR})

# `make package`: one Debian package. Shared-library dependencies come from
# dpkg-shlibdeps; pandas is declared for the Python module's data frames.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME statecraft)
set(CPACK_PACKAGE_VENDOR "statecraft")
set(CPACK_PACKAGE_CONTACT "statecraft maintainers <statecraft@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "forecast how states bargain over issues")
set(CPACK_PACKAGE_DESCRIPTION
    "statecraft models how states bargain over contested issues (compromise, BDM, SMP,\n"
    "Stokman exchange, graph model for conflict resolution): the statecraft command, the\n"
    "Python module, the C++ engine (find_package(statecraft)), scenarios and docs.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3 (>= 3.11), python3 (<< 3.12), python3-pandas")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3-matplotlib, man-db, bash-completion")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "libyaml-cpp-dev, nlohmann-json3-dev, libfmt-dev, libtbb-dev, libsqlite3-dev, libgmp-dev, libpcg-cpp-dev, cmake")
# Python writes __pycache__ next to the module; remove it with the package.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_CURRENT_SOURCE_DIR}/cmake/debian/prerm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
