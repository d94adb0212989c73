// Small pieces the HTML report's sections share. Every function that takes
// a value escapes it; numbers are formatted here, never taken as text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/report_model.h"

namespace silentcors::report::html {

// A number for an attribute or a cell: fixed decimals, "." as the point,
// never NaN or infinity (0 instead), never in exponent form.
std::string number(double value, int decimals);

// <span class="hdr CLASS">NAME</span>, escaped.
std::string chip(std::string_view name, std::string_view css_class);

// The names of a header list as sent ("Content-Type, traceparent"), split
// on commas and trimmed; empty items dropped.
std::vector<std::string> list_items(std::string_view value);

// "failed" for error findings (they fail a run), "warning" for the rest: the
// data-outcome the filter matches.
std::string_view finding_outcome(const Finding& finding);

// The anchor of the combined report's finding card `index`.
std::string finding_anchor(std::size_t index);

}  // namespace silentcors::report::html
