// Whether `new RegExp(source)` (no flags) would throw in the page: the
// tracing rehearsal compiles each propagateTo pattern that way, and a
// pattern that throws rehearsed nothing while the run passed (issue 18).
//
// The grammar is ECMAScript's pattern grammar as browsers run it without
// the u or v flag (Annex B, "web compatibility"), which is lenient: a lone
// `]`, `{` or `}` is a character, `\k` and `\1` may be plain escapes, a
// lookahead may be quantified. The check only reports what Chromium (V8's
// irregexp) refuses; where a rule is not certain it accepts, so that a
// pattern the browser takes is never called wrong. tests/e2e proves the
// verdicts against real Chromium.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace silentcors::scenario {

struct RegExpSyntaxError {
  std::size_t offset = 0;  // Byte offset into the source where it went wrong.
  std::string message;     // As V8 words it: "Unterminated group".
};

std::optional<RegExpSyntaxError> js_regexp_syntax_error(std::string_view source);

}  // namespace silentcors::scenario
