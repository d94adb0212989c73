# `silentcors analyze INPUT --json OUT`, then OUT must match the report schema.
# An input analyze refuses (exit 2: the fuzz regressions' bad input) must
# leave no report behind; any other exit must have written one.
# cmake -DSILENTCORS=... -DVALIDATE=... -DSCHEMA=... -DINPUT=... -DOUT=... -P analyze_matches_schema.cmake
get_filename_component(dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
file(REMOVE "${OUT}")
execute_process(COMMAND "${SILENTCORS}" analyze "${INPUT}" --json "${OUT}"
  RESULT_VARIABLE exit_code OUTPUT_QUIET ERROR_VARIABLE stderr TIMEOUT 60)
if(exit_code STREQUAL "2")
  if(EXISTS "${OUT}")
    message(FATAL_ERROR "${INPUT}: exit 2 (bad input), yet a report was written to ${OUT}")
  endif()
  message(STATUS "${INPUT}: bad input (exit 2), no report: nothing to check")
  return()
endif()
if(NOT exit_code MATCHES "^[01]$")
  message(FATAL_ERROR "${INPUT}: analyze exited ${exit_code}:\n${stderr}")
endif()
if(NOT EXISTS "${OUT}")
  message(FATAL_ERROR "${INPUT}: analyze exited ${exit_code} but wrote no report to ${OUT}")
endif()
execute_process(COMMAND "${VALIDATE}" "${SCHEMA}" "${OUT}" RESULT_VARIABLE valid ERROR_VARIABLE errors OUTPUT_QUIET)
if(NOT valid STREQUAL "0")
  message(FATAL_ERROR "${INPUT}: its report does not match the schema (validate-report exit ${valid}):\n${errors}")
endif()
