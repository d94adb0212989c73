#include "cli/run_reports.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/output_directory.h"
#include "report/console_report.h"
#include "report/json_report.h"
#include "report/junit_xml.h"
#include "report/long_values.h"
#include "report/ci_annotations.h"
#include "report/html_report.h"
#include "report/markdown_summary.h"
#include "report/report_text.h"
#include "report/text_escape.h"
#include "report/write_file.h"

namespace silentcors::cli {

namespace fs = std::filesystem;

namespace {

// GitHub shows workflow commands as annotations on the run and the pull
// request, and the step summary on the run's page.
void announce_to_github(const std::vector<ScenarioRun>& runs, const Report& combined, const std::string& markdown) {
  const char* actions = std::getenv("GITHUB_ACTIONS");
  if (!actions || std::string(actions) != "true") return;
  std::cout << report::github_annotations(combined, runs) << std::flush;
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) {
    std::ofstream out(summary, std::ios::app);  // GitHub's file: appended to, as its other steps do.
    out << report::step_summary(markdown);
    if (!out) std::cerr << "silentcors: could not append to $GITHUB_STEP_SUMMARY (" << summary << ")\n";
  }
}

}  // namespace

Outputs outputs_from(const Args& args) {
  const fs::path dir = args.value_or("--out", "reports");
  return {args.value_or("--json", (dir / "report.json").string()),
          args.value_or("--junit", (dir / "junit.xml").string()),
          args.value_or("--markdown", (dir / "summary.md").string()),
          args.value_or("--html", (dir / "report.html").string()), args.value_or("--codequality", "")};
}

fs::path html_path_from(const Args& args) {
  if (auto html = args.value("--html")) return *html;
  if (auto dir = args.value("--out")) return fs::path(*dir) / "report.html";
  if (auto json = args.value("--json")) {
    // --json /dev/stdout or a pipe: there is no folder of reports to join.
    std::error_code ec;
    if (fs::exists(*json, ec) && !fs::is_regular_file(*json, ec)) return {};
    return fs::path(*json).parent_path() / "report.html";
  }
  return {};
}

int exit_code_of(const std::vector<ScenarioRun>& runs) {
  bool any_error = false, any_failure = false;
  for (const auto& run : runs) {
    any_error |= run.outcome == ScenarioRun::Outcome::kError;
    any_failure |= run.outcome == ScenarioRun::Outcome::kFailed;
  }
  if (any_error) return kExitInfrastructure;
  return any_failure ? kExitFindings : kExitOk;
}

bool use_color() { return isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr; }

Progress::Progress() : enabled_(isatty(STDERR_FILENO) != 0) {}

void Progress::show(const ScenarioRun& run, std::size_t number, std::size_t total) {
  if (!enabled_) return;
  std::cerr << "\r\x1b[K[" << number << "/" << total << "] running "
            << report::terminal_safe(report::run_label(run)) << "..." << std::flush;
  shown_ = true;
}

void Progress::clear() {
  if (shown_) std::cerr << "\r\x1b[K" << std::flush;
  shown_ = false;
}

namespace {

// Text from the run for the terminal: long values shortened, nothing that
// could drive the terminal.
std::string human(const std::string& text) { return report::terminal_safe(report::shorten_long_values(text)); }

}  // namespace

// The run's line, then for a failed run what to do: the fix of each
// finding that failed it (the headline first), and every other reason
// (a step that failed, an expected finding that did not appear).
void print_run(const ScenarioRun& run, const runs::Verdict& verdict, bool color) {
  std::cout << report::console_run_line(run, color) << "\n";
  if (run.outcome == ScenarioRun::Outcome::kFailed) {
    const std::size_t failing = std::min(verdict.failing.size(), run.report.findings.size());
    for (std::size_t i = 0; i < failing; ++i) {
      const Finding& finding = run.report.findings[i];
      if (i > 0) std::cout << "    also: " << human(report::finding_summary(finding)) << "\n";
      if (!finding.fix.empty()) std::cout << "    fix: " << human(finding.fix) << "\n";
    }
    // run.failures: the attempt's own (steps) first, then the verdict's.
    const std::size_t own = run.failures.size() - std::min(run.failures.size(), verdict.failures.size());
    // With no failing finding, the run line's headline is the first failure:
    // it is not said again below it.
    const bool headline_is_first_failure = verdict.failing.empty();
    for (std::size_t i = headline_is_first_failure ? 1 : 0; i < run.failures.size(); ++i) {
      const bool from_finding = i >= own && i - own < verdict.failing.size();
      if (!from_finding) std::cout << "    " << human(run.failures[i]) << "\n";
    }
  }
  std::cout << std::flush;
}

std::string closing_line(const std::vector<ScenarioRun>& runs, double seconds, bool color) {
  std::size_t passed = 0, failed = 0, errors = 0;
  for (const auto& run : runs) {
    passed += run.outcome == ScenarioRun::Outcome::kPassed;
    failed += run.outcome == ScenarioRun::Outcome::kFailed;
    errors += run.outcome == ScenarioRun::Outcome::kError;
  }
  std::string line = report::count_of(runs.size(), "scenario run", "scenario runs") + ": " +
                     std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " +
                     report::count_of(errors, "error", "errors") + " in " + report::duration(seconds);
  if (!color) return line;
  const char* style = errors || failed ? "\x1b[1;31m" : "\x1b[1;32m";
  return style + line + "\x1b[0m";
}

void make_output_directories(const Outputs& outputs) {
  // --out's directory first: when it is what cannot be made, the message
  // names --out, not the --json file that only lives in it.
  make_directory(outputs.markdown.parent_path(), "--out");
  make_directory(outputs.json.parent_path(), "--json");
  make_directory(outputs.junit.parent_path(), "--junit");
  make_directory(outputs.html.parent_path(), "--html");
  if (!outputs.codequality.empty()) make_directory(outputs.codequality.parent_path(), "--codequality");
}

void write_reports(const Outputs& outputs, const std::vector<ScenarioRun>& runs, const Report& combined,
                   const ReportHeader& header, const nlohmann::json& extra) {
  nlohmann::json json = report::run_to_json(runs, combined, SILENTCORS_VERSION);
  if (extra.is_object()) {
    for (const auto& [key, value] : extra.items()) json[key] = value;
  }
  report::write_file(outputs.json, report::json_text(json));
  report::write_file(outputs.junit, report::junit_xml(runs, "silentcors"));
  const std::string markdown = report::markdown_summary(runs, combined);
  report::write_file(outputs.markdown, markdown);
  report::HtmlInput html;
  html.command = header.command;
  html.runs = &runs;
  html.combined = &combined;
  html.exit_code = header.exit_code;
  report::write_file(outputs.html, report::html_report(html));
  if (!outputs.codequality.empty()) {
    report::write_file(outputs.codequality, report::json_text(report::gitlab_code_quality(combined, runs)));
  }
  announce_to_github(runs, combined, markdown);
}

}  // namespace silentcors::cli
