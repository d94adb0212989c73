// `silentcors record` against the built-in fixture app, with real headless
// Chromium, run as a user runs it: the binary, its exit code, its file.
#include <signal.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/process.hpp>

#include "browser/child_wait.h"
#include "e2e_support.h"
#include "fixture/builtin_pages.h"
#include "fixture/fixture_app.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;
namespace bp = boost::process;

std::vector<json> events(const std::string& path) {
  std::vector<json> out;
  for (const auto& line : read_lines(path)) out.push_back(json::parse(line));
  return out;
}

std::vector<json> with_method(const std::vector<json>& all, const std::string& method) {
  std::vector<json> out;
  for (const auto& e : all) {
    if (e.value("method", "") == method) out.push_back(e);
  }
  return out;
}

class RecordTest : public ::testing::Test {
 protected:
  void TearDown() override {
    // Whatever happened in the test: nothing of Chromium survives the tool.
    EXPECT_TRUE(nothing_left_behind(tmp.str()));
  }
  TempDir tmp;
};

TEST_F(RecordTest, PreflightIsLinkedToTheRefusedRequestThatFailedOnTraceparent) {
  fixture::FixtureConfig config;
  fixture::RouteConfig route;
  route.path = "/api/orders";
  route.allow_methods = "GET, POST";
  route.allow_headers = "Content-Type";
  config.routes.push_back(route);
  config.pages["/index.html"] =
      "<!doctype html><script>fetch('{{API}}/api/orders', {method: 'POST', headers: {'Content-Type': "
      "'application/json', 'traceparent': '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'}, body: '{}'})"
      ".catch(() => {}).finally(() => document.title = 'done');</script>";
  fixture::FixtureApp app(config);
  app.start();

  const std::string out = tmp.str() + "/orders.jsonl";
  auto result = run_silentcors({"record", app.page_url(), "--out", out}, tmp.str());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Counted as analyze counts them (the document and the POST), the
  // preflight apart: "3 requests" here and "2 requests" there before.
  EXPECT_NE(result.out.find("events (2 requests and 1 CORS preflight) from "), std::string::npos) << result.out;
  auto analyzed = run_silentcors({"analyze", out}, tmp.str());
  EXPECT_NE(analyzed.out.find("\n2 requests, "), std::string::npos) << analyzed.out;

  auto all = events(out);
  std::string main_id;
  for (const auto& e : with_method(all, "Network.requestWillBeSent")) {
    if (e["params"]["request"]["url"] == app.api_origin() + "/api/orders" && e["params"]["request"]["method"] == "POST") {
      main_id = e["params"]["requestId"];
      EXPECT_EQ(e["params"]["request"]["headers"].value("traceparent", ""),
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }
  }
  ASSERT_FALSE(main_id.empty()) << "no requestWillBeSent for the POST";

  bool preflight_linked = false;
  for (const auto& e : with_method(all, "Network.requestWillBeSent")) {
    const auto& initiator = e["params"]["initiator"];
    if (initiator.value("type", "") == "preflight" && initiator.value("requestId", "") == main_id) {
      preflight_linked = true;
      EXPECT_EQ(e["params"]["request"]["method"], "OPTIONS");
    }
  }
  EXPECT_TRUE(preflight_linked) << "no preflight whose initiator.requestId is the POST's id";

  bool failed_on_traceparent = false;
  for (const auto& e : with_method(all, "Network.loadingFailed")) {
    if (e["params"]["requestId"] != main_id) continue;
    EXPECT_EQ(e["params"]["errorText"], "net::ERR_FAILED");
    const auto& status = e["params"]["corsErrorStatus"];
    EXPECT_EQ(status.value("corsError", ""), "HeaderDisallowedByPreflightResponse");
    failed_on_traceparent = status.value("failedParameter", "") == "traceparent";
  }
  EXPECT_TRUE(failed_on_traceparent);

  // The server's side of it: an OPTIONS and nothing after.
  int options = 0, posts = 0;
  for (const auto& r : app.requests()) {
    if (r.target != "/api/orders") continue;
    options += r.method == "OPTIONS";
    posts += r.method == "POST";
  }
  EXPECT_EQ(options, 1);
  EXPECT_EQ(posts, 0);
}

TEST_F(RecordTest, TwentySequentialFetchesAreAllRecorded) {
  fixture::FixtureApp app(fixture::sequential_config(20));
  app.start();
  const std::string out = tmp.str() + "/sequential.jsonl";
  auto result = run_silentcors({"record", app.page_url(), "--out", out}, tmp.str());
  ASSERT_EQ(result.exit_code, 0) << result.err;

  auto all = events(out);
  std::set<std::string> sent, answered, preflights;
  std::map<std::string, std::string> url_of;
  for (const auto& e : with_method(all, "Network.requestWillBeSent")) {
    std::string url = e["params"]["request"]["url"];
    if (url.find("/api/items?i=") == std::string::npos) continue;
    if (e["params"]["request"]["method"] == "OPTIONS") {
      preflights.insert(url);
    } else {
      sent.insert(url);
      url_of[e["params"]["requestId"]] = url;
    }
  }
  // The page never reads the bodies, so Chromium sends no loadingFinished
  // for them: each one's responseReceived is its end.
  for (const auto& e : with_method(all, "Network.responseReceived")) {
    auto it = url_of.find(e["params"]["requestId"]);
    if (it != url_of.end() && e["params"]["response"]["status"] == 200) answered.insert(it->second);
  }
  EXPECT_EQ(sent.size(), 20u);
  EXPECT_EQ(answered.size(), 20u);
  // Cache disabled: each request carried traceparent, so each preflighted.
  EXPECT_EQ(preflights.size(), 20u);
}

TEST_F(RecordTest, AnUnwritableRecordingIsAnOutputErrorNotAnInfrastructureOne) {
  // /dev/full takes the open and refuses every write: it was exit 3, as if
  // the browser had failed; `run` calls a report it cannot write exit 2.
  fixture::FixtureApp app(fixture::sequential_config(1));
  app.start();
  auto result = run_silentcors({"record", app.page_url(), "--out", "/dev/full"}, tmp.str());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("/dev/full"), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "") << "nothing was recorded";
}

// Issue 18 item 6: a page that could not be opened was exit 3 with its
// recording written without a word. The events are kept (they show why),
// and said to be.
TEST_F(RecordTest, APageThatCannotBeOpenedSaysWhereItsEventsAre) {
  fixture::FixtureApp app(fixture::sequential_config(1));
  app.start();
  const std::string url = app.page_url();
  app.stop();  // Nothing listens there any more: connection refused.
  const std::string out = tmp.str() + "/refused.jsonl";
  auto result = run_silentcors({"record", url, "--out", out}, tmp.str());
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("events that arrived before it are in " + out), std::string::npos) << result.err;
  EXPECT_TRUE(std::filesystem::exists(out));
}

TEST_F(RecordTest, MissingBrowserIsAnInfrastructureError) {
  auto result = run_silentcors({"record", "http://127.0.0.1:9/", "--out", tmp.str() + "/x.jsonl", "--chrome",
                                "/nonexistent/chromium"},
                               tmp.str());
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("--chrome /nonexistent/chromium: no such executable"), std::string::npos) << result.err;
}

TEST_F(RecordTest, BrowserThatNeverStartsTimesOutWithExitCode3) {
  // A "browser" that runs but never opens DevTools.
  std::string fake = tmp.str() + "/fake-chrome";
  {
    std::ofstream script(fake);
    script << "#!/bin/sh\necho 'pretending to be Chromium' >&2\nexec sleep 600\n";
  }
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  auto result = run_silentcors({"record", "http://127.0.0.1:9/", "--out", tmp.str() + "/x.jsonl", "--chrome", fake,
                                "--startup-timeout", "1"},
                               tmp.str());
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("did not open its DevTools endpoint within 1"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("pretending to be Chromium"), std::string::npos) << result.err;
}

// Its log lives in the profile, which the reaper removes as soon as the
// browser is gone: the error must still show what the browser said.
TEST_F(RecordTest, BrowserThatExitsAtOnceIsAnInfrastructureErrorWithItsLog) {
  std::string fake = tmp.str() + "/fake-chrome";
  {
    std::ofstream script(fake);
    script << "#!/bin/sh\necho 'Missing X server or $DISPLAY, giving up' >&2\nexit 1\n";
  }
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  auto result =
      run_silentcors({"record", "http://127.0.0.1:9/", "--out", tmp.str() + "/x.jsonl", "--chrome", fake}, tmp.str());
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("exited before opening its DevTools endpoint"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Missing X server or $DISPLAY, giving up"), std::string::npos) << result.err;
}

TEST_F(RecordTest, UnreachablePageIsReportedAndLeavesNothingBehind) {
  auto result = run_silentcors({"record", "http://127.0.0.1:9/", "--out", tmp.str() + "/x.jsonl"}, tmp.str());
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("could not open http://127.0.0.1:9/: net::ERR_"), std::string::npos) << result.err;
}

void start_and_kill(RecordTest& test, const TempDir& tmp, int signal_number, int expected_exit) {
  fixture::FixtureApp app(never_idle_config());
  app.start();
  bp::child child =
      start_silentcors({"record", app.page_url(), "--out", tmp.str() + "/slow.jsonl", "--timeout", "120"}, tmp.str());
  // Mid-run: the page is open and its API call is in flight.
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  ASSERT_FALSE(processes_mentioning(tmp.str()).empty()) << "Chromium should be running now";
  kill(child.id(), signal_number);
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(30)));
  if (expected_exit >= 0) {
    EXPECT_EQ(child.exit_code(), expected_exit);
  }
  (void)test;
}

TEST_F(RecordTest, SigtermMidRunEndsCleanlyWithNoChromiumLeft) {
  start_and_kill(*this, tmp, SIGTERM, 128 + SIGTERM);
  // TearDown checks processes and profiles.
}

// A second Ctrl-C while the stop is stuck (a frozen Chromium) ends record at
// once, but the events that arrived are in the recording: its last words.
TEST_F(RecordTest, ARepeatedCtrlCStillLeavesTheEventsSoFarInTheRecording) {
  fixture::FixtureApp app(never_idle_config());
  app.start();
  const std::string out = tmp.str() + "/slow.jsonl";
  bp::child child = start_silentcors({"record", app.page_url(), "--out", out, "--timeout", "120"}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  const int browser = chromium_browser_process(tmp.str());
  ASSERT_GT(browser, 0);
  ASSERT_TRUE(ends_by_repeated_signal(child, browser, SIGINT));
  ASSERT_TRUE(std::filesystem::exists(out)) << "no last words: the events so far were lost";
  const auto all = events(out);
  EXPECT_FALSE(with_method(all, "Network.requestWillBeSent").empty());
}

TEST_F(RecordTest, SigkillOfTheToolStillLeavesNoChromium) {
  // silentcors gets no chance to clean up: its reaper must.
  start_and_kill(*this, tmp, SIGKILL, -1);
}

// Issue 9: `timeout -s KILL` and a cancelled CI job SIGKILL the whole process
// group of silentcors; that killed the reaper too and left the profile.
TEST_F(RecordTest, SigkillOfTheToolsWholeProcessGroupLeavesNothing) {
  fixture::FixtureApp app(never_idle_config());
  app.start();
  bp::child child =
      start_silentcors({"record", app.page_url(), "--out", tmp.str() + "/slow.jsonl", "--timeout", "120"}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  ASSERT_GT(reaper_process(tmp.str()), 0);
  kill(-child.id(), SIGKILL);
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(30)));
  // TearDown: the reaper, in a session of its own, outlived the group and cleaned up.
}

// Issue 9: with its reaper SIGKILLed alone, silentcors skipped its own removal.
TEST_F(RecordTest, AReaperKilledAloneStillLeavesNothing) {
  fixture::FixtureApp app(never_idle_config());
  app.start();
  bp::child child =
      start_silentcors({"record", app.page_url(), "--out", tmp.str() + "/slow.jsonl", "--timeout", "120"}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  const int reaper = reaper_process(tmp.str());
  ASSERT_GT(reaper, 0);
  kill(reaper, SIGKILL);
  // Chromium dies with its reaper (PDEATHSIG), so the run breaks.
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(30)));
  EXPECT_EQ(child.exit_code(), 3);
  // TearDown: silentcors removed the profile itself.
}

}  // namespace
}  // namespace silentcors::e2e
