# The schema is no rubber stamp: a real report (analyze INPUT) matches it,
# and each change below, something the writer never writes, must be refused
# by scripts/validate-report with its message.
# cmake -DSILENTCORS=... -DVALIDATE=... -DSCHEMA=... -DINPUT=... -DOUT=DIR -P schema_rejects.cmake
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
execute_process(COMMAND "${SILENTCORS}" analyze "${INPUT}" --json "${OUT}/good.json"
  RESULT_VARIABLE exit_code OUTPUT_QUIET ERROR_QUIET TIMEOUT 60)
if(NOT EXISTS "${OUT}/good.json")
  message(FATAL_ERROR "analyze ${INPUT} wrote no report (exit ${exit_code})")
endif()
file(READ "${OUT}/good.json" good)
execute_process(COMMAND "${VALIDATE}" "${SCHEMA}" "${OUT}/good.json" RESULT_VARIABLE valid ERROR_VARIABLE errors)
if(NOT valid STREQUAL "0")
  message(FATAL_ERROR "the unchanged report should match:\n${errors}")
endif()

# NAME, a regex its error must match, the change (string(JSON ... SET/REMOVE) arguments).
set(names "")
function(expect_refused name expected)
  string(JSON changed ${ARGN})
  file(WRITE "${OUT}/${name}.json" "${changed}")
  set(names ${names} ${name} PARENT_SCOPE)
  set(expected_${name} "${expected}" PARENT_SCOPE)
endfunction()

expect_refused(unknown-top-level-field ": /: Additional properties are not allowed \\('colour' was unexpected\\)"
  SET "${good}" colour "\"red\"")
expect_refused(unknown-finding-field ": /findings/0: Additional properties are not allowed \\('colour' was unexpected\\)"
  SET "${good}" findings 0 colour "\"red\"")
expect_refused(unknown-summary-field ": /summary: Additional properties" SET "${good}" summary colour 1)
expect_refused(unknown-kind ": /findings/0/kind: 'header-refused' is not one of"
  SET "${good}" findings 0 kind "\"header-refused\"")
expect_refused(warning-severity-on-an-error-kind ": /findings/0/severity: 'error' was expected"
  SET "${good}" findings 0 severity "\"warning\"")
expect_refused(missing-fix ": /findings/0: 'fix' is a required property" REMOVE "${good}" findings 0 fix)
expect_refused(missing-notes ": /: 'notes' is a required property" REMOVE "${good}" notes)
expect_refused(negative-count ": /summary/requests: -1 is less than the minimum of 0" SET "${good}" summary requests -1)
expect_refused(status-as-string ": /findings/0/status: '204' is not of type 'integer'"
  SET "${good}" findings 0 status "\"204\"")
expect_refused(unknown-server ": /findings/0/server/name: 'iis' is not one of"
  SET "${good}" findings 0 server name "\"iis\"")
expect_refused(schema-version-2 ": /schemaVersion: 1 was expected" SET "${good}" schemaVersion 2)
expect_refused(unknown-p-method ": /findings/0/intermittent/pMethod: 'chi-square' is not one of"
  SET "${good}" findings 0 intermittent
  [=[{"failed": 1, "total": 2, "explainedBy": [], "present": {"failed": 0, "ok": 0}, "absent": {"failed": 1, "ok": 1},
      "pValue": null, "pMethod": "chi-square", "pAdjustment": {"headerSets": 1, "looks": 1}, "rate": 0.5,
      "rateInterval": [0.1, 0.9], "projectedRateAtFullSampling": null}]=])

# One validator run for them all: each file must be named with its error.
set(files "")
foreach(name IN LISTS names)
  list(APPEND files "${OUT}/${name}.json")
endforeach()
execute_process(COMMAND "${VALIDATE}" "${SCHEMA}" ${files} RESULT_VARIABLE valid ERROR_VARIABLE errors)
set(failures "")
if(NOT valid STREQUAL "1")
  set(failures "\nvalidate-report exited ${valid}, expected 1")
endif()
foreach(name IN LISTS names)
  if(NOT errors MATCHES "/${name}\\.json${expected_${name}}")
    set(failures "${failures}\n${name}: no error matching \"${expected_${name}}\"")
  endif()
endforeach()
if(failures)
  message(FATAL_ERROR "the schema accepted or misjudged what the writer never writes:${failures}\n\n${errors}")
endif()
