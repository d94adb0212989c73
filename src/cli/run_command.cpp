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
#include "runs/browser_pool.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output_directory.h"
#include "cli/server_option.h"
#include "cli/run_reports.h"
#include "report/console_report.h"
#include "report/json_report.h"
#include "report/junit_xml.h"
#include "report/long_values.h"
#include "report/markdown_summary.h"
#include "report/merge_input.h"
#include "report/report_text.h"
#include "report/text_escape.h"
#include "report/write_file.h"
#include "page/interrupt.h"
#include "runs/run_plan.h"
#include "runs/suite_runner.h"

namespace silentcors::cli {

namespace {

// The runs that have finished, for the reports a second Ctrl-C writes
// from the signal thread while the loop is still going.
struct FinishedRuns {
  std::mutex mutex;
  std::vector<ScenarioRun> runs;
  Report combined;
  bool written = false;  // The reports are on disk (or being written).
};

}  // namespace

namespace {

// "2/3" -> {2, 3}: the second of three shards.
std::pair<int, int> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  int shard = 0, of = 0;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t used = 0;
    shard = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("junk");
    of = std::stoi(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1) throw std::invalid_argument("junk");
  } catch (const std::exception&) {
    throw UsageError("--shard takes I/N (e.g. 2/3: the second of three shards), got \"" + text + "\"");
  }
  if (of < 1 || shard < 1 || shard > of) {
    throw UsageError("--shard I/N needs 1 <= I <= N, got \"" + text + "\"");
  }
  return {shard, of};
}

}  // namespace

int run_command(const Args& args) {
  if (args.positionals().empty()) throw UsageError("run needs at least one SCENARIO.json");
  runs::PlanOptions plan_options;
  plan_options.grep = args.value_or("--grep", "");
  if (args.value("--repeat")) plan_options.repeat = static_cast<int>(args.number("--repeat", 1, 1, 100000));
  if (auto shard = args.value("--shard")) plan_options.shard = parse_shard(*shard);
  const Outputs outputs = outputs_from(args);
  const std::string record_dir = args.value_or("--record", "");

  // Everything that can be wrong with the input, before any browser starts.
  const runs::RunPlan plan = runs::plan_run(args.positionals(), plan_options);
  if (!plan.errors.empty()) {
    for (const auto& error : plan.errors) std::cerr << error << "\n";
    std::cerr << "silentcors run: " << report::count_of(plan.errors.size(), "problem", "problems")
              << " in the scenario files; nothing was run\n";
    return kExitBadInput;
  }
  for (const auto& schema : plan.schemas_skipped) {
    std::cerr << "silentcors: skipping " << schema << ": it is a JSON Schema, not a scenario\n";
  }
  // Every report says which share of which suite it holds, with each run's
  // verdicts, so that `merge` can put the shards' reports back together.
  report::SuiteShare share{plan.suite_runs, plan.fingerprint, 1, {1}};
  if (plan_options.shard) share = {plan.suite_runs, plan.fingerprint, plan_options.shard->second, {plan_options.shard->first}};
  const auto merge_input = [&share](const std::vector<ScenarioRun>& runs) {
    return nlohmann::json{{"mergeInput", report::merge_input_to_json(runs, share)}};
  };
  if (plan.scenarios.empty() && plan_options.shard) {
    // More shards than runs: this one has nothing to do, which is no failure.
    std::cout << "shard " << plan_options.shard->first << "/" << plan_options.shard->second
              << " has no runs (the suite has fewer runs than shards)\n";
    make_output_directories(outputs);
    write_reports(outputs, {}, Report{}, {"run", kExitOk}, merge_input({}));
    return kExitOk;
  }
  if (plan.scenarios.empty()) {
    if (plan.not_selected > 0) {
      throw InputError("no scenario's name contains \"" + plan_options.grep + "\" (--grep); nothing to run");
    }
    throw InputError("no scenario among the files given; nothing to run");
  }
  make_output_directories(outputs);
  make_directory(record_dir, "--record");

  const bool color = use_color();
  const auto started = std::chrono::steady_clock::now();
  Progress progress;
  runs::SuiteListener listener;
  listener.on_start = [&](const ScenarioRun& run, std::size_t number, std::size_t total) {
    progress.show(run, number, total);
  };
  FinishedRuns finished;
  listener.on_finish = [&](const ScenarioRun& run, const runs::Verdict& verdict) {
    progress.clear();
    print_run(run, verdict, color);
    std::lock_guard lock(finished.mutex);
    finished.runs.push_back(run);
  };
  listener.on_combined = [&](const Report& combined) {
    std::lock_guard lock(finished.mutex);
    finished.combined = combined;
  };
  // An interrupted suite's reports say first which runs never happened: a
  // report of 2 runs must not read as the whole suite of 20.
  const std::size_t planned = plan.total_runs();
  const auto say_interrupted = [planned](Report& combined, std::size_t done, int signal) {
    combined.notes.insert(combined.notes.begin(),
                          "interrupted by " + signal_name(signal) + " after " + report::count_of(done, "run", "runs") +
                              " of " + std::to_string(planned) + ": " +
                              report::count_of(planned - std::min(done, planned), "run", "runs") +
                              " never happened, so this report is not the whole suite's");
  };
  // A second Ctrl-C ends the process at once, wherever the loop is: the
  // reports of the runs that finished are written first.
  page::LastWords last_words([&] {
    std::lock_guard lock(finished.mutex);
    if (finished.written) return;
    finished.written = true;
    std::cerr << "\nsilentcors: stopping at once; the reports hold the "
              << report::count_of(finished.runs.size(), "run", "runs") << " that finished\n";
    say_interrupted(finished.combined, finished.runs.size(), page::interrupt_signal());
    write_reports(outputs, finished.runs, finished.combined,
                  {"run", exit_code_for_signal(page::interrupt_signal())}, merge_input(finished.runs));
  });

  runs::SuiteResult result;
  std::string infrastructure;  // Why the browser failed us, shown at the end.
  try {
    const browser::ChromeOptions chrome = chrome_options_from(args, args.value_or("--out", "reports"));
    const int free_slots = chrome.grid_url.empty() ? 1 : grid_free_slots(chrome);
    const auto runs_planned = static_cast<long long>(plan.total_runs());
    const int workers = static_cast<int>(
        std::min(args.number("--workers", free_slots, 1, 64), std::max(1LL, runs_planned)));
    if (workers > 1 && !chrome.cdp_url.empty()) throw UsageError("--workers needs browsers of their own: not with --cdp");
    runs::BrowserPool pool =
        runs::start_browser_pool(workers, [&chrome] { return std::make_unique<browser::Browser>(chrome); });
    for (const auto& failure : pool.failures) {
      std::cerr << "silentcors: a worker's browser did not start (" << failure << "); going on with "
                << report::count_of(pool.slots.size(), "worker", "workers") << "\n";
    }
    result = runs::run_suite(pool.workers(), plan.scenarios, {record_dir, server_hints_from(args)}, listener);
  } catch (const browser::BrowserError& e) {
    progress.clear();
    infrastructure = e.what();
    // Runs that finished before the browser failed keep their outcome.
    const std::size_t done = result.runs.size();
    const std::string first_line = infrastructure.substr(0, infrastructure.find('\n'));
    // A browser given with --cdp is not started by us: it could not be used.
    const std::string why = args.value("--cdp")    ? "the browser at --cdp could not be used: "
                            : args.value("--grid") ? "the Selenium Grid could not be used: "
                                                   : "the browser did not start: ";
    auto rest = runs::runs_not_started(plan.scenarios, why + first_line);
    for (std::size_t i = done; i < rest.size(); ++i) {
      print_run(rest[i], {}, color);
      result.runs.push_back(std::move(rest[i]));
    }
  }
  progress.clear();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // A run that could not happen says nothing about CORS: infrastructure
  // beats findings, so CI shows "broken pipeline", not "broken API".
  const int exit_code = result.interrupted_by ? exit_code_for_signal(result.interrupted_by) : exit_code_of(result.runs);
  if (result.interrupted_by) say_interrupted(result.combined, result.runs.size(), result.interrupted_by);
  {
    std::lock_guard lock(finished.mutex);
    finished.written = true;  // The last words have nothing left to say.
    write_reports(outputs, result.runs, result.combined, {"run", exit_code}, merge_input(result.runs));
  }

  std::cout << closing_line(result.runs, seconds, color) << "\n"
            << "reports: " << outputs.json.string() << ", " << outputs.junit.string() << ", "
            << outputs.markdown.string() << ", " << outputs.html.string() << "\n";
  if (!record_dir.empty()) std::cout << "recordings: " << record_dir << "\n";
  if (!infrastructure.empty()) std::cerr << "silentcors: " << infrastructure << "\n";

  if (result.interrupted_by) {
    std::cerr << "silentcors: interrupted after " << report::count_of(result.runs.size(), "run", "runs") << " of "
              << plan.total_runs() << "; the reports hold the runs that finished\n";
  }
  return exit_code;
}

}  // namespace silentcors::cli
