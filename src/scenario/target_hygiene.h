// Pattern hygiene for `audit --sdk-config`: propagation targets that do not
// do what a team means, read with each SDK's own matching (tracing_sdks.h)
// before any page runs. Pure: a setting in, warnings out.
//
//   backtracking   a RegExp with a nested quantifier ((a+)+): a long URL that
//                  almost matches freezes the page (Faro's and Dynatrace's
//                  documentation warn of it)
//   unescaped-dot  "api.shop.example" in a RegExp: the dot matches any
//                  character, so api-shop.example is decorated too
//   over-match     a Datadog prefix without its slash (api.shop.example.evil.net),
//                  a Sentry substring (any URL carrying it in its query), an
//                  unanchored RegExp
//   never-matches  an OpenTelemetry string without a path (a normalized URL
//                  always has one), a relative or upper-case string compared
//                  with the normalized absolute URL, an Elastic origin with a path
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/pattern_warning.h"
#include "scenario/scenario.h"

namespace silentcors::scenario {

std::vector<PatternWarning> target_warnings(const SdkMatching& matching);

// The parts of a JavaScript RegExp source the checks read, exposed for tests.
// The first group holding a quantifier that is itself repeated ("(a+)+"), or "".
std::string nested_quantifier(std::string_view source);
// Offsets of unescaped dots between two letters or digits, outside classes.
std::vector<std::size_t> host_like_dots(std::string_view source);

}  // namespace silentcors::scenario
