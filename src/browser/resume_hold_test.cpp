// ResumeHold on the orders a suite and silentcors really produce under
// `watch` (the protocol log of a lost popup: the suite's resume reached the
// browser a second before silentcors' Network.enable was answered).
#include "browser/resume_hold.h"

#include <gtest/gtest.h>

namespace silentcors::browser {
namespace {

using Strings = std::vector<std::string>;
const auto t0 = ResumeHold::Clock::time_point{} + std::chrono::hours(1);

const std::string kAttachedHeld =
    R"({"method":"Target.attachedToTarget","params":{"sessionId":"S1","targetInfo":{"targetId":"POPUP","type":"page"},"waitingForDebugger":true}})";
const std::string kResume = R"({"id":7,"method":"Runtime.runIfWaitingForDebugger","params":{},"sessionId":"S1"})";
const std::string kEvaluate = R"({"id":8,"method":"Runtime.evaluate","params":{"expression":"1"},"sessionId":"S1"})";

TEST(ResumeHold, TheSuitesResumeWaitsUntilSilentcorsHasSetTheTargetUp) {
  std::set<std::string> released;
  ResumeHold hold(released);
  hold.from_browser(kAttachedHeld);
  const std::string enable = R"({"id":6,"method":"Network.enable","params":{},"sessionId":"S1"})";
  EXPECT_EQ(hold.from_suite(enable, t0), Strings{enable});  // Its own set-up goes through.
  EXPECT_EQ(hold.from_suite(kResume, t0), Strings{});
  EXPECT_TRUE(hold.holding());
  released.insert("POPUP");
  EXPECT_EQ(hold.release("POPUP"), Strings{kResume});
  EXPECT_FALSE(hold.holding());
}

TEST(ResumeHold, WhatTheSuiteSendsOnAHeldSessionStaysBehindItsResume) {
  std::set<std::string> released;
  ResumeHold hold(released);
  hold.from_browser(kAttachedHeld);
  EXPECT_EQ(hold.from_suite(kResume, t0), Strings{});
  EXPECT_EQ(hold.from_suite(kEvaluate, t0), Strings{});
  const std::string other = R"({"id":9,"method":"Target.getTargets","params":{}})";
  EXPECT_EQ(hold.from_suite(other, t0), Strings{other});  // Nothing else waits.
  EXPECT_EQ(hold.release("ANOTHER"), Strings{});
  EXPECT_EQ(hold.release("POPUP"), (Strings{kResume, kEvaluate}));
}

TEST(ResumeHold, ATargetAlreadySetUpIsNotHeld) {
  std::set<std::string> released{"POPUP"};
  ResumeHold hold(released);
  hold.from_browser(kAttachedHeld);
  EXPECT_EQ(hold.from_suite(kResume, t0), Strings{kResume});
}

TEST(ResumeHold, ATargetAttachedRunningOrUnknownOrNotOursIsNotHeld) {
  std::set<std::string> released;
  ResumeHold hold(released);
  hold.from_browser(
      R"({"method":"Target.attachedToTarget","params":{"sessionId":"S1","targetInfo":{"targetId":"POPUP"},"waitingForDebugger":false}})");
  EXPECT_EQ(hold.from_suite(kResume, t0), Strings{kResume});
  hold.from_browser(
      R"({"method":"Target.attachedToTarget","params":{"sessionId":"S3","targetInfo":{"targetId":"TAB","type":"tab"},"waitingForDebugger":true}})");
  const std::string tab = R"({"id":2,"method":"Runtime.runIfWaitingForDebugger","sessionId":"S3"})";
  EXPECT_EQ(hold.from_suite(tab, t0), Strings{tab});  // Puppeteer's tab: silentcors never sets one up.
  const std::string unknown = R"({"id":3,"method":"Runtime.runIfWaitingForDebugger","sessionId":"S9"})";
  EXPECT_EQ(hold.from_suite(unknown, t0), Strings{unknown});
}

TEST(ResumeHold, AChildAttachedOnAPageSessionIsHeldToo) {
  std::set<std::string> released;
  ResumeHold hold(released);
  hold.from_browser(
      R"({"method":"Target.attachedToTarget","params":{"sessionId":"S2","targetInfo":{"targetId":"WORKER","type":"worker"},"waitingForDebugger":true},"sessionId":"S1"})");
  const std::string resume = R"({"id":4,"method":"Runtime.runIfWaitingForDebugger","params":{},"sessionId":"S2"})";
  EXPECT_EQ(hold.from_suite(resume, t0), Strings{});
  EXPECT_EQ(hold.release("WORKER"), Strings{resume});
}

TEST(ResumeHold, AHoldNobodyReleasesEndsAtItsDeadline) {
  std::set<std::string> released;
  ResumeHold hold(released);
  hold.from_browser(kAttachedHeld);
  EXPECT_EQ(hold.from_suite(kResume, t0), Strings{});
  EXPECT_EQ(hold.oldest_hold(), t0);
  EXPECT_EQ(hold.expire(t0 - std::chrono::milliseconds(1)), Strings{});
  EXPECT_EQ(hold.expire(t0), Strings{kResume});
  EXPECT_FALSE(hold.holding());
  EXPECT_EQ(hold.holds(), 1u);
  EXPECT_EQ(hold.expired(), 1u);
}

TEST(ResumeHold, ASessionResumedOnceIsNeverHeldAgain) {
  std::set<std::string> released;
  ResumeHold hold(released);
  hold.from_browser(kAttachedHeld);
  EXPECT_EQ(hold.from_suite(kResume, t0), Strings{});
  EXPECT_EQ(hold.expire(t0), Strings{kResume});
  EXPECT_EQ(hold.from_suite(kResume, t0), Strings{kResume});
}

TEST(ResumeHold, ADetachedSessionIsForgotten) {
  std::set<std::string> released;
  ResumeHold hold(released);
  hold.from_browser(kAttachedHeld);
  hold.from_browser(R"({"method":"Target.detachedFromTarget","params":{"sessionId":"S1","targetId":"POPUP"}})");
  EXPECT_EQ(hold.from_suite(kResume, t0), Strings{kResume});
}

TEST(ResumeHold, TextThatIsNotJsonPassesUntouched) {
  std::set<std::string> released;
  ResumeHold hold(released);
  hold.from_browser("not json \"Target.attachedToTarget\"");
  EXPECT_EQ(hold.from_suite("garbage", t0), Strings{"garbage"});
}

}  // namespace
}  // namespace silentcors::browser
