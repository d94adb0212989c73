#include "scenario/scenario_error.h"

namespace silentcors::scenario {

std::string format(const ScenarioError& error) {
  std::string out = error.file;
  if (error.line > 0) out += ":" + std::to_string(error.line) + ":" + std::to_string(error.column);
  out += ": ";
  if (!error.field.empty()) out += error.field + ": ";
  out += error.message;
  return out;
}

}  // namespace silentcors::scenario
