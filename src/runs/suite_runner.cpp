#include "runs/suite_runner.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>

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

SuiteResult run_suite(BrowserSlot& browsers, const std::vector<PlannedScenario>& plan, const SuiteOptions& options,
                      const SuiteListener& listener) {
  SuiteResult result;
  CombinedReport combined;  // From the runs' verdicts: no timelines (each run's own report has its own).
  std::size_t total = 0;
  for (const auto& planned : plan) total += run_indices(planned).size();
  std::size_t number = 0;
  std::string browser_gone;  // Set once Chromium or the connection is gone.

  for (const auto& planned : plan) {
    const scenario::Scenario& scenario = planned.scenario;
    // The scenario's own fixture app, for all its repeats.
    std::unique_ptr<fixture::FixtureApp> app;
    std::string fixture_error;
    if (planned.fixture && browser_gone.empty()) {
      try {
        app = std::make_unique<fixture::FixtureApp>(*planned.fixture);
        app->start();
      } catch (const std::exception& e) {
        fixture_error = std::string("the built-in fixture app did not start: ") + e.what();
      }
    }

    for (int index : run_indices(planned)) {
      ScenarioRun run = blank_run(planned, index);
      ++number;
      if (!browser_gone.empty() || !fixture_error.empty()) {
        run.outcome = ScenarioRun::Outcome::kError;
        run.error = !browser_gone.empty() ? "not run: " + browser_gone : fixture_error;
        Verdict none;
        if (listener.on_finish) listener.on_finish(run, none);
        result.runs.push_back(std::move(run));
        continue;
      }
      if (listener.on_start) listener.on_start(run, number, total);

      page::RunSetup setup;
      if (app) {
        setup.fixture_origin = app->frontend_origin();
        run.fixture_origins = {app->frontend_origin(), app->api_origin()};
      }
      setup.tracing_seed = tracing_seed_for(scenario, index);
      std::optional<capture::RecordingWriter> recording;
      if (!options.record_dir.empty()) {
        const auto path = std::filesystem::path(options.record_dir) / recording_file_name(planned, index);
        try {
          recording.emplace(path.string());
        } catch (const std::exception& e) {
          throw InputError(e.what());
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
      if (attempt.interrupted || page::interrupted()) {
        result.interrupted_by = page::interrupt_signal();
        break;
      }
      if (!browser.cdp().connected()) {
        const std::string reason = browser.cdp().disconnect_reason();
        if (attempt.error.empty()) {
          attempt.error = browser_failure(browser, "the DevTools connection broke during the run: " + reason);
        } else if (attempt.error.find(reason) == std::string::npos) {
          attempt.error += " (" + reason + ")";
        }
        // What the lost browser sent is incomplete: judge nothing by it.
        attempt.events.clear();
        if (std::string why = browsers.relaunch(); !why.empty()) {
          browser_gone = why + " (last lost during " + report::run_label(run) + ")";
        }
      }

      Verdict verdict;
      const ServerHints servers = servers_for(scenario, options.servers);
      run = judge_run(std::move(run), attempt, scenario.expect, verdict, servers);
      combined.add(run);
      if (listener.on_finish) listener.on_finish(run, verdict);
      if (listener.on_combined) listener.on_combined(combined.report());
      result.runs.push_back(std::move(run));
    }
    if (app) app->stop();
    if (result.interrupted_by) break;
  }
  result.combined = combined.report();
  return result;
}

}  // namespace silentcors::runs
