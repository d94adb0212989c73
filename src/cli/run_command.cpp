// silentcors run SCENARIO.json... : the CI stage. Validates every scenario
// first (exit 2, nothing started), then runs them all in one Chromium, a
// fresh context per run, prints one line per run as it finishes, and writes
// the JSON report, JUnit XML and a Markdown summary.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <vector>

#include "analysis/input_error.h"
#include "browser/browser.h"
#include "browser/browser_error.h"
#include "cli/browser_config.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output_directory.h"
#include "cli/server_option.h"
#include "report/console_report.h"
#include "report/json_report.h"
#include "report/junit_xml.h"
#include "report/long_values.h"
#include "report/markdown_summary.h"
#include "report/report_text.h"
#include "report/text_escape.h"
#include "report/write_file.h"
#include "runner/interrupt.h"
#include "runner/run_plan.h"
#include "runner/suite_runner.h"

namespace silentcors::cli {

namespace {

namespace fs = std::filesystem;

struct Outputs {
  fs::path json;
  fs::path junit;
  fs::path markdown;
};

Outputs outputs_from(const Args& args) {
  const fs::path dir = args.value_or("--out", "reports");
  return {args.value_or("--json", (dir / "report.json").string()),
          args.value_or("--junit", (dir / "junit.xml").string()), dir / "summary.md"};
}

bool use_color() { return isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr; }

// "[3/12] running checkout [2/4]..." on a terminal's stderr, replaced by
// the next line; nothing when stderr is a file or a pipe (CI logs).
class Progress {
 public:
  Progress() : enabled_(isatty(STDERR_FILENO) != 0) {}
  void show(const ScenarioRun& run, std::size_t number, std::size_t total) {
    if (!enabled_) return;
    std::cerr << "\r\x1b[K[" << number << "/" << total << "] running "
              << report::terminal_safe(report::run_label(run)) << "..." << std::flush;
    shown_ = true;
  }
  void clear() {
    if (shown_) std::cerr << "\r\x1b[K" << std::flush;
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

// Text from the run for the terminal: long values shortened, nothing that
// could drive the terminal.
std::string human(const std::string& text) { return report::terminal_safe(report::shorten_long_values(text)); }

// The run's line, then for a failed run what to do: the fix of each
// finding that failed it (the headline first), and every other reason
// (a step that failed, an expected finding that did not appear).
void print_run(const ScenarioRun& run, const runner::Verdict& verdict, bool color) {
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
    for (std::size_t i = 0; i < run.failures.size(); ++i) {
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

// The runs that have finished, for the reports a second Ctrl-C writes
// from the signal thread while the loop is still going.
struct FinishedRuns {
  std::mutex mutex;
  std::vector<ScenarioRun> runs;
  Report combined;
  bool written = false;  // The reports are on disk (or being written).
};

void write_reports(const Outputs& outputs, const std::vector<ScenarioRun>& runs, const Report& combined) {
  report::write_file(outputs.json, report::json_text(report::run_to_json(runs, combined, SILENTCORS_VERSION)));
  report::write_file(outputs.junit, report::junit_xml(runs, "silentcors"));
  report::write_file(outputs.markdown, report::markdown_summary(runs, combined));
}

}  // namespace

int run_command(const Args& args) {
  if (args.positionals().empty()) throw UsageError("run needs at least one SCENARIO.json");
  runner::PlanOptions plan_options;
  plan_options.grep = args.value_or("--grep", "");
  if (args.value("--repeat")) plan_options.repeat = static_cast<int>(args.number("--repeat", 1, 1, 100000));
  const Outputs outputs = outputs_from(args);
  const std::string record_dir = args.value_or("--record", "");

  // Everything that can be wrong with the input, before any browser starts.
  const runner::RunPlan plan = runner::plan_run(args.positionals(), plan_options);
  if (!plan.errors.empty()) {
    for (const auto& error : plan.errors) std::cerr << error << "\n";
    std::cerr << "silentcors run: " << report::count_of(plan.errors.size(), "problem", "problems")
              << " in the scenario files; nothing was run\n";
    return kExitBadInput;
  }
  for (const auto& schema : plan.schemas_skipped) {
    std::cerr << "silentcors: skipping " << schema << ": it is a JSON Schema, not a scenario\n";
  }
  if (plan.scenarios.empty()) {
    if (plan.not_selected > 0) {
      throw InputError("no scenario's name contains \"" + plan_options.grep + "\" (--grep); nothing to run");
    }
    throw InputError("no scenario among the files given; nothing to run");
  }
  make_directory(outputs.json.parent_path(), "--json");
  make_directory(outputs.junit.parent_path(), "--junit");
  make_directory(outputs.markdown.parent_path(), "--out");
  make_directory(record_dir, "--record");

  const bool color = use_color();
  const auto started = std::chrono::steady_clock::now();
  Progress progress;
  runner::SuiteListener listener;
  listener.on_start = [&](const ScenarioRun& run, std::size_t number, std::size_t total) {
    progress.show(run, number, total);
  };
  FinishedRuns finished;
  listener.on_finish = [&](const ScenarioRun& run, const runner::Verdict& verdict) {
    progress.clear();
    print_run(run, verdict, color);
    std::lock_guard lock(finished.mutex);
    finished.runs.push_back(run);
  };
  listener.on_combined = [&](const Report& combined) {
    std::lock_guard lock(finished.mutex);
    finished.combined = combined;
  };
  // A second Ctrl-C ends the process at once, wherever the loop is: the
  // reports of the runs that finished are written first.
  runner::LastWords last_words([&] {
    std::lock_guard lock(finished.mutex);
    if (finished.written) return;
    finished.written = true;
    std::cerr << "\nsilentcors: stopping at once; the reports hold the "
              << report::count_of(finished.runs.size(), "run", "runs") << " that finished\n";
    write_reports(outputs, finished.runs, finished.combined);
  });

  runner::SuiteResult result;
  std::string infrastructure;  // Why the browser failed us, shown at the end.
  try {
    const browser::ChromeOptions chrome = chrome_options_from(args);
    runner::BrowserSlot browsers([&chrome] { return std::make_unique<browser::Browser>(chrome); });
    result = runner::run_suite(browsers, plan.scenarios, {record_dir, server_hints_from(args)}, listener);
  } catch (const browser::BrowserError& e) {
    progress.clear();
    infrastructure = e.what();
    // Runs that finished before the browser failed keep their outcome.
    const std::size_t done = result.runs.size();
    const std::string first_line = infrastructure.substr(0, infrastructure.find('\n'));
    auto rest = runner::runs_not_started(plan.scenarios, "the browser did not start: " + first_line);
    for (std::size_t i = done; i < rest.size(); ++i) {
      print_run(rest[i], {}, color);
      result.runs.push_back(std::move(rest[i]));
    }
  }
  progress.clear();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  {
    std::lock_guard lock(finished.mutex);
    finished.written = true;  // The last words have nothing left to say.
    write_reports(outputs, result.runs, result.combined);
  }

  std::cout << closing_line(result.runs, seconds, color) << "\n"
            << "reports: " << outputs.json.string() << ", " << outputs.junit.string() << ", "
            << outputs.markdown.string() << "\n";
  if (!record_dir.empty()) std::cout << "recordings: " << record_dir << "\n";
  if (!infrastructure.empty()) std::cerr << "silentcors: " << infrastructure << "\n";

  if (result.interrupted_by) {
    std::cerr << "silentcors: interrupted after " << report::count_of(result.runs.size(), "run", "runs") << " of "
              << plan.total_runs() << "; the reports hold the runs that finished\n";
    return exit_code_for_signal(result.interrupted_by);
  }
  bool any_error = false, any_failure = false;
  for (const auto& run : result.runs) {
    any_error |= run.outcome == ScenarioRun::Outcome::kError;
    any_failure |= run.outcome == ScenarioRun::Outcome::kFailed;
  }
  // A run that could not happen says nothing about CORS: infrastructure
  // beats findings, so CI shows "broken pipeline", not "broken API".
  if (any_error) return kExitInfrastructure;
  return any_failure ? kExitFindings : kExitOk;
}

}  // namespace silentcors::cli
