// Real Playwright and Puppeteer (pinned in package.json, installed by
// scripts/setup --tests) driving the Chromium of `silentcors watch --`, against the
// fixture pages of fixture.json: the reports must name every refused header,
// the first request of a page opened mid-run included, and the suite's own
// failing exit code must be silentcors'.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "fixture/fixture_app.h"
#include "fixture/fixture_config.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kHere = fs::path(SILENTCORS_TEST_DATA) / "integrations";

fixture::FixtureConfig integration_fixture() {
  std::ifstream in(kHere / "fixture.json");
  return fixture::fixture_config_from_json(json::parse(in, nullptr, true, /*ignore_comments=*/true));
}

// silentcors-chromium, built beside silentcors.
std::string wrapper_binary() { return (fs::path(silentcors_binary()).parent_path() / "silentcors-chromium").string(); }

// "header-not-allowed /api/refused traceparent (context 2)" for each
// finding, so a test compares what it cares about in one line; without
// `where`, the "(browser 2, context 3)" is left out.
std::multiset<std::string> finding_lines(const json& report, const std::string& api, bool where = true) {
  std::multiset<std::string> lines;
  for (const auto& finding : report["findings"]) {
    std::string url = finding["url"];
    if (url.rfind(api, 0) == 0) url = url.substr(api.size());
    std::string headers;
    for (const auto& h : finding["headers"]) headers += " " + h.get<std::string>();
    std::string scenario = finding.value("scenario", "");
    std::string context = scenario.substr(scenario.rfind('('));
    lines.insert(finding["kind"].get<std::string>() + " " + url + headers + (where ? " " + context : ""));
  }
  return lines;
}

class WatchIntegration : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kHere / "node_modules" / "playwright-core") &&
                fs::exists(kHere / "node_modules" / "puppeteer-core"))
        << "the npm packages of tests/integrations are not installed: run scripts/setup --tests";
    app.start();
  }
  TempDir tmp;
  fixture::FixtureApp app{integration_fixture()};
};

TEST_P(WatchIntegration, ReportsEveryRefusedHeaderAndPassesTheSuitesExitCodeThrough) {
  const fs::path out = tmp.path() / "reports";
  CommandResult result = run_silentcors(
      {"watch", "--out", out.string(), "--record", (tmp.path() / "rec").string(), "--", "node",
       (kHere / GetParam()).string()},
      tmp.str(), std::chrono::seconds(150),
      {{"FIXTURE_FRONTEND", app.frontend_origin()},
       {"SUITE_FAILURE_EXIT", "7"},
       {"PUPPETEER_EXECUTABLE_PATH", wrapper_binary()}});
  // The suite saw two failed fetches and failed with its own code.
  EXPECT_EQ(result.exit_code, 7) << result.out << result.err;
  EXPECT_NE(result.err.find("FAILED /first-request.html: failed: TypeError: Failed to fetch"), std::string::npos)
      << result.err;
  // Every resume of the suite's that the gate held was let go because
  // silentcors had set its target up, none at the gate's deadline.
  EXPECT_EQ(result.err.find("held resumes went on"), std::string::npos) << result.err;

  json report = read_report(out / "report.json");
  // Both contexts, the page opened mid-run (its very first request) included;
  // nothing for the page whose preflight allowed traceparent.
  EXPECT_EQ(finding_lines(report, app.api_origin()),
            (std::multiset<std::string>{
                "header-not-allowed /api/first x-first-request (default context)",
                "header-not-allowed /api/refused traceparent (context 2)",
                "header-not-allowed /api/refused traceparent (default context)",
            }))
      << report.dump(2);
  std::set<std::string> visited;
  for (const auto& run : report["scenarios"]) visited.insert(run["name"].get<std::string>());
  EXPECT_TRUE(visited.count(app.frontend_origin() + "/passing.html (default context)")) << report["scenarios"];
  EXPECT_TRUE(fs::exists(out / "junit.xml"));
  EXPECT_TRUE(fs::exists(out / "summary.md"));
  EXPECT_FALSE(fs::is_empty(tmp.path() / "rec"));
}

// The Puppeteer suite twice: connected to watch's browser, and unchanged but
// for PUPPETEER_EXECUTABLE_PATH (silentcors-chromium, port mode: the
// "DevTools listening" line Puppeteer reads waits for silentcors).
INSTANTIATE_TEST_SUITE_P(Suites, WatchIntegration,
                         ::testing::Values("playwright-suite.js", "puppeteer-suite.js", "puppeteer-launch-suite.js"),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.find(".js"));
                           name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                           return name;
                         });

// A Playwright Test project (two spec files, two workers), unchanged but for
// launchOptions.executablePath: each worker launches silentcors-chromium
// over Playwright's private pipe, and both browsers are watched from their
// first command. The suite passes (its tests check what pages show); the
// refused headers make silentcors' exit 1.
TEST_F(WatchIntegration, APlaywrightTestProjectWithOneLineOfConfigIsWatchedInEveryWorker) {
  const fs::path out = tmp.path() / "reports";
  CommandResult result = run_silentcors(
      {"watch", "--out", out.string(), "--", "node", (kHere / "node_modules" / "@playwright" / "test" / "cli.js").string(),
       "test", "--config", (kHere / "playwright-test" / "playwright.config.js").string()},
      tmp.str(), std::chrono::seconds(180),
      {{"FIXTURE_FRONTEND", app.frontend_origin()},
       {"SUITE_RESULTS_DIR", (tmp.path() / "pw-results").string()},
       // Playwright Test compiles specs into a cache under $TMPDIR, where the
       // test looks for what silentcors left behind.
       {"PLAYWRIGHT_TRANSFORM_CACHE_DIR", (tmp.path() / "pw-cache").string()}});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("3 passed"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("in 2 browsers"), std::string::npos) << result.out;
  EXPECT_EQ(result.err.find("held resumes went on"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("not watched"), std::string::npos) << result.err;

  json report = read_report(out / "report.json");
  EXPECT_EQ(finding_lines(report, app.api_origin(), /*where=*/false),
            (std::multiset<std::string>{"header-not-allowed /api/first x-first-request",
                                        "header-not-allowed /api/refused traceparent"}))
      << report.dump(2);
  std::set<std::string> browsers;
  for (const auto& run : report["scenarios"]) {
    const std::string name = run["name"];
    const auto at = name.find("(browser ");
    if (at != std::string::npos) browsers.insert(name.substr(at, 11));
  }
  EXPECT_EQ(browsers, (std::set<std::string>{"(browser 1,", "(browser 2,"})) << report["scenarios"];
}

// A Selenium Python suite (Debian's python3-selenium and chromedriver) with
// silentcors-chromium as its binary: chromedriver opens the port itself.
TEST_F(WatchIntegration, ASeleniumPythonSuiteWithSilentcorsChromiumAsItsBinaryIsWatched) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromedriver")) << "chromedriver is not installed: run scripts/setup --tests";
  const fs::path out = tmp.path() / "reports";
  CommandResult result = run_silentcors(
      {"watch", "--out", out.string(), "--", "/usr/bin/python3", (kHere / "selenium-suite.py").string()}, tmp.str(),
      std::chrono::seconds(150), {{"FIXTURE_FRONTEND", app.frontend_origin()}, {"SUITE_FAILURE_EXIT", "7"}});
  EXPECT_EQ(result.exit_code, 7) << result.out << result.err;
  EXPECT_NE(result.err.find("FAILED /refused.html: failed: TypeError: Failed to fetch"), std::string::npos)
      << result.err;
  json report = read_report(out / "report.json");
  EXPECT_EQ(finding_lines(report, app.api_origin()),
            (std::multiset<std::string>{"header-not-allowed /api/refused traceparent (default context)"}))
      << report.dump(2);
}

// The README's connect lines are the suites' own (between their
// [readme:NAME] markers, indentation removed): a snippet cannot rot.
TEST(Readme, ConnectSnippetsAreTheOnesTheSuitesRun) {
  std::ifstream readme_in(kHere.parent_path().parent_path() / "README.md");
  std::string readme((std::istreambuf_iterator<char>(readme_in)), std::istreambuf_iterator<char>());
  struct Snippet {
    const char* script;
    const char* name;
    const char* comment;  // The script's line comment.
    const char* fence;    // The README's code block language.
  };
  for (const Snippet& s : {Snippet{"playwright-suite.js", "playwright-connect", "//", "js"},
                           Snippet{"puppeteer-suite.js", "puppeteer-connect", "//", "js"},
                           Snippet{"puppeteer-launch-suite.js", "puppeteer-launch", "//", "js"},
                           Snippet{"playwright-test/playwright.config.js", "playwright-test-config", "//", "js"},
                           Snippet{"selenium-suite.py", "selenium-binary", "#", "python"}}) {
    std::ifstream in(kHere / s.script);
    std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string begin = std::string(s.comment) + " [readme:" + s.name + "]\n";
    const std::string end = std::string(s.comment) + " [/readme:" + s.name + "]";
    size_t from = source.find(begin), to = source.find(end);
    ASSERT_TRUE(from != std::string::npos && to != std::string::npos) << s.script;
    // The block's lines, with the indentation of its markers removed.
    const size_t line_start = source.rfind('\n', to) + 1;
    const std::string indent = source.substr(line_start, to - line_start);
    std::string snippet;
    std::istringstream lines(source.substr(from + begin.size(), line_start - from - begin.size()));
    for (std::string line; std::getline(lines, line);) {
      snippet += (line.rfind(indent, 0) == 0 ? line.substr(indent.size()) : line) + "\n";
    }
    EXPECT_NE(readme.find("```" + std::string(s.fence) + "\n" + snippet + "```"), std::string::npos)
        << "README lacks:\n" << snippet;
  }
}

// Without node: what watch promises about COMMAND itself.
TEST(Watch, CommandGetsTheEndpointAndItsExitCodeIsSilentcors) {
  TempDir tmp;
  CommandResult result = run_silentcors(
      {"watch", "--out", tmp.str() + "/r", "--", "sh", "-c",
       "case \"$SILENTCORS_CDP_URL\" in ws://127.0.0.1:*/devtools/browser/*) ;; *) exit 40;; esac; "
       "case \"$SILENTCORS_CDP_HTTP\" in http://127.0.0.1:*) ;; *) exit 41;; esac; exit 9"},
      tmp.str());
  EXPECT_EQ(result.exit_code, 9) << result.err;
}

// A suite whose connect line was never changed passes without touching
// silentcors' browser: that is no green (issue 18: it said "no CORS errors",
// exit 0). Exit 3, said on stderr and first in the reports, naming the variable.
TEST(Watch, ASuiteThatNeverUsedTheBrowserCheckedNothingAndSaysSo) {
  TempDir tmp;
  CommandResult result = run_silentcors({"watch", "--out", tmp.str() + "/r", "--", "true"}, tmp.str());
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("nothing was checked"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("SILENTCORS_CDP_URL"), std::string::npos) << result.err;
  json report = read_report(tmp.path() / "r" / "report.json");
  ASSERT_FALSE(report["notes"].empty()) << report.dump(2);
  EXPECT_NE(report["notes"][0].get<std::string>().find("nothing was checked"), std::string::npos);
  std::ifstream summary_in(tmp.path() / "r" / "summary.md");
  std::string summary((std::istreambuf_iterator<char>(summary_in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(summary.find("✅"), std::string::npos) << summary;
  EXPECT_NE(summary.find("nothing was checked"), std::string::npos) << summary;
}

TEST(Watch, ACommandThatCannotStartIs127) {
  TempDir tmp;
  CommandResult result =
      run_silentcors({"watch", "--out", tmp.str() + "/r", "--", "/nonexistent/suite"}, tmp.str());
  EXPECT_EQ(result.exit_code, 127) << result.err;
  EXPECT_NE(result.err.find("cannot run /nonexistent/suite"), std::string::npos) << result.err;
}

TEST(Watch, NoCommandIsBadUsage) {
  TempDir tmp;
  EXPECT_EQ(run_silentcors({"watch"}, tmp.str()).exit_code, 2);
}

// SIGTERM to silentcors reaches COMMAND first (it runs in a process group of
// its own, so only silentcors can pass the signal on); its trap's exit code
// is silentcors', and nothing of COMMAND's group or Chromium is left.
TEST(Watch, ASignalGoesToTheSuiteFirst) {
  TempDir tmp;
  const std::string marker = (tmp.path() / "started").string();
  auto child = start_silentcors({"watch", "--out", tmp.str() + "/r", "--", "sh", "-c",
                                 "trap 'exit 42' TERM; touch " + marker + "; sleep 313 & wait"},
                                tmp.str());
  ASSERT_TRUE(eventually([&] { return fs::exists(marker); }, std::chrono::seconds(60)));
  ::kill(child.id(), SIGTERM);
  int status = 0;
  ASSERT_TRUE(eventually([&] { return ::waitpid(child.id(), &status, WNOHANG) == child.id(); },
                         std::chrono::seconds(60)));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
  EXPECT_TRUE(processes_mentioning("sleep 313").empty());
  EXPECT_TRUE(nothing_left_behind(tmp.str()));
}

}  // namespace
}  // namespace silentcors::e2e
