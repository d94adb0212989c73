// The HTML report's fixed style and script: constants, so that the script's
// CSP hash is known and no value of a run can ever reach either.
#pragma once

#include <string_view>

namespace silentcors::report {

extern const std::string_view kHtmlStyle;
// Filters by outcome, kind and text over elements marked data-filter
// (finding cards, runs) and data-row (waterfall rows). The filter form is
// hidden until this runs, so a page without JavaScript shows everything.
extern const std::string_view kHtmlScript;

}  // namespace silentcors::report
