// One run's requests as a waterfall table: start, duration, method, URL,
// status or error, the finding each produced, and a bar on a shared time
// scale. Each preflight sits just above the request it was for, the two
// joined by a bracket in one group; failed requests are marked red.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "analysis/report_model.h"

namespace silentcors::report {

// `findings`: the findings the timeline's indexes point into; `anchor_of`
// gives the link for one of them ("" for no link).
std::string html_waterfall(const RunTimeline& timeline, const std::vector<Finding>& findings,
                           const std::function<std::string(std::size_t)>& anchor_of);

}  // namespace silentcors::report
