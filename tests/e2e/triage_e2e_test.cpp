// `silentcors triage` with real headless Chromium: repeats, attribution
// with the right counts, unexplained flakes, independence of the runs, and
// the tracing rehearsal's verdicts.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include <signal.h>

#include <boost/process.hpp>

#include "browser/child_wait.h"
#include "e2e_support.h"
#include "fixture/fixture_app.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;
namespace bp = boost::process;
namespace fs = std::filesystem;

class TriageTest : public ::testing::Test {
 protected:
  void TearDown() override {
    // Whatever happened in the test: nothing of Chromium survives the tool.
    EXPECT_TRUE(nothing_left_behind(tmp.str()));
  }

  // A scenario on its own fixture: one page, `routes` and `page_script` as given.
  std::string scenario(const std::string& name, const std::string& routes, const std::string& page_script,
                       const std::string& fields = "") {
    std::string path = tmp.str() + "/" + name + ".json";
    json page = "<!doctype html><script>(async () => {" + page_script + "})();</script>";
    std::ofstream(path) << "{\"name\": \"" << name << "\", \"url\": \"/p\", \"idleMs\": 150, "
                        << (fields.empty() ? "" : fields + ", ") << "\"fixture\": {\"routes\": " << routes
                        << ", \"pages\": {\"/p\": " << page.dump() << "}}}";
    return path;
  }

  json triage(const std::vector<std::string>& extra, int expected_exit) {
    std::vector<std::string> args = {"triage"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("--json");
    args.push_back(tmp.str() + "/triage.json");
    auto result = run_silentcors(args, tmp.str());
    EXPECT_EQ(result.exit_code, expected_exit) << result.out << result.err;
    last_out = result.out;
    last_err = result.err;
    return read_report(tmp.str() + "/triage.json");
  }

  TempDir tmp;
  std::string last_out;
  std::string last_err;
};

constexpr const char* kOrdersRefuseTracing =
    R"([{"path": "/api/orders", "allowMethods": "GET, POST", "allowHeaders": "Content-Type"},
        {"path": "/api/catalog", "allowMethods": "GET", "allowHeaders": "traceparent, tracestate"}])";
constexpr const char* kCatalogThenOrders =
    "await fetch('{{API}}/api/catalog').then(r => r.text()).catch(() => {});"
    "await fetch('{{API}}/api/orders', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'})"
    ".then(r => r.text()).catch(() => {});";

TEST_F(TriageTest, ADirectoryGivenAsTheScenarioIsBadInputNamingIt) {
  // It was exit 3 with libstdc++'s "basic_filebuf::underflow error reading the file".
  auto result = run_silentcors({"triage", tmp.str(), "--chrome", "/nonexistent/chromium"}, tmp.str());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err, "silentcors: " + tmp.str() + ": cannot read file: it is a directory\n");
}

TEST_F(TriageTest, SampledTraceparentIsAttributedWithTheRightCounts) {
  auto file = scenario("sampled", kOrdersRefuseTracing, kCatalogThenOrders,
                       R"("tracing": {"headers": "w3c", "propagateTo": ["/api/"], "sampleRatio": 0.3, "seed": 11})");
  json report = triage({file, "--runs", "20", "--no-early-stop"}, 1);
  EXPECT_EQ(report["triage"]["runs"], 20);
  EXPECT_EQ(report["triage"]["verdict"], "cors-explained");
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["headers"], json({"traceparent", "tracestate"}));
  const json& i = f["intermittent"];
  EXPECT_EQ(i["explainedBy"], json({"traceparent", "tracestate"}));
  EXPECT_EQ(i["total"], 20);  // One orders call per run.
  const int failed = i["failed"];
  EXPECT_GT(failed, 0);
  EXPECT_LT(failed, 20);
  // Every failure carried the headers, no success did.
  EXPECT_EQ(i["present"]["failed"], failed);
  EXPECT_EQ(i["present"]["ok"], 0);
  EXPECT_EQ(i["absent"]["failed"], 0);
  EXPECT_EQ(i["absent"]["ok"], 20 - failed);
  EXPECT_EQ(f["occurrences"], failed);
  EXPECT_EQ(i["projectedRateAtFullSampling"], 1.0);
  EXPECT_LT(i["pValue"].get<double>(), 0.01);
  // The catalog allows the headers: it is not blamed.
  EXPECT_EQ(f["url"].get<std::string>().find("/api/catalog"), std::string::npos);
  // One call per run: the run is the unit, and the runs say the same.
  EXPECT_EQ(i["pMethod"], "fisher-runs");
  EXPECT_EQ(i["runs"]["failed"], failed);
  EXPECT_EQ(i["runs"]["total"], 20);
  EXPECT_NE(last_out.find("POST /api/orders fails whenever `traceparent` and `tracestate` are present (" +
                          std::to_string(failed) + "/" + std::to_string(failed) + " runs) and never otherwise (0/" +
                          std::to_string(20 - failed) + " runs)"),
            std::string::npos)
      << last_out;
  EXPECT_NE(last_out.find("At a sample ratio of 1.0 this endpoint would fail 100% of runs."), std::string::npos);
}

// Datadog RUM samples per session: a sampled page load sends its headers on
// every call, an unsampled one on none. Triage judges such a flake by runs:
// the rate is the share of runs that failed, and the p-value comes from the
// run table, not from requests that are not independent.
TEST_F(TriageTest, ASessionSamplerIsAttributedByRuns) {
  const std::string example = std::string(SILENTCORS_SCENARIOS) + "/flaky-session-sampled-tracing.json";
  json report = triage({example}, 1);
  EXPECT_EQ(report["triage"]["verdict"], "cors-explained") << report.dump(2);
  EXPECT_TRUE(report["triage"]["stoppedEarly"].get<bool>());
  const int runs = report["triage"]["runs"];
  ASSERT_FALSE(report["findings"].empty());
  const json& f = report["findings"][0];
  const json& i = f["intermittent"];
  EXPECT_EQ(i["pMethod"], "fisher-runs") << i.dump(2);
  EXPECT_EQ(i["pAdjustment"]["looks"], 36) << "40 runs at most, a look after each from the 5th";
  EXPECT_LT(i["pValue"].get<double>(), 0.001);
  const json& table = i["runs"];
  EXPECT_EQ(table["total"], runs);
  EXPECT_EQ(table["present"]["ok"], 0);
  EXPECT_EQ(table["absent"]["failed"], 0);
  const double rate = i["rate"];
  EXPECT_DOUBLE_EQ(rate, table["failed"].get<double>() / runs) << "the share of runs, not of requests";
  EXPECT_LE(i["rateInterval"][0].get<double>(), 0.3) << "the sampler's 30% is within the interval";
  EXPECT_GE(i["rateInterval"][1].get<double>(), 0.3);
  EXPECT_EQ(i["explainedBy"], json({"baggage", "traceparent", "tracestate", "x-datadog-origin", "x-datadog-parent-id",
                                    "x-datadog-sampling-priority", "x-datadog-trace-id"}));
  // The progress (a line per tenth in a log) ends on the run that ended it.
  EXPECT_NE(last_err.find("triage: " + std::to_string(runs) + "/40 runs"), std::string::npos) << last_err;
  // A triage that stopped after N runs names them [i/N].
  for (const auto& source : f["sources"]) {
    EXPECT_NE(source.get<std::string>().find("/" + std::to_string(runs) + "]"), std::string::npos) << source;
  }
  // report.html beside the JSON: the run-level table, the rate chart, a box
  // per run in the strip, and a section per run with its requests.
  std::ifstream in(tmp.str() + "/report.html");
  std::stringstream page;
  page << in.rdbuf();
  const std::string html = page.str();
  EXPECT_NE(html.find("silentcors triage:"), std::string::npos);
  EXPECT_NE(html.find("<caption>Runs</caption>"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"rate\""), std::string::npos);
  std::size_t boxes = 0, sections = 0;
  const auto strip = html.find("<div class=\"strip\"");
  ASSERT_NE(strip, std::string::npos);
  const auto strip_end = html.find("</div>", strip);
  for (auto at = html.find("<i", strip); at < strip_end; at = html.find("<i", at + 1)) ++boxes;
  for (auto at = html.find("<details class=\"run"); at != std::string::npos; at = html.find("<details class=\"run", at + 1)) {
    ++sections;
  }
  EXPECT_EQ(boxes, static_cast<std::size_t>(runs)) << "one box per run";
  EXPECT_EQ(sections, static_cast<std::size_t>(runs));
  EXPECT_NE(html.find("<table class=\"waterfall\">"), std::string::npos);
}

TEST_F(TriageTest, StopsEarlyOnceTheVerdictIsSettled) {
  auto file = scenario("settles", kOrdersRefuseTracing, kCatalogThenOrders,
                       R"("tracing": {"headers": "w3c", "propagateTo": ["/api/"], "sampleRatio": 0.5, "seed": 3})");
  json report = triage({file, "--runs", "200"}, 1);
  EXPECT_TRUE(report["triage"]["stoppedEarly"].get<bool>());
  EXPECT_LT(report["triage"]["runs"].get<int>(), 200);
  EXPECT_TRUE(report["triage"]["settled"].get<bool>());
  EXPECT_LT(report["findings"][0]["intermittent"]["pValue"].get<double>(), 0.001);
}

TEST_F(TriageTest, RandomFailuresWithNoDistinguishingHeaderAreIntermittentButUnexplained) {
  // Every run calls the same endpoint twice with the same headers, once with
  // credentials (refused: Allow-Origin is *) and once without (fine): what
  // differs is not a header, so no header may take the blame.
  auto file = scenario("credentials", R"([{"path": "/api/me", "allowOrigin": "*", "allowCredentials": true}])",
                       "await fetch('{{API}}/api/me', {credentials: 'include'}).catch(() => {});"
                       "await fetch('{{API}}/api/me', {credentials: 'omit'}).then(r => r.text()).catch(() => {});");
  json report = triage({file, "--runs", "4", "--no-early-stop"}, 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "wildcard-with-credentials");
  ASSERT_TRUE(f.contains("intermittent")) << report.dump(2);
  EXPECT_EQ(f["intermittent"]["failed"], 4);
  EXPECT_EQ(f["intermittent"]["total"], 8);
  EXPECT_EQ(f["intermittent"]["explainedBy"], json::array());
  EXPECT_TRUE(f["intermittent"]["pValue"].is_null());
  EXPECT_EQ(report["triage"]["verdict"], "cors-unexplained");
  EXPECT_NE(last_out.find("No request header explains it"), std::string::npos) << last_out;
}

TEST_F(TriageTest, AFlakeThatIsNotCors) {
  // A second backend is down (its port closed): requests fail, none by CORS.
  auto file = scenario("not-cors", R"([{"path": "/api/ok"}])",
                       "await fetch('{{API}}/api/ok').then(r => r.text()).catch(() => {});"
                       "await fetch('http://127.0.0.1:59998/api/ok').catch(() => {});");
  json report = triage({file, "--runs", "3", "--no-early-stop"}, 0);
  EXPECT_EQ(report["summary"]["otherFailures"]["net::ERR_CONNECTION_REFUSED"], 3);
  EXPECT_TRUE(report["findings"].empty());
  EXPECT_EQ(report["triage"]["verdict"], "not-cors");
  EXPECT_NE(last_out.find("This flake is not CORS"), std::string::npos) << last_out;
}

TEST_F(TriageTest, RunsInAReusedPageAreIndependent) {
  // The first load of each run finds no cookie and no storage, or it asks
  // /api/dirty, whose preflight refuses x-probe; and with the cache
  // disabled every run preflights again.
  auto file = scenario("independent",
                       R"([{"path": "/api/clean", "allowHeaders": "x-probe"},
                           {"path": "/api/dirty", "allowHeaders": "content-type"}])",
                       "const had = localStorage.getItem('seen') || document.cookie.includes('seen=');"
                       "localStorage.setItem('seen', '1'); document.cookie = 'seen=1; max-age=3600';"
                       "await fetch('{{API}}/api/' + (had ? 'dirty' : 'clean'), {headers: {'x-probe': '1'}})"
                       ".then(r => r.text()).catch(() => {});");
  for (const char* isolation : {"page", "context"}) {
    json report = triage({file, "--runs", "4", "--no-early-stop", "--isolation", isolation}, 0);
    EXPECT_TRUE(report["findings"].empty()) << isolation << ": " << report.dump(2);
    EXPECT_EQ(report["summary"]["preflights"], 4) << isolation;
  }
}

TEST_F(TriageTest, APageStillUnloadingReachesNeitherTheNextRunNorItsRecording) {
  // A RUM SDK flushes its batch on pagehide. Chromium answers the reset's
  // navigation to about:blank before that document has unloaded; a reset
  // that went on at once cleared storage the old page then wrote again (the
  // next run asked /api/dirty) and the late about:blank commit landed in the
  // next run's events, where it could supersede that run's navigation
  // (observed with Datadog RUM: Page.navigate never answered, exit 3). One
  // worker: each run but the first follows a reset of the same page.
  auto file = scenario("unloading",
                       R"([{"path": "/api/clean", "allowHeaders": "x-probe"},
                           {"path": "/api/dirty", "allowHeaders": "content-type"}])",
                       "addEventListener('pagehide', () => {"
                       "  const end = Date.now() + 300; while (Date.now() < end) {}"
                       "  localStorage.setItem('seen', '1');"
                       "});"
                       "const had = localStorage.getItem('seen');"
                       "await fetch('{{API}}/api/' + (had ? 'dirty' : 'clean'), {headers: {'x-probe': '1'}})"
                       ".then(r => r.text()).catch(() => {});");
  const std::string dir = tmp.str() + "/runs";
  json report = triage({file, "--runs", "4", "--workers", "1", "--no-early-stop", "--record", dir}, 0);
  EXPECT_TRUE(report["findings"].empty()) << report.dump(2);
  EXPECT_EQ(report["summary"]["preflights"], 4);
  for (int run = 1; run <= 4; ++run) {
    const std::string recording = dir + "/unloading-" + std::to_string(run) + ".jsonl";
    for (const auto& line : read_lines(recording)) {
      json message = json::parse(line);
      if (message.value("method", "") != "Page.frameNavigated") continue;
      EXPECT_NE(message["params"]["frame"].value("url", ""), "about:blank")
          << recording << " holds the previous run's about:blank commit";
    }
  }
}

// A triage stopped by SIGTERM (a CI job's timeout) still writes its reports,
// and they say it was interrupted and after how many runs.
TEST_F(TriageTest, ASigtermedTriageWritesItsReportsAndSaysItWasInterrupted) {
  auto file = scenario("stopped", kOrdersRefuseTracing, kCatalogThenOrders);
  const std::string dir = tmp.str() + "/runs", json_path = tmp.str() + "/triage.json",
                    html_path = tmp.str() + "/triage.html";
  bp::child child = start_silentcors({"triage", file, "--runs", "1000", "--no-early-stop", "--workers", "1", "--record",
                                      dir, "--json", json_path, "--html", html_path},
                                     tmp.str());
  // A run has finished (its recording is renamed into place when it ends).
  ASSERT_TRUE(eventually([&] { return fs::exists(dir + "/stopped-1.jsonl"); }, std::chrono::seconds(60)));
  kill(child.id(), SIGTERM);
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(60)));
  EXPECT_EQ(child.exit_code(), 128 + SIGTERM);
  ASSERT_TRUE(fs::exists(json_path));
  json report = read_report(json_path);
  EXPECT_EQ(report["triage"].value("interrupted", false), true) << report["triage"].dump(2);
  EXPECT_EQ(report["triage"].value("signal", ""), "SIGTERM");
  EXPECT_GE(report["triage"]["runs"].get<int>(), 1);
  EXPECT_LT(report["triage"]["runs"].get<int>(), 1000);
  std::ifstream html_file(html_path);
  const std::string html((std::istreambuf_iterator<char>(html_file)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("Interrupted by SIGTERM after "), std::string::npos);
}

// A second signal while the stop is stuck (here on a frozen Chromium) ends
// the triage at once, but only after its last words: the reports of the runs
// that finished, saying it was interrupted.
TEST_F(TriageTest, ARepeatedSigtermEndsAStuckTriageAfterWritingItsReports) {
  auto file = scenario("stuck", kOrdersRefuseTracing, kCatalogThenOrders);
  const std::string dir = tmp.str() + "/runs", json_path = tmp.str() + "/triage.json";
  bp::child child = start_silentcors(
      {"triage", file, "--runs", "1000", "--no-early-stop", "--workers", "1", "--record", dir, "--json", json_path},
      tmp.str());
  ASSERT_TRUE(eventually([&] { return fs::exists(dir + "/stuck-1.jsonl"); }, std::chrono::seconds(60)));
  const int browser = chromium_browser_process(tmp.str());
  ASSERT_GT(browser, 0);
  ASSERT_TRUE(ends_by_repeated_signal(child, browser, SIGTERM));
  ASSERT_TRUE(fs::exists(json_path)) << "no last words";
  json report = read_report(json_path);
  EXPECT_EQ(report["triage"].value("interrupted", false), true) << report["triage"].dump(2);
  EXPECT_GE(report["triage"]["runs"].get<int>(), 1);
}

TEST_F(TriageTest, RunsOfFourWorkersAreIndependent) {
  // As above, with four pages side by side: a cookie, storage or cached
  // preflight of one worker's run must reach neither that worker's next run
  // nor another worker's.
  auto file = scenario("independent-workers",
                       R"([{"path": "/api/clean", "allowHeaders": "x-probe"},
                           {"path": "/api/dirty", "allowHeaders": "content-type"}])",
                       "const had = localStorage.getItem('seen') || document.cookie.includes('seen=');"
                       "localStorage.setItem('seen', '1'); document.cookie = 'seen=1; max-age=3600';"
                       "await fetch('{{API}}/api/' + (had ? 'dirty' : 'clean'), {headers: {'x-probe': '1'}})"
                       ".then(r => r.text()).catch(() => {});");
  json report = triage({file, "--runs", "12", "--no-early-stop", "--workers", "4"}, 0);
  EXPECT_EQ(report["triage"]["workers"], 4);
  EXPECT_TRUE(report["findings"].empty()) << report.dump(2);
  EXPECT_EQ(report["summary"]["preflights"], 12);
}

TEST_F(TriageTest, FourWorkersReachTheVerdictAndCountsOfOne) {
  // Runs are counted in run order whatever order they finish in, so a seeded
  // rehearsal stops at the same run with the same tables on 1 or 4 workers.
  auto file = scenario("in-order", kOrdersRefuseTracing, kCatalogThenOrders,
                       R"("tracing": {"headers": "w3c", "propagateTo": ["/api/"], "sampleRatio": 0.5, "seed": 3})");
  json one = triage({file, "--runs", "40", "--workers", "1"}, 1);
  json four = triage({file, "--runs", "40", "--workers", "4"}, 1);
  EXPECT_TRUE(one["triage"]["stoppedEarly"].get<bool>());
  for (const char* key : {"runs", "stoppedEarly", "verdict", "settled"}) {
    EXPECT_EQ(one["triage"][key], four["triage"][key]) << key;
  }
  // The same sentences, but for the fixture's port (each triage starts its own).
  auto without_port = [](const json& sentences) {
    std::string text = sentences.dump();
    return std::regex_replace(text, std::regex("127\\.0\\.0\\.1:[0-9]+"), "127.0.0.1:PORT");
  };
  EXPECT_EQ(without_port(one["triage"]["sentences"]), without_port(four["triage"]["sentences"]));
  EXPECT_EQ(one["summary"], four["summary"]);
  ASSERT_EQ(one["findings"].size(), four["findings"].size());
  for (size_t i = 0; i < one["findings"].size(); ++i) {
    for (const char* key : {"kind", "headers", "occurrences", "intermittent", "sources"}) {
      EXPECT_EQ(one["findings"][i][key], four["findings"][i][key]) << key;
    }
  }
}

TEST_F(TriageTest, WorkersRunRepeatsSideBySide) {
  auto file = scenario("workers", kOrdersRefuseTracing, kCatalogThenOrders,
                       R"("tracing": {"headers": "w3c", "propagateTo": ["/api/"], "sampleRatio": 1.0})");
  json report = triage({file, "--runs", "6", "--workers", "3", "--no-early-stop"}, 1);
  EXPECT_EQ(report["triage"]["runs"], 6);
  EXPECT_EQ(report["findings"][0]["occurrences"], 6);
  EXPECT_EQ(report["triage"]["verdict"], "cors-every-time");
}

TEST_F(TriageTest, EachRunIsRecordedForAnalyze) {
  // The engineer re-reads one failing run offline, or hands it on.
  auto file = scenario("recorded", kOrdersRefuseTracing, kCatalogThenOrders,
                       R"("tracing": {"headers": "w3c", "propagateTo": ["/api/"], "sampleRatio": 1.0})");
  const std::string dir = tmp.str() + "/runs";
  triage({file, "--runs", "3", "--no-early-stop", "--record", dir}, 1);
  for (int run = 1; run <= 3; ++run) {
    const std::string recording = dir + "/recorded-" + std::to_string(run) + ".jsonl";
    auto result = run_silentcors({"analyze", recording, "--json", tmp.str() + "/one.json"}, tmp.str());
    EXPECT_EQ(result.exit_code, 1) << recording << ": " << result.out << result.err;
    json report = read_report(tmp.str() + "/one.json");
    ASSERT_EQ(report["findings"].size(), 1u) << recording;
    EXPECT_EQ(report["findings"][0]["headers"], json({"traceparent", "tracestate"})) << recording;
    EXPECT_EQ(report["summary"]["preflights"], 2) << recording;  // This run's, and no other's.
  }
}

TEST_F(TriageTest, RehearsalAgainstAnApiThatAllowsTheHeadersFindsNothing) {
  auto file = scenario("allowed", R"([{"path": "/api/catalog", "allowHeaders": "traceparent, tracestate"}])",
                       "await fetch('{{API}}/api/catalog').then(r => r.text()).catch(() => {});",
                       R"("tracing": {"headers": "w3c", "propagateTo": ["/api/"]})");
  json report = triage({file, "--runs", "3", "--no-early-stop"}, 0);
  EXPECT_TRUE(report["findings"].empty()) << report.dump(2);
  EXPECT_EQ(report["summary"]["preflights"], 3);  // The headers were added, so it preflighted.
  EXPECT_EQ(report["triage"]["verdict"], "no-failure");
}

TEST_F(TriageTest, SampleRatioOnTheCommandLineOverridesTheScenario) {
  auto file = scenario("override", kOrdersRefuseTracing, kCatalogThenOrders,
                       R"("tracing": {"headers": "w3c", "propagateTo": ["/api/"], "sampleRatio": 0.0})");
  json report = triage({file, "--runs", "3", "--no-early-stop", "--sample-ratio", "1"}, 1);
  EXPECT_EQ(report["findings"][0]["occurrences"], 3);
}

TEST_F(TriageTest, ABrowserLostDuringARunIsAnInfrastructureError) {
  // The page's API never answers, so the run is still waiting when Chromium dies. It is the
  // only run: no later command would notice the lost connection.
  fixture::FixtureApp app(never_idle_config("/slow.html"));
  app.start();
  const std::string file = tmp.str() + "/slow.json";
  std::ofstream(file) << R"({"name": "slow", "timeoutMs": 120000, "url": ")" << app.page_url("/slow.html") << "\"}";

  auto child = start_silentcors({"triage", file, "--runs", "1"}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  const int browser = chromium_browser_process(tmp.str());
  ASSERT_GT(browser, 0);
  kill(browser, SIGKILL);
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(30))) << "triage did not notice that Chromium died";
  EXPECT_EQ(child.exit_code(), 3);
}

}  // namespace
}  // namespace silentcors::e2e
