// The exit codes other tools depend on (docs/exit-codes.md).
#pragma once

#include <csignal>
#include <string>

namespace silentcors::cli {

enum ExitCode : int {
  kExitOk = 0,              // Nothing failed.
  kExitFindings = 1,        // A CORS finding of error severity, or an unmet expectation.
  kExitBadInput = 2,        // Bad usage, unreadable or invalid scenario or recording.
  kExitInfrastructure = 3,  // The browser would not start, crashed, or DevTools broke.
};

// A run stopped by SIGINT/SIGTERM exits as the shell expects: 128 + signal.
inline int exit_code_for_signal(int signal) { return 128 + signal; }

// "SIGINT", "SIGTERM", else "signal N": how reports name what stopped a run.
inline std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

}  // namespace silentcors::cli
