#include "page/scenario_runner.h"

#include <chrono>
#include <mutex>

#include "page/interrupt.h"
#include "page/page_session.h"
#include "page/step_runner.h"
#include "page/tracing_rehearsal.h"

namespace silentcors::page {

using std::chrono::milliseconds;

namespace {

PageOptions page_options(const scenario::Scenario& scenario, const RunSetup& setup) {
  PageOptions options;
  options.extra_headers = scenario.headers;
  if (scenario.viewport) options.viewport = std::make_pair(scenario.viewport->width, scenario.viewport->height);
  if (scenario.tracing) {
    options.init_scripts.push_back(
        tracing_init_script(*scenario.tracing, scenario.tracing->sample_ratio, setup.tracing_seed));
  }
  return options;
}

// What the tracing rehearsal did in the page's last document, when the user
// should know (no request matched propagateTo).
void note_tracing(PageSession& page, const scenario::Scenario& scenario, RunAttempt& attempt) {
  if (!scenario.tracing || attempt.interrupted || !attempt.error.empty()) return;
  try {
    const auto counters = page.evaluate(kTracingCountersExpression, Clock::now() + milliseconds(5000));
    if (auto note = tracing_note(*scenario.tracing, counters)) attempt.notes.push_back(*note);
  } catch (const browser::CdpError&) {
    if (!page.connected()) throw;  // Otherwise the page is gone or busy: nothing to say.
  } catch (const Interrupted&) {
    attempt.interrupted = true;
  }
}

// What the page driver worked around during the run (a navigation sent
// again), so a run that needed it says so.
void take_driver_notes(PageSession& page, RunAttempt& attempt) {
  for (auto& note : page.take_notes()) attempt.notes.push_back(std::move(note));
}

// Runs against an open page; fills `attempt`.
void drive(PageSession& page, const scenario::Scenario& scenario, const RunSetup& setup, RunAttempt& attempt,
           Clock::time_point deadline) {
  const milliseconds idle(scenario.idle_ms);
  const std::string url = resolve_url(scenario.url, setup.fixture_origin);
  try {
    page.navigate(url, deadline);
  } catch (const NavigationError& e) {
    attempt.error = e.what();
    return;
  } catch (const browser::CdpError& e) {
    if (!page.connected()) throw;
    attempt.error = "could not open " + url + ": " + e.what();
    return;
  }

  auto waited = page.wait_for_network_idle(idle, deadline);
  if (waited == PageSession::Wait::kInterrupted) {
    attempt.interrupted = true;
    return;
  }
  const std::string still_loading = "the network was not idle after the scenario's timeoutMs (" +
                                    std::to_string(scenario.timeout_ms) + " ms)";
  auto mark_unsettled = [&] {
    const size_t n = page.in_flight();
    attempt.unsettled = "the network was not idle at timeoutMs; " + std::to_string(n) +
                        (n == 1 ? " request" : " requests") + " still in flight";
  };
  if (waited == PageSession::Wait::kTimedOut) {
    mark_unsettled();
    if (!scenario.steps.empty()) {
      attempt.failures.push_back(scenario.file + ": " + url + " did not finish loading: " + still_loading +
                                 "; still in flight: " + page.describe_in_flight() + "; the steps did not run");
      return;
    }
    attempt.notes.push_back(still_loading + "; still in flight: " + page.describe_in_flight() +
                            "; analysed what arrived");
    return;
  }

  if (scenario.steps.empty()) return;
  const StepContext context{page, scenario.file, setup.fixture_origin, idle, deadline};
  for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
    try {
      if (run_step(context, scenario.steps[i], i) == StepStatus::kInterrupted) {
        attempt.interrupted = true;
        return;
      }
    } catch (const StepFailure& e) {
      attempt.failures.push_back(e.what());
      break;
    } catch (const NavigationError& e) {
      attempt.error = step_label(scenario.steps[i], i, scenario.file) + ": " + e.what();
      return;
    } catch (const Interrupted&) {
      attempt.interrupted = true;
      return;
    }
  }
  // What the last step started (or what was in flight when a step failed)
  // is part of the run, as far as the scenario's time allows.
  waited = page.wait_for_network_idle(idle, deadline);
  if (waited == PageSession::Wait::kInterrupted) {
    attempt.interrupted = true;
  } else if (waited == PageSession::Wait::kTimedOut && attempt.failures.empty()) {
    mark_unsettled();
    attempt.notes.push_back("after the last step, " + still_loading + "; still in flight: " +
                            page.describe_in_flight() + "; analysed what arrived");
  }
}

}  // namespace

RunAttempt run_scenario_once(browser::CdpClient& cdp, const scenario::Scenario& scenario, const RunSetup& setup) {
  RunAttempt attempt;
  const auto started = Clock::now();
  const auto deadline = started + milliseconds(scenario.timeout_ms);

  // Events arrive on the transport thread until the page is closed.
  std::mutex mutex;
  std::vector<nlohmann::json> events;
  auto sink = [&](const browser::CdpEvent& event) {
    std::lock_guard lock(mutex);
    events.push_back(event.message);
    if (setup.record) setup.record(event.raw);
  };
  try {
    PageSession page(cdp, page_options(scenario, setup), sink);
    drive(page, scenario, setup, attempt, deadline);
    note_tracing(page, scenario, attempt);
    take_driver_notes(page, attempt);
    page.close();
  } catch (const browser::CdpError& e) {
    if (!cdp.connected()) throw;
    attempt.error = std::string("the browser refused to set up a page: ") + e.what();
  }
  {
    std::lock_guard lock(mutex);
    attempt.events = std::move(events);
  }
  attempt.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return attempt;
}

struct RepeatPage::Impl {
  Impl(browser::CdpClient& c, const scenario::Scenario& s, std::vector<std::string> o)
      : cdp(c), scenario(s), origins(std::move(o)) {}
  browser::CdpClient& cdp;
  const scenario::Scenario& scenario;
  std::vector<std::string> origins;
  std::mutex mutex;
  std::vector<nlohmann::json> events;  // The current run's.
  std::function<void(std::string_view)> record;
  std::unique_ptr<PageSession> page;
  bool first = true;
};

RepeatPage::RepeatPage(browser::CdpClient& cdp, const scenario::Scenario& scenario, std::vector<std::string> origins)
    : impl_(std::make_unique<Impl>(cdp, scenario, std::move(origins))) {
  Impl* impl = impl_.get();
  RunSetup no_tracing;
  PageOptions options = page_options(scenario, no_tracing);
  options.init_scripts.clear();  // Set per run, with the run's seed.
  impl->page = std::make_unique<PageSession>(cdp, options, [impl](const browser::CdpEvent& event) {
    std::lock_guard lock(impl->mutex);
    impl->events.push_back(event.message);
    if (impl->record) impl->record(event.raw);
  });
}

RepeatPage::~RepeatPage() = default;

RunAttempt RepeatPage::run(const RunSetup& setup) {
  RunAttempt attempt;
  const auto started = Clock::now();
  const auto deadline = started + milliseconds(impl_->scenario.timeout_ms);
  PageSession& page = *impl_->page;
  try {
    if (!impl_->first) page.reset_for_next_run(impl_->origins, deadline);
    impl_->first = false;
    page.replace_init_scripts(page_options(impl_->scenario, setup).init_scripts, deadline);
    {
      // What the reset itself caused belongs to no run.
      std::lock_guard lock(impl_->mutex);
      impl_->events.clear();
      impl_->record = setup.record;
    }
    drive(page, impl_->scenario, setup, attempt, deadline);
    note_tracing(page, impl_->scenario, attempt);
  } catch (const NavigationError& e) {
    attempt.error = std::string("could not reset the page for the next run: ") + e.what();
  } catch (const browser::CdpError& e) {
    if (!impl_->cdp.connected()) throw;
    attempt.error = std::string("the browser refused to reuse the page: ") + e.what();
  }
  take_driver_notes(page, attempt);
  {
    std::lock_guard lock(impl_->mutex);
    attempt.events = std::move(impl_->events);
    impl_->events.clear();
    impl_->record = nullptr;
  }
  attempt.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return attempt;
}

}  // namespace silentcors::page
