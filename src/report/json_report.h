// The --json report: docs/report.md (docs/report.schema.json) is the contract. Field names
// are camelCase; the contract's fields are always present (chrome and
// scenario only when there is something to say), the extras only when set.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report {

inline constexpr int kSchemaVersion = 1;

// {schemaVersion, tool {name, version}, summary, findings[], notes[]}.
// Every string is valid UTF-8 (invalid bytes become U+FFFD), so dumping the
// result never throws.
nlohmann::json report_to_json(const Report& report, std::string_view tool_version);

// report_to_json(combined) plus "scenarios": one entry per scenario run
// {name, file, repeat, repeats, seconds, outcome, findings, failures,
// tolerated, error}.
nlohmann::json run_to_json(const std::vector<ScenarioRun>& runs, const Report& combined,
                           std::string_view tool_version);

// One finding as the report writes it (docs/report.md's fields, then the extras).
nlohmann::json finding_to_json(const Finding& finding);

// "passed", "failed", "error".
std::string_view outcome_name(ScenarioRun::Outcome outcome);

// The text of a report file: indented by 2, ending in a newline.
std::string json_text(const nlohmann::json& json);

}  // namespace silentcors::report
