# Fails when a source file includes a header of a higher layer.
#
# The layers, lowest first; a module may include its own headers and those of
# the modules before it. Tests (*_test.cc) and their fixtures may reach
# higher, as they wire real parts together.
#   cmake -DSOURCE_DIR=<repo>/src -P check_layers.cmake
set(LAYERS common http web auth domain storage services ingest metrics notify
           api cli)
set(problems "")
foreach(module IN LISTS LAYERS)
  list(FIND LAYERS ${module} level)
  file(GLOB_RECURSE files ${SOURCE_DIR}/${module}/*.h ${SOURCE_DIR}/${module}/*.cc)
  foreach(file IN LISTS files)
    if(file MATCHES "_test\\.cc$" OR file MATCHES "_test_fixture\\.h$"
       OR file MATCHES "/scratch_database\\.")
      continue()
    endif()
    file(STRINGS ${file} includes REGEX "^#include \"[a-z_]+/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" target "${line}")
      list(FIND LAYERS ${target} target_level)
      if(target_level GREATER level)
        file(RELATIVE_PATH shown ${SOURCE_DIR} ${file})
        string(APPEND problems "\n  ${shown}: ${line} (${module} is below ${target})")
      endif()
    endforeach()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "Includes that go up the layers (${LAYERS}):${problems}")
endif()
