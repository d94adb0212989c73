// The HTML report (report.html): one self-contained page a person opens
// from a CI artefact. The verdict, every finding with the refused headers
// against what the server allowed, the fix and its snippet, what Chromium
// said, the flake statistics as small charts, and each run's requests on a
// waterfall. Readable without JavaScript; its one inline script (allowed by
// hash in the page's Content-Security-Policy, which also forbids any
// network access) adds filters. Every value is escaped (html_escape.h).
#pragma once

#include <string>
#include <vector>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report {

struct HtmlInput {
  std::string command;  // run, triage, analyze, watch: the page's title.
  const std::vector<ScenarioRun>* runs = nullptr;  // run, triage, watch; analyze has none.
  const Report* combined = nullptr;
  int exit_code = 0;
  // triage: its verdict in sentences, shown under the header.
  std::vector<std::string> verdict_lines;
  // A section of the command's own before the findings (audit: its
  // matrix), built with html_text() for every value.
  std::string section_html;
};

std::string html_report(const HtmlInput& input);

// The page's start up to <body>: its Content-Security-Policy (only the
// report's own script may run, nothing may be fetched), its style, `title`.
std::string html_page_head(const std::string& title);

// What an exit code means, in the words of the command-line contract.
std::string exit_code_meaning(int exit_code);

}  // namespace silentcors::report
