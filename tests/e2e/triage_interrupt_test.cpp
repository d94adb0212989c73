// A signal that lands just after a triage's run has ended, in process with
// real Chromium. Found by luck in the suite: a SIGTERM between a run's
// recording reaching disk and its count gave a report of 0 runs beside
// stopped-1.jsonl. Here the signal is sent at exactly that moment (the
// runner's on_run_ended), so the order cannot be missed.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "browser/browser.h"
#include "e2e_support.h"
#include "page/interrupt.h"
#include "runs/run_plan.h"
#include "runs/triage_runner.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;

TEST(TriageInterrupt, ARunThatEndedBeforeTheSignalIsCountedAndReported) {
  page::install_interrupt_handling();  // Before any thread: the signal then goes to its own.
  TempDir tmp;
  const fs::path scenario = tmp.path() / "late.json";
  std::ofstream(scenario) << R"({"name": "late", "url": "/p", "idleMs": 150, "fixture": {
      "routes": [{"path": "/api/orders", "allowMethods": "GET", "allowHeaders": "Content-Type"}],
      "pages": {"/p": "<!doctype html><script>fetch('{{API}}/api/orders').catch(() => {});</script>"}}})";
  runs::RunPlan plan = runs::plan_run({scenario.string()}, {});
  ASSERT_TRUE(plan.errors.empty()) << plan.errors.front();
  runs::TriageOptions options;
  options.runs = 5;
  options.stop_early = false;
  options.record_dir = (tmp.path() / "runs").string();
  fs::create_directories(options.record_dir);
  runs::TriageListener listener;
  listener.on_run_ended = [](int index) {
    if (index != 1) return;
    ::kill(::getpid(), SIGTERM);
    // The signal thread has taken it in (sigwait), as in a real stop.
    ASSERT_TRUE(eventually([] { return page::interrupted(); }, std::chrono::seconds(10)));
  };
  setenv("TMPDIR", tool_tmpdir(tmp.str()).c_str(), 1);
  runs::TriageResult result;
  {
    browser::Browser chrome(browser::ChromeOptions{});
    result = runs::run_triage(chrome, plan.scenarios.front(), options, listener);
  }
  EXPECT_EQ(result.interrupted_by, SIGTERM);
  EXPECT_TRUE(fs::exists(tmp.path() / "runs" / "late-1.jsonl"));
  EXPECT_EQ(result.runs.size(), 1u) << "run 1 ended, and is on disk, before the signal";
}

}  // namespace
}  // namespace silentcors::e2e
