// Which request header explains an endpoint's intermittent CORS failures,
// and how sure that is. The unit of chance is the run (a page load), not the
// request: real tracing SDKs sample per session (Datadog RUM, CloudWatch
// RUM), so the requests of one run carry a header together or not at all,
// and counting them as independent would over-claim. So every p-value here
// comes from a test that treats runs as the independent units, and is
// adjusted for the header sets tried and for the looks an early stop takes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analysis/report_model.h"

namespace silentcors {

// One run's requests to one endpoint.
struct RunOutcomes {
  uint64_t failed = 0;
  uint64_t ok = 0;
  std::map<std::string, OutcomeCounts> with_header;  // Requests that carried each header.
};

struct AttributionOptions {
  // How many times a stopping rule may look at the numbers and stop (triage
  // checks after every run): the p-value is multiplied by it, so that
  // looking often does not make chance look like a cause.
  uint64_t looks = 1;
};

// An adjusted p-value below this explains the failures. With it, a triage
// whose failures do not depend on any header says "explained" in at most 1%
// of cases, however it samples and however often it looks (proved by
// simulation in attribution_simulation_test.cpp).
inline constexpr double kExplainedBelow = 0.01;

// `runs`: one entry per run that called the endpoint, in run order.
Intermittency attribute(const std::vector<RunOutcomes>& runs, const AttributionOptions& options = {});

}  // namespace silentcors
