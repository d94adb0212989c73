// silentcors triage SCENARIO.json [--runs N]: the flaky-suite triage. It
// repeats one scenario, with a progress bar, until the numbers settle who
// is to blame (or the runs are used up), then says it in a sentence a
// person can act on: which header, how often, the fix, and what a sample
// ratio of 1.0 would do. "This flake is not CORS" is a verdict too.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>

#include "analysis/input_error.h"
#include "browser/browser.h"
#include "cli/browser_config.h"
#include "runs/browser_pool.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output_directory.h"
#include "cli/run_reports.h"
#include "cli/server_option.h"
#include "page/interrupt.h"
#include "report/console_report.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/long_values.h"
#include "report/report_text.h"
#include "report/text_escape.h"
#include "report/write_file.h"
#include "runs/run_plan.h"
#include "runs/triage_runner.h"
#include "runs/worker_count.h"

namespace silentcors::cli {

namespace {

// A bar redrawn in place on a terminal; a line per tenth in a CI log, and
// the last state when the triage ends (an early stop is not a tenth).
class ProgressBar {
 public:
  ProgressBar() : terminal_(isatty(STDERR_FILENO) != 0) {}
  void update(int done, int total, int failed) {
    last_ = {done, total, failed};
    if (terminal_) {
      constexpr int kWidth = 30;
      int filled = total ? done * kWidth / total : kWidth;
      std::cerr << "\r\x1b[Ktriage [" << std::string(filled, '#') << std::string(kWidth - filled, '-') << "] "
                << done << "/" << total << " runs, " << failed << " failed" << std::flush;
      shown_ = true;
    } else if (done == total || done % std::max(1, total / 10) == 0) {
      print_line();
    }
  }
  void clear() {
    if (shown_) std::cerr << "\r\x1b[K" << std::flush;
    if (!terminal_ && last_.done > printed_) print_line();
  }

 private:
  void print_line() {
    std::cerr << "triage: " << last_.done << "/" << last_.total << " runs, " << last_.failed << " failed\n";
    printed_ = last_.done;
  }
  struct State {
    int done = 0, total = 0, failed = 0;
  };
  bool terminal_;
  bool shown_ = false;
  State last_;
  int printed_ = 0;
};

page::Isolation isolation_from(const Args& args) {
  std::string value = args.value_or("--isolation", "page");
  if (value == "page") return page::Isolation::kPage;
  if (value == "context") return page::Isolation::kContext;
  throw UsageError("--isolation must be page or context, got \"" + value + "\"");
}

std::string verdict_kind(TriageVerdict::Kind kind) {
  switch (kind) {
    case TriageVerdict::Kind::kCorsExplained: return "cors-explained";
    case TriageVerdict::Kind::kCorsUnexplained: return "cors-unexplained";
    case TriageVerdict::Kind::kCorsEveryTime: return "cors-every-time";
    case TriageVerdict::Kind::kNotCors: return "not-cors";
    case TriageVerdict::Kind::kNoFailure: return "no-failure";
  }
  return "unknown";
}

// As `run`: a run that could not happen is infrastructure; a CORS error
// or an unmet expectation fails.
int triage_exit_code(const runs::TriageResult& result) {
  if (result.interrupted_by) return exit_code_for_signal(result.interrupted_by);
  if (!result.browser_lost.empty()) return kExitInfrastructure;
  const int from_runs = exit_code_of(result.runs);
  if (from_runs != kExitOk) return from_runs;
  return result.combined.summary.errors > 0 ? kExitFindings : kExitOk;
}

// Said first when a signal stopped the triage: the verdict is that of the
// runs that finished, whatever it would have been.
std::string interrupted_line(const runs::TriageResult& result, const runs::TriageOptions& options) {
  return "Interrupted by " + signal_name(result.interrupted_by) + " after " +
         report::count_of(result.runs.size(), "run", "runs") + " of at most " + std::to_string(options.runs) +
         ": the verdict covers only the runs that finished.";
}

struct TriageOutputs {
  std::optional<std::string> json;  // --json
  std::filesystem::path html;       // html_path_from
};

// --json and the HTML report, from the triage as it ended (or as it stood
// when a second signal ends the process: result.interrupted_by is set).
void write_triage_reports(const TriageOutputs& outputs, const runs::PlannedScenario& planned,
                          const runs::TriageOptions& options, const runs::TriageResult& result, double seconds,
                          int exit_code) {
  if (outputs.json) {
    nlohmann::json json = report::report_to_json(result.combined, SILENTCORS_VERSION);
    json["triage"] = {{"scenario", planned.scenario.name},
                      {"runs", result.runs.size()},
                      {"maxRuns", options.runs},
                      {"stoppedEarly", result.stopped_early},
                      {"seconds", seconds},
                      {"runsSeconds", result.runs_seconds},
                      {"warmMsPerRun", result.warm_ms_per_run},
                      {"workers", options.workers},
                      {"verdict", verdict_kind(result.verdict.kind)},
                      {"settled", result.verdict.settled},
                      {"sentences", result.verdict.lines},
                      {"interrupted", result.interrupted_by != 0}};
    if (result.interrupted_by) json["triage"]["signal"] = signal_name(result.interrupted_by);
    report::write_file(*outputs.json, report::json_text(json));
  }
  if (!outputs.html.empty()) {
    report::HtmlInput html;
    html.command = "triage";
    html.runs = &result.runs;
    html.combined = &result.combined;
    html.exit_code = exit_code;
    if (result.interrupted_by) html.verdict_lines.push_back(interrupted_line(result, options));
    html.verdict_lines.insert(html.verdict_lines.end(), result.verdict.lines.begin(), result.verdict.lines.end());
    report::write_file(outputs.html, report::html_report(html));
  }
}

// What the reports are written from when a second signal ends the process
// at once: the triage as it stood after its last counted run.
struct SoFar {
  std::mutex mutex;
  runs::TriageResult result;
  bool written = false;  // The reports are written (or being written): nothing left to say.
};

}  // namespace

int triage_command(const Args& args) {
  if (args.positionals().size() != 1) throw UsageError("triage needs exactly one SCENARIO.json");
  runs::TriageOptions options;
  options.runs = static_cast<int>(args.number("--runs", 40, 1, 100000));
  const runs::Machine machine = runs::this_machine();
  options.workers = static_cast<int>(args.number("--workers", runs::default_workers(machine), 1, 16));
  options.isolation = isolation_from(args);
  options.stop_early = !args.flag("--no-early-stop");
  options.min_runs = std::min(options.min_runs, options.runs);
  options.record_dir = args.value_or("--record", "");
  options.servers = server_hints_from(args);
  if (args.value("--sample-ratio")) options.sample_ratio = args.real("--sample-ratio", 1.0, 0.0, 1.0);

  runs::RunPlan plan = runs::plan_run(args.positionals(), {});
  if (!plan.errors.empty()) {
    std::string all;
    for (const auto& e : plan.errors) all += (all.empty() ? "" : "\n") + e;
    throw InputError(all);
  }
  if (plan.scenarios.empty()) throw InputError(args.positionals()[0] + ": no scenario to triage");
  const runs::PlannedScenario& planned = plan.scenarios.front();
  if (options.sample_ratio && !planned.scenario.tracing) {
    throw UsageError("--sample-ratio needs a scenario with \"tracing\" (the rehearsal it changes)");
  }

  make_directory(options.record_dir, "--record");
  if (const auto html_path = html_path_from(args); !html_path.empty()) make_directory(html_path.parent_path(), "--html");

  const TriageOutputs outputs{args.value("--json"), html_path_from(args)};
  const auto started = std::chrono::steady_clock::now();
  const auto seconds_since_start = [started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  ProgressBar bar;
  SoFar so_far;
  runs::TriageListener listener;
  listener.on_progress = [&bar](int done, int total, int failed) { bar.update(done, total, failed); };
  listener.on_counted = [&so_far](const runs::TriageResult& now) {
    std::lock_guard lock(so_far.mutex);
    so_far.result = now;
  };
  // A second Ctrl-C ends the process at once, wherever the triage is (a
  // frozen browser, a stop stuck on DevTools): the reports of the runs that
  // finished are written first, and say it was interrupted.
  page::LastWords last_words([&] {
    std::lock_guard lock(so_far.mutex);
    if (so_far.written) return;
    so_far.written = true;
    runs::TriageResult& result = so_far.result;
    result.interrupted_by = page::interrupt_signal();
    std::cerr << "\nsilentcors: stopping at once; " << interrupted_line(result, options) << "\n";
    write_triage_reports(outputs, planned, options, result, seconds_since_start(),
                         exit_code_for_signal(result.interrupted_by));
  });

  const browser::ChromeOptions chrome = chrome_options_from(args, args.value_or("--out", ""));
  std::optional<browser::Browser> local;
  runs::BrowserPool grid;  // --grid: a session per worker.
  std::vector<browser::Browser*> browsers;
  std::string workers_shown;
  if (chrome.grid_url.empty()) {
    browsers.push_back(&local.emplace(chrome));
    workers_shown = args.value("--workers") ? std::to_string(options.workers) : runs::describe_default_workers(machine);
  } else {
    const int free_slots = grid_free_slots(chrome);
    const int asked = static_cast<int>(args.number("--workers", std::min(free_slots, 16), 1, 16));
    grid = runs::start_browser_pool(std::min(asked, options.runs),
                                    [&chrome] { return std::make_unique<browser::Browser>(chrome); });
    for (auto* slot : grid.workers()) browsers.push_back(&slot->get());
    options.workers = static_cast<int>(browsers.size());
    workers_shown = std::to_string(options.workers) + " Grid sessions (" + std::to_string(free_slots) +
                    " Chromium slots were free)";
    for (const auto& failure : grid.failures) workers_shown += "; one did not start: " + failure;
  }
  runs::TriageResult result = runs::run_triage(browsers, planned, options, listener);
  bar.clear();
  const double seconds = seconds_since_start();

  std::ostringstream headline;
  headline << "Triage of \"" << planned.scenario.name << "\": " << result.runs.size() << " runs in " << std::fixed
           << std::setprecision(1) << seconds << " s";
  if (result.stopped_early) headline << " (stopped early: the verdict is settled)";
  std::cout << headline.str() << "\n  workers: " << workers_shown << "\n\n";
  if (result.interrupted_by) std::cout << "  " << interrupted_line(result, options) << "\n";
  for (const auto& line : result.verdict.lines) {
    std::cout << "  " << report::terminal_safe(report::shorten_long_values(line)) << "\n";
  }
  std::cout << "\nDetails:\n" << report::console_report(result.combined, isatty(STDOUT_FILENO) != 0);

  const int exit_code = triage_exit_code(result);
  {
    // Under the lock: a second signal now waits for these reports, then
    // finds nothing left to say.
    std::lock_guard lock(so_far.mutex);
    so_far.written = true;
    write_triage_reports(outputs, planned, options, result, seconds, exit_code);
  }
  if (result.interrupted_by) {
    std::cerr << "silentcors: " << interrupted_line(result, options) << " The reports hold them.\n";
  }
  if (!result.interrupted_by && !result.browser_lost.empty()) {
    std::cerr << "silentcors: " << result.browser_lost << "\n";
  } else if (!result.interrupted_by) {
    for (const auto& run : result.runs) {
      if (run.outcome == ScenarioRun::Outcome::kError) {
        std::cerr << "silentcors: " << run.error << "\n";
        break;
      }
    }
  }
  return exit_code;
}

}  // namespace silentcors::cli
