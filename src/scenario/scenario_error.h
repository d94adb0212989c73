// One problem in a scenario file, located precisely enough to fix it without
// reading C++: `checkout.json:4:12: steps[1].click: expected a string (CSS selector), got number`.
#pragma once

#include <string>

namespace silentcors::scenario {

struct ScenarioError {
  std::string file;
  int line = 0;       // 1-based; 0 when the problem is the file itself (unreadable)
  int column = 0;     // 1-based, in characters
  std::string field;  // JSON path such as `steps[2].selector`; "" for the document as a whole
  std::string message;

  friend bool operator==(const ScenarioError&, const ScenarioError&) = default;
};

// `FILE:LINE:COLUMN: FIELD: MESSAGE`, the form compilers use, so editors and
// CI logs turn it into a link. Parts that do not apply are left out rather
// than printed empty: `FILE:LINE:COLUMN: MESSAGE` when there is no field,
// `FILE: MESSAGE` when there is no position.
std::string format(const ScenarioError& error);

}  // namespace silentcors::scenario
