// --cdp against a Chromium the test starts itself with
// --remote-debugging-port, as a CI service container or a developer's
// browser would be: run and triage give the findings they give with a
// browser they launch, and the browser is still there afterwards, with
// none of silentcors' contexts or pages left in it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "browser/browser.h"
#include "e2e_support.h"
#include "fixture/fixture_app.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What a finding says, without the ports (each run's fixture picks its own).
std::set<std::string> findings_of(const json& report) {
  std::set<std::string> out;
  for (const auto& f : report["findings"]) {
    std::string url = f["url"];
    url = url.substr(url.find('/', url.find("://") + 3));
    std::string line = f["kind"].get<std::string>() + " " + f["method"].get<std::string>() + " " + url;
    for (const auto& h : f["headers"]) line += " " + h.get<std::string>();
    line += " [" + f.value("scenario", "") + "]";
    out.insert(line);
  }
  return out;
}

class CdpIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    // Its own TMPDIR: run_silentcors checks that silentcors leaves nothing in
    // the commands' one, and this browser is meant to outlive them.
    setenv("TMPDIR", tool_tmpdir(browser_tmp.str()).c_str(), 1);
    browser::ChromeOptions options;
    options.debugging_port = true;  // --remote-debugging-port=0 on loopback
    remote = std::make_unique<browser::Browser>(options);
    unsetenv("TMPDIR");
    const auto& endpoint = remote->process().endpoint();
    ws_url = endpoint.url();
    http_url = "http://127.0.0.1:" + std::to_string(endpoint.port);
  }
  void TearDown() override {
    remote.reset();
    EXPECT_TRUE(nothing_left_behind(browser_tmp.str()));
  }
  // The remote browser is alive and holds nothing of silentcors': no
  // browser context besides its default one, no page besides its first tab.
  void expect_browser_untouched() {
    ASSERT_TRUE(remote->process().running());
    json contexts = remote->cdp().call("Target.getBrowserContexts");
    EXPECT_TRUE(contexts["browserContextIds"].empty()) << contexts.dump();
    // Target.closeTarget answers before the page is gone: wait for it.
    json targets;
    auto one_page = [&] {
      targets = remote->cdp().call("Target.getTargets");
      int pages = 0;
      for (const auto& t : targets["targetInfos"]) pages += t["type"] == "page";
      return pages == 1;
    };
    EXPECT_TRUE(eventually(one_page, std::chrono::seconds(10))) << targets.dump(2);
  }
  TempDir tmp;
  TempDir browser_tmp;
  std::unique_ptr<browser::Browser> remote;
  std::string ws_url, http_url;
};

TEST_F(CdpIntegration, RunFindsWhatALaunchedBrowserFinds) {
  const std::vector<std::string> scenarios = {std::string(SILENTCORS_SCENARIOS) + "/tracing-w3c.json",
                                              std::string(SILENTCORS_SCENARIOS) + "/all-good.json",
                                              std::string(SILENTCORS_SCENARIOS) + "/method-delete-refused.json"};
  auto run = [&](const std::vector<std::string>& extra, const std::string& out) {
    std::vector<std::string> args = {"run", "--out", out};
    args.insert(args.end(), scenarios.begin(), scenarios.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return run_silentcors(args, tmp.str());
  };
  CommandResult launched = run({}, tmp.str() + "/launched");
  CommandResult over_ws = run({"--cdp", ws_url}, tmp.str() + "/ws");
  CommandResult over_http = run({"--cdp", http_url}, tmp.str() + "/http");
  EXPECT_EQ(launched.exit_code, 1) << launched.err;
  EXPECT_EQ(over_ws.exit_code, launched.exit_code) << over_ws.err;
  EXPECT_EQ(over_http.exit_code, launched.exit_code) << over_http.err;
  auto expected = findings_of(read_report(tmp.path() / "launched" / "report.json"));
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(findings_of(read_report(tmp.path() / "ws" / "report.json")), expected);
  EXPECT_EQ(findings_of(read_report(tmp.path() / "http" / "report.json")), expected);
  expect_browser_untouched();
}

TEST_F(CdpIntegration, TriageGivesTheSameVerdict) {
  const std::string scenario = std::string(SILENTCORS_SCENARIOS) + "/tracing-w3c.json";
  auto triage = [&](const std::vector<std::string>& extra, const std::string& json_path) {
    std::vector<std::string> args = {"triage", scenario, "--runs", "3", "--json", json_path};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_silentcors(args, tmp.str());
  };
  CommandResult launched = triage({}, tmp.str() + "/launched.json");
  CommandResult remote_run = triage({"--cdp", http_url}, tmp.str() + "/remote.json");
  EXPECT_EQ(remote_run.exit_code, launched.exit_code) << remote_run.err;
  json a = read_report(tmp.path() / "launched.json"), b = read_report(tmp.path() / "remote.json");
  EXPECT_EQ(findings_of(b), findings_of(a));
  EXPECT_EQ(b["triage"]["verdict"], a["triage"]["verdict"]);
  expect_browser_untouched();
}

TEST_F(CdpIntegration, RecordWorksOverCdp) {
  fixture::FixtureApp app(fixture::FixtureConfig{});
  app.start();
  CommandResult result =
      run_silentcors({"record", app.page_url(), "--out", tmp.str() + "/page.jsonl", "--cdp", ws_url}, tmp.str());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(read_lines(tmp.str() + "/page.jsonl").empty());
  expect_browser_untouched();
}

TEST_F(CdpIntegration, AnUnreachableOrForeignEndpointIsExitThree) {
  fixture::FixtureApp app(fixture::FixtureConfig{});
  app.start();
  const std::string scenario = std::string(SILENTCORS_SCENARIOS) + "/all-good.json";
  // Nothing listens on port 1.
  CommandResult unreachable = run_silentcors({"run", scenario, "--out", tmp.str() + "/a", "--cdp",
                                              "http://127.0.0.1:1"},
                                             tmp.str());
  EXPECT_EQ(unreachable.exit_code, 3);
  EXPECT_NE(unreachable.err.find("cannot reach the DevTools endpoint http://127.0.0.1:1"), std::string::npos)
      << unreachable.err;
  // Issue 18 item 9: a browser silentcors never starts did not "fail to start".
  EXPECT_EQ(unreachable.out.find("did not start"), std::string::npos) << unreachable.out;
  EXPECT_NE(unreachable.out.find("the browser at --cdp could not be used"), std::string::npos) << unreachable.out;
  // An HTTP server that is not Chromium's DevTools.
  CommandResult foreign =
      run_silentcors({"record", app.page_url(), "--out", tmp.str() + "/p.jsonl", "--cdp", app.frontend_origin()},
                     tmp.str());
  EXPECT_EQ(foreign.exit_code, 3);
  EXPECT_NE(foreign.err.find("not a Chromium DevTools endpoint"), std::string::npos) << foreign.err;
  // Not a URL at all: bad usage, before anything starts.
  CommandResult bad = run_silentcors({"record", app.page_url(), "--out", tmp.str() + "/p.jsonl", "--cdp", "localhost:9222"},
                                     tmp.str());
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

// watch --cdp: the suite is handed the remote browser's endpoint, and
// silentcors stops holding new targets when COMMAND ends (a held target in
// a browser that lives on would wait for ever).
TEST_F(CdpIntegration, WatchHandsTheSuiteTheRemoteBrowser) {
  CommandResult result = run_silentcors(
      {"watch", "--out", tmp.str() + "/w", "--cdp", http_url, "--", "sh", "-c",
       "test \"$SILENTCORS_CDP_URL\" = '" + ws_url + "' && test \"$SILENTCORS_CDP_HTTP\" = '" + http_url +
           "' && exit 9"},
      tmp.str());
  EXPECT_EQ(result.exit_code, 9) << result.err;  // COMMAND's own: both variables were the browser's.
  // A page opened now is not held for anyone.
  json target = remote->cdp().call("Target.createTarget", {{"url", "about:blank"}});
  json session = remote->cdp().call("Target.attachToTarget", {{"targetId", target["targetId"]}, {"flatten", true}});
  json answer = remote->cdp().call("Runtime.evaluate", {{"expression", "1 + 1"}}, session["sessionId"].get<std::string>(),
                                   std::chrono::milliseconds(10000));
  EXPECT_EQ(answer["result"]["value"], 2);
  remote->cdp().call("Target.closeTarget", {{"targetId", target["targetId"]}});
  expect_browser_untouched();
}

}  // namespace
}  // namespace silentcors::e2e
