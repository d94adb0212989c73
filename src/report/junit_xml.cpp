#include "report/junit_xml.h"

#include <map>

#include <cstdio>
#include <ctime>

#include "report/console_report.h"
#include "report/long_values.h"
#include "report/report_text.h"
#include "report/text_escape.h"

namespace silentcors::report {
namespace {

std::string seconds_attr(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", seconds < 0 ? 0.0 : seconds);
  return buf;
}

std::string iso8601(std::chrono::system_clock::time_point time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

std::string attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_attribute(value) + "\"";
}

std::string testcase_name(const ScenarioRun& run) {
  if (run.repeat_count <= 1) return run.scenario;
  return run.scenario + " [run " + std::to_string(run.repeat_index) + "/" +
         std::to_string(run.repeat_count) + "]";
}

// The evidence for one finding, plain text, indented under its summary.
std::string evidence(const Finding& f) {
  std::string out = finding_summary(f) + "\n";
  const auto line = [&](std::string_view label, const std::string& text) {
    if (!text.empty()) out += "  " + std::string(label) + ": " + text + "\n";
  };
  line("origin", f.origin);
  line("message", f.message);
  if (f.chrome) {
    line("chrome", "corsError " + f.chrome->cors_error +
                       (f.chrome->failed_parameter.empty()
                            ? std::string()
                            : ", failedParameter " + f.chrome->failed_parameter));
    const std::string sentence = chrome_sentence(f);
    if (sentence.rfind("Chromium reported only", 0) == 0) line("note", sentence);
  }
  line("disagreement", f.disagreement);
  line(f.preflight_status ? "preflight" : "response", preflight_evidence(f));
  line("server", orphan_sentence(f));
  for (const auto& a : f.also_fails) line("also fails", a);
  if (f.intermittent) line("intermittent", intermittency_sentence(*f.intermittent));
  line("fix", f.fix);
  return out;
}

std::string failure_body(const ScenarioRun& run) {
  std::string out;
  for (const auto& failure : run.failures) out += failure + "\n";
  for (const Finding* f : failing_findings(run)) {
    if (!out.empty()) out += "\n";
    out += evidence(*f);
  }
  return out;
}

}  // namespace

std::string junit_failure_message(const ScenarioRun& full) {
  const ScenarioRun run = shorten_long_values(full);
  const auto errors = failing_findings(run);
  if (!errors.empty()) {
    std::string message = finding_summary(*errors.front());
    if (errors.size() > 1) message += " (+" + std::to_string(errors.size() - 1) + " more)";
    return message;
  }
  if (!run.failures.empty()) return run.failures.front();
  return "scenario failed";
}

std::string junit_xml(const std::vector<ScenarioRun>& full_runs, std::string_view suite_name,
                      std::chrono::system_clock::time_point timestamp) {
  const std::vector<ScenarioRun> runs = shorten_long_values(full_runs);
  std::size_t failures = 0;
  std::size_t errors = 0;
  double total_seconds = 0;
  for (const auto& run : runs) {
    failures += run.outcome == ScenarioRun::Outcome::kFailed;
    errors += run.outcome == ScenarioRun::Outcome::kError;
    total_seconds += run.seconds;
  }
  const std::string counts = attr("tests", std::to_string(runs.size())) +
                             attr("failures", std::to_string(failures)) +
                             attr("errors", std::to_string(errors)) + attr("skipped", "0") +
                             attr("time", seconds_attr(total_seconds));

  // A scenario whose repeats disagree is flaky: its passing repeats carry a
  // Surefire <flakyFailure> (Jenkins and GitLab show the test as flaky),
  // its failing ones keep their <failure>.
  std::map<std::string, std::pair<std::size_t, std::size_t>> failed_of;  // scenario -> failed, total
  std::map<std::string, std::string> first_failure;
  for (const auto& run : runs) {
    auto& [failed, total] = failed_of[run.scenario];
    ++total;
    if (run.outcome == ScenarioRun::Outcome::kFailed) {
      ++failed;
      first_failure.emplace(run.scenario, junit_failure_message(run));
    }
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites" + attr("name", suite_name) + counts + ">\n";
  out += "  <testsuite" + attr("name", suite_name) + counts +
         attr("timestamp", iso8601(timestamp)) + ">\n";
  for (const auto& run : runs) {
    out += "    <testcase" + attr("classname", suite_name) + attr("name", testcase_name(run)) +
           attr("time", seconds_attr(run.seconds));
    if (!run.file.empty()) out += attr("file", run.file);
    out += ">\n";
    if (run.outcome == ScenarioRun::Outcome::kFailed) {
      out += "      <failure" + attr("message", junit_failure_message(run)) +
             attr("type", "cors") + ">" + xml_text(failure_body(run)) + "</failure>\n";
    } else if (run.outcome == ScenarioRun::Outcome::kError) {
      const std::string error = run.error.empty() ? "infrastructure error" : run.error;
      out += "      <error" + attr("message", error) + attr("type", "infrastructure") + ">" +
             xml_text(error) + "</error>\n";
    } else if (const auto& [failed, total] = failed_of[run.scenario]; failed > 0) {
      const std::string message = "flaky: failed " + std::to_string(failed) + " of " + std::to_string(total) +
                                  " repeats: " + first_failure[run.scenario];
      out += "      <flakyFailure" + attr("message", message) + attr("type", "cors") + "/>\n";
    }
    // A pass with doubt (the console's PASS?) says so first, where a CI
    // viewer shows the test's output.
    const std::string doubt = run.outcome == ScenarioRun::Outcome::kPassed && !run.unsettled.empty()
                                  ? "PASS? " + run.unsettled + "\n"
                                  : std::string();
    out += "      <system-out>" + xml_text(doubt + console_report(run.report, false)) + "</system-out>\n";
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n";
  out += "</testsuites>\n";
  return out;
}

std::string junit_xml(const std::vector<ScenarioRun>& runs, std::string_view suite_name) {
  return junit_xml(runs, suite_name, std::chrono::system_clock::now());
}

}  // namespace silentcors::report
