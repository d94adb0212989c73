// One run of a scenario in a fresh browser context: open its url (with its
// headers and viewport), wait for network idle, run its steps, wait for
// network idle again, and hand back every CDP event of the page for the
// analysis. What the events mean is not decided here (see suite_runner.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "browser/cdp_client.h"
#include "scenario/scenario.h"

namespace silentcors::page {

struct RunAttempt {
  std::vector<nlohmann::json> events;  // Every CDP event of the page, in arrival order.
  // Why the scenario failed (a step that did not work): exit code 1.
  std::vector<std::string> failures;
  // Why it could not run at all (the page could not be opened): exit code 3.
  std::string error;
  // Worth knowing, not a failure (the network never went idle).
  std::vector<std::string> notes;
  // Set when the run ended at its timeoutMs with requests still in flight
  // (the browser healthy): a pass then is a "PASS?", not a PASS.
  std::string unsettled;
  bool interrupted = false;  // SIGINT/SIGTERM: the attempt is incomplete.
  double seconds = 0;
};

struct RunSetup {
  std::string fixture_origin;  // What "/path" URLs resolve against; "" without a fixture.
  // Receives each event's raw text as it arrives (run --record); may be empty.
  std::function<void(std::string_view raw)> record;
  // The sampler's seed for the scenario's tracing rehearsal ("tracing"),
  // if it has one: the same seed samples the same requests.
  std::uint64_t tracing_seed = 0;
};

// Throws browser::CdpError only when the DevTools connection broke.
RunAttempt run_scenario_once(browser::CdpClient& cdp, const scenario::Scenario& scenario, const RunSetup& setup);

// How repeats of one scenario are kept independent of each other.
enum class Isolation {
  kContext,  // A fresh browser context per run (what `run` does).
  kPage,     // One page, reset between runs: about:blank, cookies and storage
             // cleared, HTTP cache disabled (so every request preflights again).
};

// Runs a scenario again and again in one page (Isolation::kPage): no new
// context or page to set up per run, which is most of a short run's cost.
class RepeatPage {
 public:
  // `origins`: whose storage to clear between runs (the page's and the API's).
  RepeatPage(browser::CdpClient& cdp, const scenario::Scenario& scenario, std::vector<std::string> origins);
  ~RepeatPage();
  RunAttempt run(const RunSetup& setup);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace silentcors::page
