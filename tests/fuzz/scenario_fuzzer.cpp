// libFuzzer target: one input is a scenario file. Every input either parses
// or gives errors that name a position; a crash, a sanitizer report or an
// exception out of the parser is a finding. The same bytes also go to the
// propagateTo pattern check whole: a scenario reaches it only through a
// valid JSON string, which the fuzzer seldom makes; and to audit's pattern
// hygiene as a propagation target.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/js_regexp_syntax.h"
#include "scenario/target_hygiene.h"
#include "scenario/tracing_sdks.h"
#include "scenario/scenario_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silentcors::scenario;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // An error lies inside the pattern (its offset), or at its end.
  if (const auto error = js_regexp_syntax_error(bytes); error && error->offset > size) __builtin_trap();
  // The same bytes as a propagation target of every SDK: audit's hygiene
  // reads whatever a --sdk-config holds.
  for (const auto& sdk : tracing_sdks()) {
    SdkMatching matching{std::string(sdk.name), false, {propagation_target(bytes)}};
    for (const auto& warning : target_warnings(matching)) {
      if (warning.message.empty()) __builtin_trap();
    }
  }
  ParseResult result = parse_scenario(bytes, "fuzz.json");
  size_t words = 0;
  for (const auto& error : result.errors) words += format(error).size();
  // The contract of ParseResult: a scenario exactly when there is no error.
  if (result.scenario.has_value() != result.errors.empty()) __builtin_trap();
  return words == static_cast<size_t>(-1) ? 1 : 0;
}
