#include "report/html_report.h"

#include <map>
#include <set>

#include "analysis/url_parts.h"
#include "report/html_assets.h"
#include "report/html_escape.h"
#include "report/html_finding.h"
#include "report/html_parts.h"
#include "report/html_waterfall.h"
#include "report/long_values.h"
#include "report/report_text.h"
#include "report/sha256.h"

namespace silentcors::report {

namespace {

// What a run's finding and the combined report's card for it have in
// common (the aggregator's merge key, less the query it drops).
std::string identity(const Finding& f) {
  std::string key = f.scenario + '\x1f' + std::string(name_of(f.kind)) + '\x1f' + f.method + '\x1f' +
                    without_query(f.url) + '\x1f' + f.origin;
  for (const auto& h : f.headers) key += '\x1f' + h;
  return key;
}

// Only the page's own script may run, and nothing may be fetched: no
// connect, no image or font from anywhere, no form target, no <base>.
std::string content_security_policy() {
  const auto digest = sha256(kHtmlScript);
  return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" +
         base64(digest.data(), digest.size()) + "'; base-uri 'none'; form-action 'none'";
}

std::string_view run_outcome(ScenarioRun::Outcome outcome) {
  switch (outcome) {
    case ScenarioRun::Outcome::kPassed: return "passed";
    case ScenarioRun::Outcome::kFailed: return "failed";
    case ScenarioRun::Outcome::kError: return "error";
  }
  return "error";
}

struct Counts {
  std::size_t passed = 0, failed = 0, errors = 0;
};

Counts count(const std::vector<ScenarioRun>& runs) {
  Counts c;
  for (const auto& run : runs) {
    c.passed += run.outcome == ScenarioRun::Outcome::kPassed;
    c.failed += run.outcome == ScenarioRun::Outcome::kFailed;
    c.errors += run.outcome == ScenarioRun::Outcome::kError;
  }
  return c;
}

std::string count_box(std::uint64_t n, const std::string& label, bool bad) {
  return "<span class=\"count" + std::string(bad && n ? " bad" : "") + "\"><b>" + std::to_string(n) + "</b>" +
         html_text(label) + "</span>";
}

std::string header(const HtmlInput& in, const std::vector<ScenarioRun>& runs, const Report& combined) {
  const Counts c = count(runs);
  const bool failed = in.exit_code != 0;
  std::string title;
  if (!runs.empty()) {
    title = failed ? (c.failed ? std::to_string(c.failed) + " of " + count_of(runs.size(), "run", "runs") + " failed"
                               : std::to_string(c.errors) + " of " + count_of(runs.size(), "run", "runs") +
                                     " could not run")
                   : (runs.size() == 1 ? "1 run passed" : "all " + std::to_string(runs.size()) + " runs passed");
  } else {
    title = combined.summary.errors                ? "CORS errors found"
            : combined.summary.requests == 0 ? "nothing was checked (no request was seen)"
                                             : "no CORS errors";
  }
  std::string out = "<header class=\"verdict" + std::string(failed ? " failed" : "") + "\"><h1>silentcors " +
                    html_text(in.command) + ": " + html_text(title) + "</h1><div class=\"counts\">";
  if (!runs.empty()) {
    out += count_box(c.passed, "passed", false) + count_box(c.failed, "failed", true) +
           count_box(c.errors, "could not run", true);
  }
  out += count_box(combined.summary.cors_failures, "CORS failures", true) +
         count_box(combined.summary.errors, "error findings", true) +
         count_box(combined.summary.warnings, "warnings", false) +
         count_box(combined.summary.requests, "requests", false) + "</div>";
  out += "<p>Exit code <b class=\"exit\">" + std::to_string(in.exit_code) + "</b>: " +
         html_text(exit_code_meaning(in.exit_code)) + "</p>";
  out += "<p class=\"muted\">" + html_text(summary_sentence(combined.summary)) + "</p>";
  if (!in.verdict_lines.empty()) {
    out += "<ul class=\"verdict-lines\">";
    for (const auto& line : in.verdict_lines) out += "<li>" + html_text(line) + "</li>";
    out += "</ul>";
  }
  return out + "</header>";
}

std::string filters(const Report& combined) {
  std::set<std::string> kinds;
  for (const auto& f : combined.findings) kinds.emplace(name_of(f.kind));
  std::string out =
      "<form class=\"filters\" id=\"filters\" hidden><label>Outcome <select id=\"f-outcome\">"
      "<option value=\"\">all</option><option value=\"failed\">failed</option><option value=\"passed\">passed</option>"
      "<option value=\"error\">could not run</option><option value=\"warning\">warnings</option></select></label>"
      "<label>Kind <select id=\"f-kind\"><option value=\"\">all</option>";
  for (const auto& kind : kinds) out += "<option value=\"" + html_text(kind) + "\">" + html_text(kind) + "</option>";
  return out +
         "</select></label><label>Text <input type=\"search\" id=\"f-text\" placeholder=\"URL, header, message...\">"
         "</label><span id=\"f-shown\" class=\"muted\"></span></form>";
}

std::string findings_section(const Report& combined) {
  std::string out = "<section id=\"findings\"><h2>Findings</h2>";
  if (combined.findings.empty()) out += "<p>No CORS finding.</p>";
  for (std::size_t i = 0; i < combined.findings.size(); ++i) {
    out += html_finding_card(combined.findings[i], html::finding_anchor(i));
  }
  if (!combined.notes.empty()) {
    out += "<h2>Notes</h2><ul>";
    for (const auto& note : combined.notes) out += "<li>" + html_text(note) + "</li>";
    out += "</ul>";
  }
  return out + "</section>";
}

std::string kinds_of(const std::vector<Finding>& findings) {
  std::set<std::string> kinds;
  for (const auto& f : findings) kinds.emplace(name_of(f.kind));
  return join(std::vector<std::string>(kinds.begin(), kinds.end()), " ");
}

// A scenario run: its verdict, why it failed, its requests, its findings.
std::string run_section(const ScenarioRun& run, std::size_t number, bool open,
                        const std::map<std::string, std::size_t>& card_of) {
  const std::string outcome(run_outcome(run.outcome));
  auto anchor_of = [&](std::size_t index) -> std::string {
    if (index >= run.report.findings.size()) return "";
    auto it = card_of.find(identity(run.report.findings[index]));
    return it == card_of.end() ? "" : html::finding_anchor(it->second);
  };
  std::string out = "<details class=\"run " + outcome + "\" id=\"run-" + std::to_string(number) +
                    "\" data-filter=\"run\" data-outcome=\"" + outcome + "\" data-kinds=\"" +
                    html_text(kinds_of(run.report.findings)) + "\"" + (open ? " open" : "") + "><summary>";
  const std::string shown = outcome == "passed" && !run.unsettled.empty() ? "passed?" : outcome;
  out += "<span class=\"outcome " + outcome + "\">" + shown + "</span> " + html_text(run_label(run)) +
         " <span class=\"muted\">" + html_text(duration(run.seconds)) + ", " +
         html_text(count_of(run.report.findings.size(), "finding", "findings")) + "</span></summary>";
  if (!run.file.empty()) out += "<p class=\"muted\">" + html_text(run.file) + "</p>";
  if (!run.error.empty()) out += "<p><b>Could not run:</b> " + html_text(run.error) + "</p>";
  if (!run.unsettled.empty()) out += "<p><b>Unsettled:</b> " + html_text(run.unsettled) + "</p>";
  if (!run.failures.empty()) {
    out += "<ul class=\"failures\">";
    for (const auto& failure : run.failures) out += "<li>" + html_text(failure) + "</li>";
    out += "</ul>";
  }
  for (const auto& timeline : run.report.timelines) out += html_waterfall(timeline, run.report.findings, anchor_of);
  if (!run.report.findings.empty()) {
    out += "<ul class=\"refs\">";
    for (std::size_t i = 0; i < run.report.findings.size(); ++i) {
      out += html_finding_line(run.report.findings[i], anchor_of(i));
    }
    out += "</ul>";
  }
  return out + "</details>";
}

// A recording (analyze): its requests, and the findings they produced.
std::string recording_section(const RunTimeline& timeline, std::size_t number, const Report& combined) {
  std::set<std::size_t> used;
  for (const auto& r : timeline.requests) used.insert(r.findings.begin(), r.findings.end());
  std::vector<Finding> mine;
  for (std::size_t i : used) {
    if (i < combined.findings.size()) mine.push_back(combined.findings[i]);
  }
  bool failed = false;
  for (const auto& f : mine) failed |= f.severity == "error";
  const std::string outcome = failed ? "failed" : "passed";
  auto anchor_of = [](std::size_t index) { return html::finding_anchor(index); };
  std::string out = "<details class=\"run " + outcome + "\" id=\"run-" + std::to_string(number) +
                    "\" data-filter=\"run\" data-outcome=\"" + outcome + "\" data-kinds=\"" + html_text(kinds_of(mine)) +
                    "\" open><summary><span class=\"outcome " + outcome + "\">" + outcome + "</span> " +
                    html_text(timeline.source.empty() ? "recording" : timeline.source) + "</summary>";
  out += html_waterfall(timeline, combined.findings, anchor_of);
  return out + "</details>";
}

}  // namespace

std::string exit_code_meaning(int exit_code) {
  switch (exit_code) {
    case 0: return "nothing failed";
    case 1: return "a CORS finding of error severity, or an unmet scenario expectation";
    case 2: return "bad usage or bad input";
    case 3: return "infrastructure failure: the browser would not start, crashed, or the DevTools connection broke";
    default: return "interrupted (128 + the signal's number)";
  }
}

std::string html_page_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
         html_text(content_security_policy()) +
         "\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + html_text(title) +
         "</title><style>" + std::string(kHtmlStyle) + "</style></head><body>";
}

std::string html_report(const HtmlInput& in) {
  static const std::vector<ScenarioRun> kNoRuns;
  static const Report kNoReport;
  // Long values (a 64 KB header) shortened as in every human-facing writer.
  const std::vector<ScenarioRun> runs = shorten_long_values(in.runs ? *in.runs : kNoRuns);
  const Report combined = shorten_long_values(in.combined ? *in.combined : kNoReport);

  std::map<std::string, std::size_t> card_of;
  for (std::size_t i = 0; i < combined.findings.size(); ++i) card_of.emplace(identity(combined.findings[i]), i);

  std::string out = html_page_head("silentcors " + in.command + " report");
  out += header(in, runs, combined);
  out += filters(combined);
  out += "<main>" + in.section_html + findings_section(combined);
  if (!runs.empty()) {
    out += "<section id=\"runs\"><h2>Runs</h2>";
    // Failed runs open; passed ones too while there are few.
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const bool open = runs[i].outcome != ScenarioRun::Outcome::kPassed || runs.size() <= 3;
      out += run_section(runs[i], i + 1, open, card_of);
    }
    out += "</section>";
  } else if (!combined.timelines.empty()) {
    out += "<section id=\"runs\"><h2>Recordings</h2>";
    for (std::size_t i = 0; i < combined.timelines.size(); ++i) {
      out += recording_section(combined.timelines[i], i + 1, combined);
    }
    out += "</section>";
  }
  out += "</main><script>" + std::string(kHtmlScript) + "</script></body></html>\n";
  return out;
}

}  // namespace silentcors::report
