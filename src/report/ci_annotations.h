// What CI systems show in their own places. GitHub Actions: a workflow
// command per finding (::error / ::warning with file and title), shown on
// the run and in the pull request. GitLab: Code Quality JSON, shown in the
// merge request (fingerprints stable across runs, so GitLab can tell new
// findings from old ones).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report {

// One "::error file=...,line=1,title=...::message" line per error finding
// of `combined` and "::warning ..." per warning, each placed on the file of
// the scenario that found it. Escaped as GitHub requires.
std::string github_annotations(const Report& combined, const std::vector<ScenarioRun>& runs);

// GitLab's Code Quality report (an array of issues).
nlohmann::json gitlab_code_quality(const Report& combined, const std::vector<ScenarioRun>& runs);

// GitHub's step summary takes at most 1 MiB: `markdown`, shortened with a
// note saying so when it is longer than `limit`.
std::string step_summary(const std::string& markdown, std::size_t limit = 1024 * 1024);

}  // namespace silentcors::report
