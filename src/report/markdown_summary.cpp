#include "report/markdown_summary.h"

#include <algorithm>
#include <string_view>

#include "report/long_values.h"
#include "report/report_text.h"
#include "report/text_escape.h"

namespace silentcors::report {
namespace {

// A fenced code block whose fence no run of backticks in `text` can close
// (header names may contain backticks). Its lines are shown as the console
// shows them: a control character from a server (ESC, BEL, CR) is written
// \xNN, never sent to the terminal that `cat`s the file.
std::string fenced(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string body = terminal_safe_lines(text);
  return "  " + fence + "\n" + indent(body, "  ") + "\n  " + fence + "\n";
}

constexpr std::string_view kPass = "✅";
constexpr std::string_view kFail = "❌";
constexpr std::string_view kError = "⚠️";

std::string status_cell(const ScenarioRun& run) {
  switch (run.outcome) {
    // Passed while the network was still busy at timeoutMs: the console's
    // PASS?, never a plain green.
    case ScenarioRun::Outcome::kPassed:
      return run.unsettled.empty() ? std::string(kPass) + " PASS" : std::string(kError) + " PASS?";
    case ScenarioRun::Outcome::kFailed: return std::string(kFail) + " FAIL";
    case ScenarioRun::Outcome::kError: return std::string(kError) + " ERROR";
  }
  return "";
}

std::string title(const std::vector<ScenarioRun>& runs, const Report& combined) {
  std::size_t failed = 0;
  std::size_t errors = 0;
  for (const auto& run : runs) {
    failed += run.outcome == ScenarioRun::Outcome::kFailed;
    errors += run.outcome == ScenarioRun::Outcome::kError;
  }
  const std::string of_total = " of " + count_of(runs.size(), "scenario run", "scenario runs");
  if (runs.empty()) {
    // No request seen is no pass: nothing was checked.
    if (!combined.summary.errors && combined.summary.requests == 0) {
      return std::string(kError) + " silentcors: nothing was checked (no request was seen)";
    }
    return combined.summary.errors ? std::string(kFail) + " silentcors: CORS errors found"
                                   : std::string(kPass) + " silentcors: no CORS errors";
  }
  if (failed == 0 && errors == 0) {
    const std::string all = runs.size() == 1 ? "" : "all ";
    const auto doubtful = std::count_if(runs.begin(), runs.end(), [](const ScenarioRun& run) { return !run.unsettled.empty(); });
    if (doubtful) {
      return std::string(kError) + " silentcors: " + all + count_of(runs.size(), "scenario run", "scenario runs") +
             " passed, " + std::to_string(doubtful) + " with the network still busy at its timeout (PASS?)";
    }
    return std::string(kPass) + " silentcors: " + all +
           count_of(runs.size(), "scenario run", "scenario runs") + " passed";
  }
  std::vector<std::string> parts;
  if (failed) parts.push_back(std::to_string(failed) + " failed");
  if (errors) parts.push_back(std::to_string(errors) + " could not run");
  return std::string(failed ? kFail : kError) + " silentcors: " + join(parts, ", ") + of_total;
}

void append_table(std::string& out, const std::vector<ScenarioRun>& runs) {
  out += "| Status | Scenario | Run | Duration | Findings |\n";
  out += "|---|---|---|---|---|\n";
  for (const auto& run : runs) {
    out += "| " + status_cell(run) + " | " + markdown_text(run.scenario) + " | " +
           std::to_string(run.repeat_index) + "/" + std::to_string(run.repeat_count) + " | " +
           duration(run.seconds) + " | " + std::to_string(run.report.findings.size()) + " |\n";
  }
}

void append_runs_not_passed(std::string& out, const std::vector<ScenarioRun>& runs) {
  bool any = false;
  for (const auto& run : runs) {
    if (run.outcome == ScenarioRun::Outcome::kPassed) continue;
    if (!any) out += "\n### Runs that did not pass\n\n";
    any = true;
    out += "- **" + markdown_text(run_label(run)) + "**";
    if (!run.file.empty()) out += " (" + markdown_code(run.file) + ")";
    if (run.outcome == ScenarioRun::Outcome::kError) {
      out += ": could not run: " +
             markdown_text(run.error.empty() ? std::string("infrastructure error") : run.error);
      out += "\n";
      continue;
    }
    out += "\n";
    for (const auto& failure : run.failures) out += "  - " + markdown_text(failure) + "\n";
    if (run.failures.empty()) {
      const auto failing = failing_findings(run);
      if (!failing.empty()) out += "  - " + markdown_text(finding_summary(*failing.front())) + "\n";
    }
  }
}

void append_finding(std::string& out, const Finding& f) {
  const bool error = f.severity == "error";
  out += "\n#### " + std::string(error ? kFail : kError) + " " + markdown_text(name_of(f.kind)) + ": " +
         markdown_code(f.method + " " + f.url) + "\n\n";
  if (!f.headers.empty()) {
    std::vector<std::string> headers;
    for (const auto& h : f.headers) headers.push_back(markdown_code(h));
    out += "- **Headers:** " + join(headers, ", ") + "\n";
  }
  if (!f.origin.empty()) out += "- **Origin:** " + markdown_code(f.origin) + "\n";
  std::string seen = count_of(f.occurrences, "occurrence", "occurrences");
  if (!f.scenario.empty()) seen += " in " + markdown_text(f.scenario);
  out += "- **Seen:** " + seen + "\n";
  out += "- **Why:** " + markdown_text(f.message) + "\n";
  if (const std::string chrome = chrome_sentence(f); !chrome.empty()) {
    out += "- **Chromium:** " + markdown_text(chrome) + "\n";
  }
  if (!f.disagreement.empty()) out += "- **Disagreement:** " + markdown_text(f.disagreement) + "\n";
  if (const std::string evidence = preflight_sentence(f); !evidence.empty()) {
    out += "- **Server:** " + markdown_text(evidence) + "\n";
  }
  if (const std::string orphan = orphan_sentence(f); !orphan.empty()) {
    out += "- **Server logs:** " + markdown_text(orphan) + "\n";
  }
  for (const auto& a : f.also_fails) out += "- **Also fails:** " + markdown_text(a) + "\n";
  if (f.intermittent) {
    out += "- **Intermittent:** " + markdown_text(intermittency_sentence(*f.intermittent)) + "\n";
  }
  out += "- **Fix:** " + markdown_text(f.fix) + "\n";
  if (f.fix_snippet) {
    const bool known = f.server && f.server->confidence != "unknown";
    out += known ? "- **Fix for " + markdown_text(f.fix_snippet->server) + "** (" + markdown_text(f.server->evidence) +
                       "):\n\n"
                 : std::string("- **Fix, as headers** (server unknown: `--server ORIGIN=KIND` names it):\n\n");
    out += fenced(f.fix_snippet->text) + "\n";
  }
}

}  // namespace

std::string markdown_summary(const std::vector<ScenarioRun>& full_runs, const Report& full_combined) {
  const std::vector<ScenarioRun> runs = shorten_long_values(full_runs);
  const Report combined = shorten_long_values(full_combined);
  std::string out = "## " + title(runs, combined) + "\n\n";
  out += markdown_text(summary_sentence(combined.summary)) + "\n";
  if (!runs.empty()) {
    out += "\n";
    append_table(out, runs);
  }
  append_runs_not_passed(out, runs);

  bool errors = false;
  bool warnings = false;
  for (const auto& f : combined.findings) (f.severity == "error" ? errors : warnings) = true;
  if (errors) {
    out += "\n### Failures\n";
    for (const auto& f : combined.findings) {
      if (f.severity == "error") append_finding(out, f);
    }
  }
  if (warnings) {
    out += "\n### Warnings\n";
    for (const auto& f : combined.findings) {
      if (f.severity != "error") append_finding(out, f);
    }
  }
  if (!combined.notes.empty()) {
    out += "\n### Notes\n\n";
    for (const auto& note : combined.notes) out += "- " + markdown_text(note) + "\n";
  }
  return out;
}

}  // namespace silentcors::report
