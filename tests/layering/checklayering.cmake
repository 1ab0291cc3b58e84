# cmake -DSOURCE_DIR=<project> -DLINKS=<links.cmake> -DBINARIES=<exe;...> -P checklayering.cmake
# Fails (and says where) when the layering rule of docs/architecture.md is broken; see
# tests/layering/CMakeLists.txt for the rule.
cmake_minimum_required(VERSION 3.25)

set(sharedFolders common crypto protocol validators verify)
set(deviceFolders api account identity keys certificates scan transactions device)
list(JOIN deviceFolders "|" _device)
# Include names that belong to the device side: its folders, the camera stack, the keychain,
# Qt Quick/Qml and the QR reader.
set(deviceInclude "^core/(${_device})/")
set(deviceModuleInclude
    "^(core/(${_device})/|QtMultimedia[A-Za-z]*/|QtQuick[A-Za-z0-9]*/|QtQml[A-Za-z]*/|ZXing/|.*[Kk]eychain)|^Q(Video|Camera|Media|Audio|ImageCapture|SoundEffect|ScreenCapture|Quick|Qml|JS)[A-Za-z]*$")
# Targets that mark the device side when they appear in a link closure.
set(deviceTargets tongqian-device Qt6::Multimedia Qt6Keychain::Qt6Keychain Qt6::Quick Qt6::Qml ZXing::ZXing)

set(problems)

# Every #include of the files in `folders` (relative to SOURCE_DIR) that matches `pattern`.
function(check_includes folders pattern why)
    set(found)
    foreach(folder IN LISTS folders)
        file(GLOB_RECURSE files "${SOURCE_DIR}/${folder}/*.h" "${SOURCE_DIR}/${folder}/*.cpp")
        foreach(file IN LISTS files)
            file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
            foreach(line IN LISTS lines)
                string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*$" "\\1" name "${line}")
                if(name MATCHES "${pattern}")
                    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${file}")
                    list(APPEND found "${rel} includes ${name} (${why})")
                endif()
            endforeach()
        endforeach()
    endforeach()
    set(problems ${problems} ${found} PARENT_SCOPE)
endfunction()

set(sharedPaths ${sharedFolders})
list(TRANSFORM sharedPaths PREPEND "core/")
check_includes("${sharedPaths}" "${deviceModuleInclude}" "the shared library includes no device code")
check_includes("server;demo-platform" "${deviceInclude}" "the server and the demo platform use only the shared library")

# What CMake links.
include("${LINKS}")
list(JOIN sharedFolders "|" _shared)
foreach(source IN LISTS COMMON_SOURCES)
    if(NOT source MATCHES "^(${_shared})/" AND NOT source MATCHES "^${SOURCE_DIR}/core/(${_shared})/")
        list(APPEND problems "tongqian-common builds ${source}, which is not in a shared folder")
    endif()
endforeach()
foreach(target tongqian-common tongqian-serverlib tongqian-server tongqian-demoplatform tongqian-demo-platform)
    foreach(device IN LISTS deviceTargets)
        if(device IN_LIST LINKS_${target})
            list(APPEND problems "${target} links ${device}")
        endif()
    endforeach()
endforeach()
if(DEFINED LINKS_tongqian-without-server AND "tongqian-serverlib" IN_LIST LINKS_tongqian-without-server)
    list(APPEND problems "tongqian-without-server links tongqian-serverlib")
endif()

# What the built executables load.
find_program(LDD ldd)
foreach(binary IN LISTS BINARIES)
    if(NOT EXISTS "${binary}")
        list(APPEND problems "${binary} is not built: build it before running this check")
    elseif(LDD)
        execute_process(COMMAND ${LDD} "${binary}" OUTPUT_VARIABLE loaded RESULT_VARIABLE failed)
        if(failed)
            list(APPEND problems "ldd ${binary} failed")
        endif()
        string(REGEX MATCHALL "lib(Qt6Multimedia|qt6keychain|Qt6Quick|Qt6Qml|ZXing)[^ \t\n]*" libs "${loaded}")
        foreach(lib IN LISTS libs)
            get_filename_component(name "${binary}" NAME)
            list(APPEND problems "${name} loads ${lib}")
        endforeach()
    else()
        message(STATUS "ldd not found: the executables' shared libraries are not checked")
    endif()
endforeach()

if(problems)
    list(REMOVE_DUPLICATES problems)
    list(JOIN problems "\n  " text)
    message(FATAL_ERROR "Layering broken (docs/architecture.md, \"Libraries\"):\n  ${text}")
endif()
message(STATUS "Layering holds: shared folders include no device code; server and demo platform link no device library")
