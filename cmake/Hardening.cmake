# One place for warnings, hardening and sanitizer flags; every target gets them through tongqian_harden().
add_library(tongqian_hardening INTERFACE)
target_compile_options(tongqian_hardening INTERFACE
    -Wall -Wextra -Wpedantic -Wformat=2 -Werror=format-security -Wnon-virtual-dtor -Wcast-align
    -fstack-protector-strong -fstack-clash-protection -fcf-protection)
target_compile_definitions(tongqian_hardening INTERFACE $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
target_link_options(tongqian_hardening INTERFACE -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)
if(TONGQIAN_WERROR)
    target_compile_options(tongqian_hardening INTERFACE -Werror)
endif()
if(TONGQIAN_SANITIZE)
    target_compile_options(tongqian_hardening INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                           -fno-sanitize-recover=undefined)
    target_link_options(tongqian_hardening INTERFACE -fsanitize=address,undefined)
endif()

if(TONGQIAN_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT TONGQIAN_SANITIZE)
        message(FATAL_ERROR "TONGQIAN_FUZZ needs clang (libFuzzer) and TONGQIAN_SANITIZE=ON; use the asan preset")
    endif()
    # Coverage for libFuzzer in every library and test; only the fuzz targets link libFuzzer's main
    # (tests/fuzz), so the same build serves the sanitizer suites and the fuzzers.
    target_compile_options(tongqian_hardening INTERFACE -fsanitize=fuzzer-no-link)
    target_link_options(tongqian_hardening INTERFACE -fsanitize=fuzzer-no-link)
endif()

function(tongqian_harden target)
    target_link_libraries(${target} PRIVATE tongqian_hardening)
endfunction()
