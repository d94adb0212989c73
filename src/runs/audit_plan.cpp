#include "runs/audit_plan.h"

namespace silentcors::runs {

namespace {

bool is_url(const std::string& target) { return target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0; }

PlannedScenario url_target(const std::string& url) {
  PlannedScenario planned;
  planned.scenario.file = "(command line)";
  planned.scenario.name = url;
  planned.scenario.url = url;
  planned.scenario.expect.from_scenario_file = false;
  return planned;
}

PlannedScenario variant(const PlannedScenario& target, const std::string& label, std::optional<scenario::Tracing> tracing) {
  PlannedScenario planned = target;
  planned.scenario.name = target.scenario.name + " [" + label + "]";
  planned.scenario.tracing = std::move(tracing);
  planned.scenario.repeat = 1;
  planned.repeat = 1;
  planned.indices.clear();
  planned.slug = slug(planned.scenario.name);
  return planned;
}

}  // namespace

AuditRunPlan plan_audit(const std::vector<std::string>& targets, const std::vector<const scenario::TracingSdk*>& sdks,
                        const scenario::SdkConfig& config) {
  AuditRunPlan audit;
  std::vector<PlannedScenario> planned_targets;
  std::vector<std::string> files;
  for (const auto& target : targets) {
    if (is_url(target)) {
      planned_targets.push_back(url_target(target));
    } else {
      files.push_back(target);
    }
  }
  if (!files.empty()) {
    // All files in one plan: scenario names and recordings made unique across them.
    RunPlan plan = plan_run(files, {});
    audit.errors = std::move(plan.errors);
    if (audit.errors.empty() && plan.scenarios.empty()) audit.errors.push_back("no scenario among the files given");
    for (auto& planned : plan.scenarios) planned_targets.push_back(std::move(planned));
  }
  for (std::size_t t = 0; t < planned_targets.size(); ++t) {
    const PlannedScenario& target = planned_targets[t];
    audit.target_names.push_back(target.scenario.name);
    const auto add = [&](PlannedScenario planned, const std::string& sdk) {
      planned.first_run = audit.runs.size();
      audit.runs.push_back(std::move(planned));
      audit.sdk_of.push_back(sdk);
      audit.target_of.push_back(t);
    };
    add(variant(target, "baseline", std::nullopt), "");
    for (const auto* sdk : sdks) {
      scenario::Tracing tracing;
      tracing.headers.assign(sdk->headers.begin(), sdk->headers.end());
      tracing.sample_ratio = 1.0;
      tracing.sdk = scenario::matching_for(*sdk, config);
      add(variant(target, std::string(sdk->name), std::move(tracing)), std::string(sdk->name));
    }
  }
  return audit;
}

}  // namespace silentcors::runs
