// libFuzzer target: one input is a scenario file. Every input either parses
// or gives errors that name a position; a crash, a sanitizer report or an
// exception out of the parser is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/scenario_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silentcors::scenario;
  ParseResult result = parse_scenario(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
  size_t words = 0;
  for (const auto& error : result.errors) words += format(error).size();
  // The contract of ParseResult: a scenario exactly when there is no error.
  if (result.scenario.has_value() != result.errors.empty()) __builtin_trap();
  return words == static_cast<size_t>(-1) ? 1 : 0;
}
