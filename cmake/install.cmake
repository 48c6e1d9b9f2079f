# install(EXPORT) so that find_package(polycloud) + polycloud::polycloud works for consumers.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/polycloud DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS polycloud polycloud_asio EXPORT polycloud-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT polycloud-targets NAMESPACE polycloud:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/polycloud)
configure_package_config_file(cmake/polycloud-config.cmake.in ${PROJECT_BINARY_DIR}/polycloud-config.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/polycloud)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/polycloud-config-version.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/polycloud-config.cmake ${PROJECT_BINARY_DIR}/polycloud-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/polycloud)
