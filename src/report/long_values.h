// Long values in human-facing output (console, JUnit XML, Markdown). A 64 KB
// header value echoed whole, in every sentence that names it, made 874 KB of
// JUnit for one run. People get the start of the value and its length,
// "abcd… (65536 characters)"; report.json, for programs, keeps it whole.
//
// Values sit inside sentences the analysis already wrote, so a value here
// is a run of text without whitespace (header values, URLs, tokens), less
// the punctuation around it; a text still too long after that (a long list
// with spaces) is cut as a whole. Every human-facing writer calls this.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report {

// A value of more characters than this is shortened...
inline constexpr std::size_t kLongValueCharacters = 256;
// ...to this many, then "…" and its length.
inline constexpr std::size_t kShownValueCharacters = 64;
// A whole text of more characters than this (after its values are
// shortened) is cut to this many, then "…" and its length.
inline constexpr std::size_t kLongTextCharacters = 2048;

// `text` with every long value shortened; short text is returned as it is,
// and shortening twice changes nothing more. Characters are UTF-8 ones.
std::string shorten_long_values(std::string_view text);

// Copies with every string shortened, for the writers to lay out.
Finding shorten_long_values(const Finding& finding);
Report shorten_long_values(const Report& report);
ScenarioRun shorten_long_values(const ScenarioRun& run);
std::vector<ScenarioRun> shorten_long_values(const std::vector<ScenarioRun>& runs);

}  // namespace silentcors::report
