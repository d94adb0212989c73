// A propagation setting that does not do what the team means: `audit`'s
// pattern hygiene (scenario/target_hygiene.h reads the setting,
// audit_matrix.h what it decorated). report.json audit.patterns[].
#pragma once

#include <string>

namespace silentcors {

struct PatternWarning {
  std::string sdk;
  std::string target;   // As written: the string, or "/source/flags"; for
                        // third-party, the whole setting.
  std::string problem;  // backtracking, unescaped-dot, over-match, never-matches, third-party
  std::string message;  // Why, in the SDK's own terms, and what to write instead.
  // A URL that shows it (decorated though not meant, or not decorated
  // though meant); "" when none can be given honestly.
  std::string example;
};

}  // namespace silentcors
