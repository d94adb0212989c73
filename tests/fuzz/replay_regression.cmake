# Replays one regression input: `silentcors analyze NAME.jsonl`, run in the
# regressions folder (so messages name the file as the expectations do),
# must exit with NAME.exit and print exactly NAME.stderr on standard error,
# and, where NAME.stdout exists (an input that was misread, not refused),
# exactly NAME.stdout on standard output.
# cmake -DSILENTCORS=... -DDIR=... -DNAME=... -P replay_regression.cmake
foreach(expected IN ITEMS "${DIR}/${NAME}.exit" "${DIR}/${NAME}.stderr")
  if(NOT EXISTS "${expected}")
    # No silent pass: an input without its expectations is a mistake.
    message(FATAL_ERROR "${expected} is missing: every regression input states what silentcors must do with it")
  endif()
endforeach()
file(READ "${DIR}/${NAME}.exit" expected_exit)
string(STRIP "${expected_exit}" expected_exit)
file(READ "${DIR}/${NAME}.stderr" expected_stderr)
execute_process(COMMAND "${SILENTCORS}" analyze "${NAME}.jsonl"
  WORKING_DIRECTORY "${DIR}"
  RESULT_VARIABLE exit_code OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 60)
if(NOT exit_code STREQUAL expected_exit)
  message(FATAL_ERROR "${NAME}.jsonl: exit ${exit_code}, expected ${expected_exit}; stderr:\n${stderr}")
endif()
if(NOT stderr STREQUAL expected_stderr)
  message(FATAL_ERROR "${NAME}.jsonl: stderr differs.\nexpected:\n${expected_stderr}\ngot:\n${stderr}")
endif()
if(EXISTS "${DIR}/${NAME}.stdout")
  file(READ "${DIR}/${NAME}.stdout" expected_stdout)
  if(NOT stdout STREQUAL expected_stdout)
    message(FATAL_ERROR "${NAME}.jsonl: stdout differs.\nexpected:\n${expected_stdout}\ngot:\n${stdout}")
  endif()
endif()
