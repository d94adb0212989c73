#include "runs/triage_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "analysis/analyzer.h"
#include "analysis/url_parts.h"
#include "capture/recording_writer.h"
#include "fixture/fixture_app.h"
#include "report/report_text.h"
#include "page/interrupt.h"
#include "runs/suite_runner.h"

namespace silentcors::runs {

namespace {

// Whose storage a reused page clears between runs.
std::vector<std::string> origins_of(const scenario::Scenario& scenario, const fixture::FixtureApp* app) {
  if (app) return {app->frontend_origin(), app->api_origin()};
  return {origin_of(scenario.url)};
}

// Runs were labelled "[i/max]" while the total was unknown; a triage that
// stopped after `done` runs names them "[i/done]". Then the verdict.
void conclude(TriageResult& result, Report combined, int done, int failed, double p_threshold) {
  result.combined = std::move(combined);
  std::map<std::string, std::string> relabel;
  for (auto& run : result.runs) {
    const std::string before = report::run_label(run);
    run.repeat_count = done;
    relabel[before] = report::run_label(run);
  }
  for (auto& finding : result.combined.findings) {
    for (auto& source : finding.sources) {
      if (auto it = relabel.find(source); it != relabel.end()) source = it->second;
    }
  }
  result.verdict = triage_verdict(result.combined, {done, failed}, p_threshold);
}

}  // namespace

TriageResult run_triage(browser::Browser& browser, const PlannedScenario& planned, const TriageOptions& options,
                        const TriageListener& listener) {
  return run_triage(std::vector<browser::Browser*>{&browser}, planned, options, listener);
}

TriageResult run_triage(const std::vector<browser::Browser*>& browsers, const PlannedScenario& planned,
                        const TriageOptions& options, const TriageListener& listener) {
  scenario::Scenario scenario = planned.scenario;
  if (options.sample_ratio && scenario.tracing) scenario.tracing->sample_ratio = *options.sample_ratio;

  std::unique_ptr<fixture::FixtureApp> app;
  if (planned.fixture) {
    app = std::make_unique<fixture::FixtureApp>(*planned.fixture);
    app->start();
  }

  TriageResult result;
  const StopRule rule = options.stop_rule();
  // Its p-values pay for every look the early stop may take.
  Analyzer combined({rule.looks()});
  combined.keep_timelines(false);  // Each run's own report has its timeline.
  std::mutex mutex;  // Guards everything below, result and combined.
  int done = 0, failed = 0;
  std::atomic<int> next_index{1};
  std::atomic<bool> stop{false};
  // With a browser per worker (--grid), a lost browser takes only its
  // worker out: the run it broke goes back here for another worker, so runs
  // 1..n are all counted, in order, as if nothing had happened.
  std::vector<int> retry;
  std::vector<bool> lost(browsers.size(), false);
  // Runs finish out of order with several workers; they are judged and
  // counted in index order, so the statistics, the early stop and the
  // verdict are those of runs 1..n whatever the number of workers. A run
  // finished before the ones ahead of it waits here; what is still waiting
  // when the triage stops is past the stopping point and discarded.
  std::map<int, std::pair<ScenarioRun, page::RunAttempt>> waiting;
  using SteadyClock = std::chrono::steady_clock;
  const auto runs_started = SteadyClock::now();
  std::vector<SteadyClock::time_point> finished_at;  // Per counted run.
  SteadyClock::time_point all_warm = runs_started;   // Every worker's first run is over.

  PlannedScenario numbered = planned;  // Recordings are numbered by run.
  numbered.repeat = options.runs;

  // Under `mutex`: judges and counts every run whose predecessors are in.
  auto count_in_order = [&] {
    while (!stop.load()) {
      auto next = waiting.find(done + 1);
      if (next == waiting.end()) return;
      auto [run, attempt] = std::move(next->second);
      waiting.erase(next);
      Verdict verdict;
      try {
        const ServerHints servers = servers_for(scenario, options.servers);
        run = judge_run(std::move(run), attempt, scenario.expect, verdict, servers);
        feed(combined, run, attempt, report::run_label(run), servers);
      } catch (const std::exception& e) {
        if (result.browser_lost.empty()) result.browser_lost = std::string("could not analyse a run: ") + e.what();
        stop = true;
        return;
      }
      ++done;
      finished_at.push_back(SteadyClock::now());
      if (run.outcome != ScenarioRun::Outcome::kPassed) ++failed;
      result.runs.push_back(std::move(run));
      if (listener.on_progress) listener.on_progress(done, options.runs, failed);
      if (listener.on_counted) {
        TriageResult so_far;
        so_far.runs = result.runs;
        so_far.runs_seconds = std::chrono::duration<double>(SteadyClock::now() - runs_started).count();
        conclude(so_far, combined.report(), done, failed, options.p_threshold);
        listener.on_counted(so_far);
      }
      if (rule.may_stop_after(done)) {
        TriageVerdict now = triage_verdict(combined.report(), {done, failed}, rule.p_threshold);
        if (now.settled) {
          result.stopped_early = true;
          stop = true;
        }
      }
    }
  };

  const auto take_index = [&] {
    std::lock_guard lock(mutex);
    if (!retry.empty()) {
      const int index = retry.back();
      retry.pop_back();
      return index;
    }
    return next_index.fetch_add(1);
  };
  // Under `mutex`: whether `browser_index`'s loss is only its worker's.
  const auto others_go_on = [&](std::size_t browser_index, int index) {
    lost[browser_index] = true;
    if (std::count(lost.begin(), lost.end(), false) == 0) return false;
    retry.push_back(index);
    return true;
  };

  auto worker = [&](std::size_t browser_index) {
    browser::Browser& browser = *browsers[browser_index];
    std::unique_ptr<page::RepeatPage> reused;
    bool warm = false;
    while (!stop.load()) {
      const int index = take_index();
      if (index > options.runs) break;
      ScenarioRun run = blank_run(planned, index);
      run.repeat_count = options.runs;
      page::RunSetup setup;
      if (app) setup.fixture_origin = app->frontend_origin();
      setup.tracing_seed = tracing_seed_for(scenario, index);

      std::optional<capture::RecordingWriter> recording;
      page::RunAttempt attempt;
      try {
        if (!options.record_dir.empty()) {
          recording.emplace((std::filesystem::path(options.record_dir) / recording_file_name(numbered, index)).string());
          setup.record = [&recording](std::string_view raw) { recording->write(raw); };
        }
        if (options.isolation == page::Isolation::kPage) {
          // Its own page in its own browser context: nothing of one
          // worker's runs (cookies, storage, preflight cache) reaches another's.
          if (!reused) reused = std::make_unique<page::RepeatPage>(browser.cdp(), scenario, origins_of(scenario, app.get()));
          attempt = reused->run(setup);
        } else {
          attempt = page::run_scenario_once(browser.cdp(), scenario, setup);
        }
        if (recording) recording->close();
        if (listener.on_run_ended) listener.on_run_ended(index);
      } catch (const std::exception& e) {
        // A worker thread must not let anything escape (std::terminate):
        // whatever stopped the run stops the triage, and is reported.
        std::lock_guard lock(mutex);
        const bool devtools = dynamic_cast<const browser::CdpError*>(&e) != nullptr;
        if (devtools && browsers.size() > 1 && others_go_on(browser_index, index)) break;
        if (result.browser_lost.empty()) {
          result.browser_lost = devtools ? browser_failure(browser, std::string("DevTools: ") + e.what())
                                         : std::string("the run could not be carried out: ") + e.what();
        }
        stop = true;
        break;
      }
      // A run a signal cut short is no run; one that ended before the
      // signal came is counted below, and then the triage stops.
      if (attempt.interrupted) {
        stop = true;
        break;
      }
      // A crash shows as a run that ended early with no error of its own,
      // a hang as one whose error came from a browser that no longer
      // answers: neither counts as a run.
      if (!browser.cdp().connected() || (!attempt.error.empty() && !still_answers(browser.cdp()))) {
        std::lock_guard lock(mutex);
        if (browsers.size() > 1 && others_go_on(browser_index, index)) break;
        if (result.browser_lost.empty()) {
          result.browser_lost = browser_failure(
              browser, browser.cdp().connected()
                           ? "the browser stopped answering DevTools during the run (" + attempt.error + ")"
                           : "the DevTools connection broke during the run: " + browser.cdp().disconnect_reason());
        }
        stop = true;
        break;
      }

      std::lock_guard lock(mutex);
      if (!warm) {
        warm = true;
        all_warm = std::max(all_warm, SteadyClock::now());
      }
      waiting.emplace(index, std::make_pair(std::move(run), std::move(attempt)));
      count_in_order();
      if (page::interrupted()) stop = true;
    }
  };

  // Local workers share one browser (a page each); Grid workers have one each.
  const auto run_workers = [&](int count) {
    std::vector<std::size_t> assigned;
    for (std::size_t i = 0; assigned.size() < static_cast<std::size_t>(count) && i < count * browsers.size(); ++i) {
      if (!lost[i % browsers.size()]) assigned.push_back(i % browsers.size());
    }
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < assigned.size(); ++i) threads.emplace_back(worker, assigned[i]);
    if (!assigned.empty()) worker(assigned[0]);
    for (auto& thread : threads) thread.join();
  };
  run_workers(options.workers);
  // A run given back after the other workers had finished: the browsers left take it.
  while (!stop.load() && !retry.empty()) {
    run_workers(static_cast<int>(std::count(lost.begin(), lost.end(), false)));
  }
  if (app) app->stop();
  const auto runs_ended = SteadyClock::now();
  result.runs_seconds = std::chrono::duration<double>(runs_ended - runs_started).count();
  // Throughput once every worker has its page and a first run behind it
  // (a fresh renderer's start is a cost of the browser, not of a run).
  const auto warm_runs = std::count_if(finished_at.begin(), finished_at.end(),
                                       [&](auto at) { return at > all_warm; });
  if (warm_runs > 0) {
    result.warm_ms_per_run =
        std::chrono::duration<double, std::milli>(runs_ended - all_warm).count() / static_cast<double>(warm_runs);
  }

  if (page::interrupted()) result.interrupted_by = page::interrupt_signal();
  conclude(result, combined.report(), done, failed, options.p_threshold);
  return result;
}

}  // namespace silentcors::runs
