// libFuzzer target: one input is a scenario file. Every input either parses
// or gives errors that name a position; a crash, a sanitizer report or an
// exception out of the parser is a finding. The same bytes also go to the
// propagateTo pattern check whole: a scenario reaches it only through a
// valid JSON string, which the fuzzer seldom makes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/js_regexp_syntax.h"
#include "scenario/scenario_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silentcors::scenario;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // An error lies inside the pattern (its offset), or at its end.
  if (const auto error = js_regexp_syntax_error(bytes); error && error->offset > size) __builtin_trap();
  ParseResult result = parse_scenario(bytes, "fuzz.json");
  size_t words = 0;
  for (const auto& error : result.errors) words += format(error).size();
  // The contract of ParseResult: a scenario exactly when there is no error.
  if (result.scenario.has_value() != result.errors.empty()) __builtin_trap();
  return words == static_cast<size_t>(-1) ? 1 : 0;
}
