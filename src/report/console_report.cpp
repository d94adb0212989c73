#include "report/console_report.h"

#include <string_view>

#include "report/long_values.h"
#include "report/report_text.h"
#include "report/text_escape.h"

namespace silentcors::report {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return lines;
    start = end + 1;
  }
}

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kBoldRed = "\x1b[1;31m";
constexpr std::string_view kBoldGreen = "\x1b[1;32m";
constexpr std::string_view kBoldYellow = "\x1b[1;33m";
constexpr std::string_view kReset = "\x1b[0m";

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(std::string_view style, std::string_view text) const {
    if (!color_) return std::string(text);
    return std::string(style) + std::string(text) + std::string(kReset);
  }

 private:
  bool color_;
};

// Every string of the finding made terminal-safe before any of it is laid
// out, so that the shared sentences need no escaping of their own.
Finding terminal_safe_copy(const Finding& in) {
  Finding f = in;
  const auto safe = [](std::string& s) { s = terminal_safe(s); };
  const auto safe_all = [&](std::vector<std::string>& v) {
    for (auto& s : v) safe(s);
  };
  for (auto* s : {&f.severity, &f.method, &f.url, &f.origin, &f.scenario, &f.message,
                  &f.fix, &f.disagreement}) {
    safe(*s);
  }
  safe_all(f.headers);
  safe_all(f.also_fails);
  safe_all(f.corroboration);
  safe_all(f.sources);
  if (f.chrome) {
    safe(f.chrome->cors_error);
    safe(f.chrome->failed_parameter);
  }
  for (auto* o : {&f.allow_headers, &f.allow_methods, &f.allow_origin}) {
    if (*o) safe(**o);
  }
  if (f.intermittent) safe_all(f.intermittent->explained_by);
  // A snippet is many lines: keep its newlines, neutralise the rest.
  if (f.fix_snippet) {
    std::string text;
    for (const auto& line : split_lines(f.fix_snippet->text)) text += (text.empty() ? "" : "\n") + terminal_safe(line);
    f.fix_snippet->text = text;
  }
  if (f.server) safe(f.server->evidence);
  return f;
}

std::string_view severity_style(std::string_view severity) {
  return severity == "error" ? kBoldRed : kBoldYellow;
}

void append_finding(std::string& out, const Finding& finding, const Painter& paint) {
  const Finding f = terminal_safe_copy(shorten_long_values(finding));
  const std::string occurrences = count_of(f.occurrences, "occurrence", "occurrences");
  out += paint(severity_style(f.severity), f.severity) + " " +
         paint(kBold, std::string(name_of(f.kind)) + ": " + f.method + " " + f.url + " (" + occurrences + ")");
  out += "\n";

  const auto line = [&](std::string_view label, const std::string& text) {
    if (!text.empty()) out += "  " + std::string(label) + ": " + text + "\n";
  };
  const std::string continuation = "       ";  // under the text after "  why: "
  const auto more = [&](const std::string& text) {
    if (!text.empty()) out += continuation + text + "\n";
  };

  line("headers", join(f.headers, ", "));
  line("origin", f.origin);
  line("scenario", f.scenario);
  line("why", f.message.empty() ? std::string("(no message)") : f.message);
  more(chrome_sentence(f));
  more(f.disagreement);
  for (const auto& c : f.corroboration) more("also seen as: " + c);
  const std::string evidence = preflight_evidence(f);
  if (evidence.empty()) {
    line("preflight", orphan_sentence(f));
  } else {
    line(f.preflight_status ? "preflight" : "response", evidence);
    more(orphan_sentence(f));
  }
  for (const auto& a : f.also_fails) line("also fails", a);
  if (f.intermittent) line("intermittent", intermittency_sentence(*f.intermittent));
  line("fix", f.fix);
  if (f.fix_snippet) {
    const bool known = f.server && f.server->confidence != "unknown";
    out += known ? "  fix for " + f.fix_snippet->server + " (" + f.server->evidence + "):\n"
                 : std::string("  fix, as headers (server unknown: --server ORIGIN=KIND names it):\n");
    out += indent(f.fix_snippet->text, "       ") + "\n";
  }
}

}  // namespace

std::string console_report(const Report& report, bool color) {
  const Painter paint(color);
  std::string out;
  for (const auto& f : report.findings) {
    append_finding(out, f, paint);
    out += "\n";
  }
  for (const auto& note : report.notes) out += "note: " + terminal_safe(shorten_long_values(note)) + "\n";
  const std::string summary = terminal_safe(summary_sentence(report.summary));
  const auto& s = report.summary;
  out += s.errors ? paint(kRed, summary) : s.warnings ? paint(kYellow, summary) : summary;
  out += "\n";
  return out;
}

std::string console_run_line(const ScenarioRun& full, bool color) {
  const ScenarioRun run = shorten_long_values(full);
  const Painter paint(color);
  std::string out;
  switch (run.outcome) {
    // A pass at the timeout with requests in flight proves less than a pass.
    case ScenarioRun::Outcome::kPassed:
      out += run.unsettled.empty() ? paint(kBoldGreen, "PASS") : paint(kBoldYellow, "PASS?");
      break;
    case ScenarioRun::Outcome::kFailed: out += paint(kBoldRed, "FAIL"); break;
    case ScenarioRun::Outcome::kError: out += paint(kBoldRed, "ERROR"); break;
  }
  out += " " + terminal_safe(run_label(run)) + " " + duration(run.seconds);

  std::string detail;
  if (run.outcome == ScenarioRun::Outcome::kError) {
    detail = run.error.empty() ? "infrastructure error" : run.error;
  } else if (run.outcome == ScenarioRun::Outcome::kFailed) {
    const auto failing = failing_findings(run);
    if (!failing.empty()) {
      detail = finding_summary(*failing.front());
      if (failing.front()->intermittent) detail += "; " + intermittent_clause(*failing.front()->intermittent);
      const std::size_t others = run.report.findings.size() - 1;
      if (others > 0) detail += " (+" + std::to_string(others) + " more)";
    } else if (!run.failures.empty()) {
      detail = run.failures.front();
    }
  } else {
    std::vector<std::string> notes;
    if (!run.unsettled.empty()) notes.push_back(run.unsettled);
    if (run.report.summary.cross_origin_requests == 0) notes.push_back("no cross-origin request seen");
    if (!run.report.findings.empty()) {
      notes.push_back(count_of(run.report.findings.size(), "finding", "findings"));
    }
    if (!run.tolerated.empty()) notes.push_back(std::to_string(run.tolerated.size()) + " tolerated");
    if (!notes.empty()) detail = join(notes, ", ");
  }
  if (!detail.empty()) out += ": " + terminal_safe(detail);
  return out;
}

}  // namespace silentcors::report
