// What `audit` runs: each target (a URL, or a scenario whose steps drive the
// flow) once as it is (the baseline) and once per SDK with exactly that
// SDK's headers on every request it would decorate, sampled at 1 (the worst
// case). Decided before any browser starts.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runs/run_plan.h"
#include "scenario/tracing_sdks.h"

namespace silentcors::runs {

struct AuditRunPlan {
  std::vector<PlannedScenario> runs;  // Target by target: its baseline, then its SDKs in order.
  // Per run: the SDK it rehearses ("" for a baseline) and its target's index.
  std::vector<std::string> sdk_of;
  std::vector<std::size_t> target_of;
  std::vector<std::string> target_names;
  std::vector<std::string> errors;  // Bad targets, located; nothing runs unless empty.
};

// `targets`: URLs (http or https) and scenario files. A scenario's own
// tracing rehearsal and repeat are set aside: the audit decides both.
AuditRunPlan plan_audit(const std::vector<std::string>& targets, const std::vector<const scenario::TracingSdk*>& sdks,
                        const scenario::SdkConfig& config);

}  // namespace silentcors::runs
