// judge_visits on a page visit recorded from real Chromium (the refused
// POST of header_not_allowed_three.jsonl), as `watch` hands it over.
#include "runs/watch_runs.h"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace silentcors::runs {
namespace {

page::WatchedVisit recorded_visit(const std::string& name) {
  page::WatchedVisit visit{"CTX", "page", "http://127.0.0.1/page.html", {}};
  std::ifstream in(std::string(SILENTCORS_TEST_DATA) + "/recordings/" + name + ".jsonl");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) visit.events.push_back(line);
  }
  return visit;
}

// Issue 18 item 8: every visit was 0 ms, and its failure pointed at a
// scenario field watch does not have.
TEST(WatchRuns, AVisitLastsAsLongAsItsNetworkEventsAndItsFailureNamesNoScenarioField) {
  WatchResult result = judge_visits({recorded_visit("header_not_allowed_three")}, "CTX", "");
  ASSERT_EQ(result.runs.size(), 1u);
  const ScenarioRun& run = result.runs[0];
  EXPECT_EQ(run.outcome, ScenarioRun::Outcome::kFailed);
  // From the first to the last Network event's timestamp: 3648.0289 to 3648.0986.
  EXPECT_NEAR(run.seconds, 0.0697, 0.0005);
  ASSERT_FALSE(result.verdicts[0].failures.empty());
  for (const auto& failure : result.verdicts[0].failures) {
    EXPECT_EQ(failure.find("expect.allow"), std::string::npos) << failure;
  }
}

// Each Playwright worker has a browser of its own: the same page visited in
// both is two scenarios, each named after its browser; a browser whose
// visits asked for nothing is not counted (watch's own, unused by a suite
// that launched silentcors-chromium).
TEST(WatchRuns, VisitsOfSeveralBrowsersAreNamedAfterTheirBrowser) {
  page::WatchedVisit blank{"CTX", "page", "about:blank", {}};
  WatchResult result = judge_visits({{{blank}, "CTX"},
                                     {{recorded_visit("header_not_allowed_three")}, "CTX"},
                                     {{recorded_visit("header_not_allowed_three")}, "OTHER"}},
                                    "");
  ASSERT_EQ(result.runs.size(), 2u);
  EXPECT_EQ(result.runs[0].scenario, "http://127.0.0.1/page.html (browser 1, default context)");
  EXPECT_EQ(result.runs[1].scenario, "http://127.0.0.1/page.html (browser 2, context 2)");
  EXPECT_EQ(result.browsers, 2u);
  EXPECT_EQ(result.contexts, 2u);
  // One browser with visits: named as before, by context only.
  WatchResult one = judge_visits({{{blank}, "CTX"}, {{recorded_visit("header_not_allowed_three")}, "CTX"}}, "");
  ASSERT_EQ(one.runs.size(), 1u);
  EXPECT_EQ(one.runs[0].scenario, "http://127.0.0.1/page.html (default context)");
  EXPECT_EQ(one.browsers, 1u);
}

}  // namespace
}  // namespace silentcors::runs
