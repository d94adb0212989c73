// An intermittent finding's numbers as a person reads them: the 2x2 tables
// (requests, and runs when there were several), the flake rate with its
// Wilson interval and the projection at full sampling on a small inline
// SVG scale, the p-value, and the runs as a strip (failed or not, carried
// the header or not).
#pragma once

#include <string>

#include "analysis/report_model.h"

namespace silentcors::report {

std::string html_intermittency(const Intermittency& intermittency);

}  // namespace silentcors::report
