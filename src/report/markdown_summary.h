// A CI job summary in GitHub-flavoured Markdown ($GITHUB_STEP_SUMMARY,
// GitLab's Markdown artefacts): a title with the overall verdict, a table of
// scenario runs, the runs that did not pass, then every finding of the
// combined report with its evidence and fix in plain sentences.
#pragma once

#include <string>
#include <vector>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report {

// Untrusted text is escaped (markdown_text / markdown_code), so a URL or a
// server message can neither break the table nor add markup.
std::string markdown_summary(const std::vector<ScenarioRun>& runs, const Report& combined);

}  // namespace silentcors::report
