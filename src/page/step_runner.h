// Runs a scenario's steps (goto, click, fill, press, waitFor, evaluate) in a
// page over CDP. Every wait is on a condition (a MutationObserver in the
// page, network events), bounded by the step's timeoutMs or the time the
// scenario has left; only an explicit `waitFor: <ms>` waits for the clock.
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "page/page_session.h"
#include "scenario/scenario.h"

namespace silentcors::page {

// A step did not do what it says (no element matched, the JavaScript threw,
// time ran out): the scenario fails (exit code 1). The message names the
// step and where it is written.
class StepFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StepContext {
  PageSession& page;
  std::string file;            // the scenario file, for messages
  std::string fixture_origin;  // what "/path" URLs resolve against; "" without a fixture
  std::chrono::milliseconds idle{500};
  Clock::time_point scenario_deadline;
};

// "/checkout" -> fixture_origin + "/checkout"; absolute URLs as they are.
std::string resolve_url(const std::string& url, const std::string& fixture_origin);

// `step 2 (checkout.json:7:5) click "#buy"`: index is 0-based, shown 1-based.
std::string step_label(const scenario::Step& step, std::size_t index, const std::string& file);

enum class StepStatus { kDone, kInterrupted };

// Throws StepFailure; NavigationError when a goto's page cannot be opened
// at all; browser::CdpError when the DevTools connection broke.
StepStatus run_step(const StepContext& context, const scenario::Step& step, std::size_t index);

}  // namespace silentcors::page
