#include "runs/suite_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "analysis/analyzer.h"
#include "analysis/input_error.h"
#include "browser/browser_error.h"
#include "capture/recording_writer.h"
#include "fixture/fixture_app.h"
#include "report/report_text.h"
#include "page/interrupt.h"
#include "runs/run_aggregation.h"
#include "page/scenario_runner.h"

namespace silentcors::runs {

const std::string_view kNoCrossOriginNote =
    "no cross-origin request seen: if the page calls its API later, add a waitFor step";

ScenarioRun blank_run(const PlannedScenario& planned, int index) {
  ScenarioRun run;
  run.scenario = planned.scenario.name;
  run.file = planned.scenario.file;
  run.repeat_index = index;
  run.repeat_count = planned.repeat;
  run.suite_index = planned.first_run + static_cast<std::size_t>(index - 1);
  return run;
}

ServerHints servers_for(const scenario::Scenario& scenario, const ServerHints& command_line) {
  ServerHints out = scenario.servers;
  for (const auto& [origin, kind] : command_line) out[origin] = kind;
  return out;
}

void feed(Analyzer& analyzer, const ScenarioRun& run, const page::RunAttempt& attempt, const std::string& label,
          const ServerHints& servers) {
  analyzer.set_servers(servers);
  analyzer.begin_source(label, run.scenario);
  for (const auto& event : attempt.events) analyzer.add(event);
  analyzer.end_source();
}

namespace {

bool same_findings(const Report& a, const Report& b) {
  if (a.findings.size() != b.findings.size()) return false;
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const Finding& x = a.findings[i];
    const Finding& y = b.findings[i];
    if (x.kind != y.kind || x.method != y.method || x.url != y.url || x.headers != y.headers) return false;
  }
  return true;
}

}  // namespace

// The run's verdict from what happened in the browser and what its events show.
ScenarioRun judge_run(ScenarioRun run, const page::RunAttempt& attempt, const scenario::Expect& expect, Verdict& verdict,
                      const ServerHints& servers) {
  const std::string label = report::run_label(run);
  // The run's events give its verdicts; its report (and, in CombinedReport,
  // the suite's) is built from those, as `merge` builds it from report.json.
  Analyzer analyzer;
  analyzer.on_verdict([&run](const RequestVerdict& v) {
    if (v.outcome != RequestVerdict::Outcome::kIgnored) run.verdicts.push_back(v);
  });
  feed(analyzer, run, attempt, label, servers);
  Report report = verdicts_report(run.verdicts, label, run.scenario, attempt.notes);
  // The HTML report's waterfall: only the analyzer saw the requests' times.
  // Its findings are the same verdicts aggregated the same way, in the same
  // order, which the timeline's finding indexes point into.
  Report analyzed = analyzer.report();
  if (same_findings(analyzed, report)) report.timelines = std::move(analyzed.timelines);
  // A page whose API call comes later than the idle wait passes with
  // nothing checked: say so, rather than a silent PASS.
  if (attempt.error.empty() && !attempt.interrupted && report.summary.cross_origin_requests == 0) {
    report.notes.push_back(std::string(kNoCrossOriginNote));
  }
  run.unsettled = attempt.unsettled;

  verdict = judge(report, expect);
  run.seconds = attempt.seconds;
  run.failing = verdict.failing;
  run.report = failing_first(std::move(report), verdict);
  run.tolerated = verdict.tolerated;
  run.failing_findings = verdict.failing.size();
  run.failures = attempt.failures;
  run.failures.insert(run.failures.end(), verdict.failures.begin(), verdict.failures.end());
  if (!attempt.error.empty()) {
    run.outcome = ScenarioRun::Outcome::kError;
    run.error = attempt.error;
  } else {
    run.outcome = run.failures.empty() ? ScenarioRun::Outcome::kPassed : ScenarioRun::Outcome::kFailed;
  }
  return run;
}

std::uint64_t tracing_seed_for(const scenario::Scenario& scenario, int index) {
  if (!scenario.tracing) return 0;
  // Repeats sample differently (that is what they measure), and a seeded
  // scenario samples the same way every time it runs.
  return scenario.tracing->seed ? static_cast<std::uint64_t>(*scenario.tracing->seed) + (index - 1)
                                : std::random_device{}();
}

bool still_answers(browser::CdpClient& cdp, std::chrono::milliseconds within) {
  if (!cdp.connected()) return false;
  try {
    cdp.call("Browser.getVersion", nlohmann::json::object(), {}, within);
    return true;
  } catch (const browser::CdpError&) {
    return false;
  }
}

std::string browser_failure(browser::Browser& browser, const std::string& what) {
  try {
    browser.fail(what);
  } catch (const browser::BrowserError& e) {
    return e.what();
  }
  return what;
}

std::vector<ScenarioRun> runs_not_started(const std::vector<PlannedScenario>& plan, const std::string& error) {
  std::vector<ScenarioRun> runs;
  for (const auto& planned : plan) {
    for (int i : run_indices(planned)) {
      ScenarioRun run = blank_run(planned, i);
      run.outcome = ScenarioRun::Outcome::kError;
      run.error = error;
      runs.push_back(std::move(run));
    }
  }
  return runs;
}

namespace {

// One run of the plan, numbered as the suite counts them.
struct Job {
  std::size_t scenario = 0;  // Into the plan.
  int index = 0;             // The repeat.
  std::size_t number = 0;    // 1-based, in plan order.
};

// A scenario's fixture app, shared by its runs whichever worker has them:
// started for its first run, stopped after its last.
struct ScenarioApp {
  std::mutex mutex;
  bool started = false;
  std::unique_ptr<fixture::FixtureApp> app;
  std::string error;
  std::size_t runs_left = 0;
};

}  // namespace

SuiteResult run_suite(BrowserSlot& browsers, const std::vector<PlannedScenario>& plan, const SuiteOptions& options,
                      const SuiteListener& listener) {
  std::vector<BrowserSlot*> slots{&browsers};
  return run_suite(slots, plan, options, listener);
}

SuiteResult run_suite(const std::vector<BrowserSlot*>& slots, const std::vector<PlannedScenario>& plan,
                      const SuiteOptions& options, const SuiteListener& listener) {
  std::vector<Job> jobs;
  std::vector<ScenarioApp> apps(plan.size());
  for (std::size_t s = 0; s < plan.size(); ++s) {
    for (int index : run_indices(plan[s])) jobs.push_back({s, index, jobs.size() + 1});
    apps[s].runs_left = run_indices(plan[s]).size();
  }
  const std::size_t total = jobs.size();

  SuiteResult result;
  CombinedReport combined;  // From the runs' verdicts: no timelines (each run's own report has its own).
  std::mutex mutex;         // Guards what follows, and the listener's calls.
  // Runs finish out of order with several workers; they are reported and
  // combined in plan order, so the reports are those of one worker.
  std::map<std::size_t, std::pair<ScenarioRun, Verdict>> finished;
  std::size_t reported = 0;
  std::string browser_gone;  // Why the last worker left, once no browser is left.
  std::size_t workers_left = slots.size();
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::optional<InputError> input_error;

  // Under `mutex`.
  const auto report_in_order = [&] {
    for (auto it = finished.find(reported + 1); it != finished.end(); it = finished.find(reported + 1)) {
      auto& [run, verdict] = it->second;
      combined.add(run);
      if (listener.on_finish) listener.on_finish(run, verdict);
      if (listener.on_combined) listener.on_combined(combined.report());
      result.runs.push_back(std::move(run));
      finished.erase(it);
      ++reported;
    }
  };
  const auto finish = [&](const Job& job, ScenarioRun run, Verdict verdict) {
    std::lock_guard lock(mutex);
    finished.emplace(job.number, std::make_pair(std::move(run), std::move(verdict)));
    report_in_order();
  };
  const auto app_for = [&](const Job& job) -> ScenarioApp& {
    ScenarioApp& shared = apps[job.scenario];
    std::lock_guard lock(shared.mutex);
    if (!shared.started && plan[job.scenario].fixture) {
      try {
        shared.app = std::make_unique<fixture::FixtureApp>(*plan[job.scenario].fixture);
        shared.app->start();
      } catch (const std::exception& e) {
        shared.app.reset();
        shared.error = std::string("the built-in fixture app did not start: ") + e.what();
      }
    }
    shared.started = true;
    return shared;
  };
  const auto done_with_app = [&](const Job& job) {
    ScenarioApp& shared = apps[job.scenario];
    std::lock_guard lock(shared.mutex);
    if (--shared.runs_left == 0 && shared.app) {
      shared.app->stop();
      shared.app.reset();
    }
  };

  const auto worker = [&](BrowserSlot& browsers) {
    for (std::size_t taken = next.fetch_add(1); taken < total && !stop.load(); taken = next.fetch_add(1)) {
      const Job& job = jobs[taken];
      const PlannedScenario& planned = plan[job.scenario];
      const scenario::Scenario& scenario = planned.scenario;
      ScenarioRun run = blank_run(planned, job.index);
      ScenarioApp& shared = app_for(job);
      if (!shared.error.empty()) {
        run.outcome = ScenarioRun::Outcome::kError;
        run.error = shared.error;
        done_with_app(job);
        finish(job, std::move(run), Verdict{});
        continue;
      }
      if (listener.on_start) {
        std::lock_guard lock(mutex);
        listener.on_start(run, job.number, total);
      }

      page::RunSetup setup;
      if (shared.app) {
        setup.fixture_origin = shared.app->frontend_origin();
        run.fixture_origins = {shared.app->frontend_origin(), shared.app->api_origin()};
      }
      setup.tracing_seed = tracing_seed_for(scenario, job.index);
      std::optional<capture::RecordingWriter> recording;
      if (!options.record_dir.empty()) {
        const auto path = std::filesystem::path(options.record_dir) / recording_file_name(planned, job.index);
        try {
          recording.emplace(path.string());
        } catch (const std::exception& e) {
          std::lock_guard lock(mutex);
          if (!input_error) input_error.emplace(e.what());
          stop = true;
          done_with_app(job);
          return;
        }
        setup.record = [&recording](std::string_view raw) { recording->write(raw); };
      }

      browser::Browser& browser = browsers.get();
      page::RunAttempt attempt;
      const auto started = std::chrono::steady_clock::now();
      try {
        attempt = page::run_scenario_once(browser.cdp(), scenario, setup);
      } catch (const browser::CdpError& e) {
        attempt.error = browser_failure(browser, std::string("DevTools: ") + e.what());
        // The run lasted until the browser let it down (it read "0ms").
        attempt.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      }
      if (recording) recording->close();
      done_with_app(job);
      // A run a signal cut short is no run; one that ended before the
      // signal came is reported below, and then the suite stops.
      if (attempt.interrupted) {
        std::lock_guard lock(mutex);
        result.interrupted_by = page::interrupt_signal();
        stop = true;
        return;
      }
      const bool lost = !browser.cdp().connected() || (!attempt.error.empty() && !still_answers(browser.cdp()));
      if (lost) {
        const std::string reason = browser.cdp().connected() ? "it stopped answering DevTools"
                                                              : browser.cdp().disconnect_reason();
        if (attempt.error.empty()) {
          attempt.error = browser_failure(browser, "the DevTools connection broke during the run: " + reason);
        } else if (attempt.error.find(reason) == std::string::npos) {
          attempt.error += " (" + reason + ")";
        }
        // What the lost browser sent is incomplete: judge nothing by it.
        attempt.events.clear();
      }
      const std::string label = report::run_label(run);
      Verdict verdict;
      const ServerHints servers = servers_for(scenario, options.servers);
      run = judge_run(std::move(run), attempt, scenario.expect, verdict, servers);
      // Reported before a new browser is sought: that may take a while.
      finish(job, std::move(run), std::move(verdict));
      if (page::interrupted()) {
        std::lock_guard lock(mutex);
        result.interrupted_by = page::interrupt_signal();
        stop = true;
        return;
      }
      if (lost && next.load() < total) {
        if (std::string why = browsers.relaunch(); !why.empty()) {
          // The runs this worker would have had go to the others.
          std::lock_guard lock(mutex);
          if (--workers_left == 0) browser_gone = why + " (last lost during " + label + ")";
          return;
        }
      }
    }
  };
  // A worker with nothing left to run gives its browser back at once: on a
  // Grid, another worker's new session may be waiting for that slot.
  const auto worker_then_release = [&](BrowserSlot& browsers) {
    worker(browsers);
    if (slots.size() > 1) browsers.release();
  };

  std::vector<std::thread> threads;
  for (std::size_t w = 1; w < slots.size(); ++w) threads.emplace_back(worker_then_release, std::ref(*slots[w]));
  worker_then_release(*slots[0]);
  for (auto& thread : threads) thread.join();
  if (input_error) throw *input_error;

  // What no worker was left to run, and what an interrupt cut off.
  if (!result.interrupted_by) {
    for (std::size_t taken = std::min(next.load(), total); taken < total; ++taken) {
      const Job& job = jobs[taken];
      ScenarioRun run = blank_run(plan[job.scenario], job.index);
      run.outcome = ScenarioRun::Outcome::kError;
      run.error = "not run: " + browser_gone;
      finished.emplace(job.number, std::make_pair(std::move(run), Verdict{}));
    }
  }
  // Runs that finished behind an interrupted one are reported too.
  while (!finished.empty()) {
    reported = finished.begin()->first - 1;
    report_in_order();
  }
  for (auto& shared : apps) {
    if (shared.app) shared.app->stop();
  }
  result.combined = combined.report();
  return result;
}

}  // namespace silentcors::runs
