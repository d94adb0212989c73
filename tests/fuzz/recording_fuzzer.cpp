// libFuzzer target: one input is a recording. It goes through what
// `silentcors analyze` does with a file (reader, ledger, classifier,
// aggregation) and then through every report writer (console, JSON, JUnit,
// Markdown). Bad input is fine (an InputError, exit 2 in the tool); a crash,
// a sanitizer report or any other exception is a finding.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "analysis/analyzer.h"
#include "analysis/input_error.h"
#include "analysis/recording_reader.h"
#include "report/console_report.h"
#include "report/json_report.h"
#include "report/junit_xml.h"
#include "report/markdown_summary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silentcors;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  Analyzer analyzer;
  analyzer.begin_source("fuzz.jsonl", "fuzz");
  try {
    ReadOptions options;
    options.max_line_bytes = 1 << 20;  // The limit's own path, within the fuzzer's memory.
    ReadResult read = read_recording(in, "fuzz.jsonl", [&](const CdpEvent& event) { analyzer.add(event); }, options);
    analyzer.end_source();
    if (read.warning) analyzer.add_note(*read.warning);
  } catch (const InputError&) {
    return 0;
  }
  Report report = analyzer.report();
  ScenarioRun run;
  run.scenario = "fuzz";
  run.file = "fuzz.jsonl";
  run.report = report;
  run.outcome = report.summary.errors > 0 ? ScenarioRun::Outcome::kFailed : ScenarioRun::Outcome::kPassed;
  for (const auto& finding : report.findings) run.failures.push_back(finding.message);
  std::string out;
  out += report::console_report(report, false);
  out += report::console_report(report, true);
  out += report::report_to_json(report, "fuzz").dump(2);
  out += report::junit_xml({run}, "fuzz", std::chrono::system_clock::time_point());
  out += report::markdown_summary({run}, report);
  return out.empty() ? 1 : 0;
}
