# Installation: find_package(polycloud CONFIG) with polycloud::polycloud, pkg-config (polycloud.pc), and the
# simulators as the optional component `sim` (polycloud::sim, polycloud-sim.pc, <sim/…> headers).
# scripts/consumer-check installs to a temporary prefix and builds a separate project both ways.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(polycloud_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/polycloud)

install(DIRECTORY include/polycloud DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT library)
# Every layer is exported (polycloud::core, ::http, ::providers, ::fleet, ::asio, ::beast): static layers
# link each other, so the umbrella polycloud::polycloud needs them all in the export set.
install(TARGETS polycloud polycloud_core polycloud_http polycloud_providers polycloud_fleet polycloud_inventory polycloud_asio
                polycloud_beast EXPORT polycloud-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library)
install(EXPORT polycloud-targets NAMESPACE polycloud:: DESTINATION ${polycloud_cmake_dir} COMPONENT library)
configure_package_config_file(cmake/polycloud-config.cmake.in ${PROJECT_BINARY_DIR}/polycloud-config.cmake
                              INSTALL_DESTINATION ${polycloud_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/polycloud-config-version.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/polycloud-config.cmake ${PROJECT_BINARY_DIR}/polycloud-config-version.cmake
        DESTINATION ${polycloud_cmake_dir} COMPONENT library)

# pkg-config files locate their prefix from their own directory (${pcfiledir}), so any --prefix works.
file(RELATIVE_PATH POLYCLOUD_PC_PREFIX_FROM_PCFILEDIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" POLYCLOUD_PC_PREFIX_FROM_PCFILEDIR "${POLYCLOUD_PC_PREFIX_FROM_PCFILEDIR}")
configure_file(cmake/polycloud.pc.in ${PROJECT_BINARY_DIR}/polycloud.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/polycloud.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT library)

# The simulators, so a user's own tests can start them without add_subdirectory.
if(TARGET polycloud_sim)
  set_target_properties(polycloud_sim PROPERTIES EXPORT_NAME sim)
  target_include_directories(polycloud_sim PUBLIC $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/polycloud-sim>)
  install(DIRECTORY sim DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/polycloud-sim COMPONENT sim
          FILES_MATCHING PATTERN "*.hpp")
  install(TARGETS polycloud_sim EXPORT polycloud-sim-targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT sim)
  install(EXPORT polycloud-sim-targets NAMESPACE polycloud:: DESTINATION ${polycloud_cmake_dir} COMPONENT sim)
  configure_file(cmake/polycloud-sim.pc.in ${PROJECT_BINARY_DIR}/polycloud-sim.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/polycloud-sim.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT sim)
endif()
