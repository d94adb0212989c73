// `run --grid` and `triage --grid` on a real Selenium Grid 4 (hub and two
// Chromium nodes on this machine, tests/grid/selenium_grid.h): the same
// reports as a local run, a node's death costing only its own run, and
// nothing left on the Grid or here. `ctest -L grid`.
#include <chrono>
#include <regex>
#include <thread>

#include <boost/process.hpp>
#include <gtest/gtest.h>

#include "browser/child_wait.h"
#include "e2e_support.h"
#include "selenium_grid.h"
#include "server_process.h"

namespace silentcors::e2e {
namespace {

namespace bp = boost::process;

const std::string kScenarios = std::string(SILENTCORS_SCENARIOS) + "/";

// The fixture app's ports differ from run to run: a report is compared
// with them taken out.
std::string without_ports(const std::string& text) {
  return std::regex_replace(text, std::regex(R"(127\.0\.0\.1:\d+)"), "127.0.0.1:PORT");
}

// What a user compares between two reports of the same suite: each run's
// outcome, in order, each finding with its count, and the totals.
nlohmann::json what_a_user_compares(const nlohmann::json& report) {
  nlohmann::json out;
  for (const auto& run : report["scenarios"]) out["runs"].push_back({run["name"], run["repeat"], run["outcome"]});
  for (const auto& finding : report["findings"]) {
    out["findings"].push_back({finding["scenario"], finding["kind"], finding["method"],
                               without_ports(finding["url"].get<std::string>()), finding["headers"],
                               finding["occurrences"]});
  }
  // Not "requests": the nodes' Chromium is Debian's chromium (its new
  // headless mode asks for /favicon.ico), the local one the lighter
  // headless shell, which does not.
  for (const char* key : {"crossOriginRequests", "preflights", "corsFailures", "findings", "errors"}) {
    out["summary"][key] = report["summary"][key];
  }
  return out;
}

class GridTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (selenium_server_jar().empty()) GTEST_FAIL() << "no Selenium server jar: run scripts/setup --tests";
  }
  TempDir dir;       // silentcors' own: nothing may be left in it.
  TempDir grid_dir;  // The Grid's, apart: its Java processes name it.
  SeleniumGrid grid{grid_dir.path()};
};

TEST_F(GridTest, AGridWithNoNodeOrNoneAtTheAddressIsAnInfrastructureError) {
  ASSERT_TRUE(grid.start_hub());
  auto none = run_silentcors({"run", kScenarios + "all-good.json", "--grid", grid.url(), "--out", dir.str() + "/a"},
                             dir.str());
  EXPECT_EQ(none.exit_code, 3) << none.out << none.err;
  EXPECT_NE(none.err.find("has no free Chromium slot: no node is up"), std::string::npos) << none.err;

  const std::string nowhere = "http://127.0.0.1:" + std::to_string(free_port());
  auto unreachable = run_silentcors(
      {"triage", kScenarios + "flaky-sampled-tracing.json", "--grid", nowhere, "--runs", "5"}, dir.str());
  EXPECT_EQ(unreachable.exit_code, 3) << unreachable.out << unreachable.err;
  EXPECT_NE(unreachable.err.find("cannot reach the Selenium Grid at " + nowhere), std::string::npos)
      << unreachable.err;
}

TEST_F(GridTest, ASuiteOfThirtyRunsOverTwoNodesGivesTheLocalRunsReport) {
  ASSERT_TRUE(grid.start_hub());
  ASSERT_TRUE(grid.add_node(1));
  ASSERT_TRUE(grid.add_node(1));
  const std::vector<std::string> suite = {"run",
                                          kScenarios + "tracing-traceparent.json",
                                          kScenarios + "all-good.json",
                                          kScenarios + "method-delete-refused.json",
                                          "--repeat",
                                          "10"};

  auto grid_args = suite;
  grid_args.insert(grid_args.end(), {"--grid", grid.url(), "--out", dir.str() + "/grid-reports"});
  auto on_grid = run_silentcors(grid_args, dir.str(), std::chrono::seconds(240));
  auto local_args = suite;
  local_args.insert(local_args.end(), {"--out", dir.str() + "/local-reports"});
  auto local = run_silentcors(local_args, dir.str(), std::chrono::seconds(240));

  EXPECT_EQ(on_grid.exit_code, 1) << on_grid.out << on_grid.err;
  EXPECT_EQ(on_grid.exit_code, local.exit_code) << local.out << local.err;
  const auto grid_report = read_report(dir.path() / "grid-reports/report.json");
  const auto local_report = read_report(dir.path() / "local-reports/report.json");
  EXPECT_EQ(grid_report["scenarios"].size(), 30u);
  EXPECT_EQ(what_a_user_compares(grid_report), what_a_user_compares(local_report));
  // Spread over both nodes: each started a session (the Grid chose which).
  EXPECT_GE(grid.sessions_started_on_node(0), 1);
  EXPECT_GE(grid.sessions_started_on_node(1), 1);
  EXPECT_TRUE(grid.nothing_left());
}

TEST_F(GridTest, ATriageWithFourWorkersOnTheGridReachesTheLocalVerdict) {
  ASSERT_TRUE(grid.start_hub());
  ASSERT_TRUE(grid.add_node(2));
  ASSERT_TRUE(grid.add_node(2));
  // The scenario's sampler is seeded: run i draws the same whoever runs it,
  // so the same 16 runs must give the same verdict, to the p-value.
  const std::vector<std::string> triage = {"triage", kScenarios + "flaky-sampled-tracing.json", "--runs", "16",
                                           "--no-early-stop"};
  auto grid_args = triage;
  grid_args.insert(grid_args.end(), {"--grid", grid.url(), "--json", dir.str() + "/grid.json"});
  auto on_grid = run_silentcors(grid_args, dir.str(), std::chrono::seconds(240));
  auto local_args = triage;
  local_args.insert(local_args.end(), {"--workers", "4", "--json", dir.str() + "/local.json"});
  auto local = run_silentcors(local_args, dir.str(), std::chrono::seconds(240));

  EXPECT_EQ(on_grid.exit_code, 1) << on_grid.out << on_grid.err;
  EXPECT_EQ(on_grid.exit_code, local.exit_code) << local.out << local.err;
  EXPECT_NE(on_grid.out.find("workers: 4 Grid sessions"), std::string::npos) << on_grid.out;
  const auto grid_triage = read_report(dir.path() / "grid.json")["triage"];
  const auto local_triage = read_report(dir.path() / "local.json")["triage"];
  EXPECT_EQ(grid_triage["workers"], 4);
  EXPECT_EQ(grid_triage["verdict"], "cors-explained");
  EXPECT_EQ(grid_triage["verdict"], local_triage["verdict"]);
  EXPECT_EQ(grid_triage["runs"], 16);
  EXPECT_EQ(without_ports(grid_triage["sentences"].dump()), without_ports(local_triage["sentences"].dump()));
  EXPECT_GE(grid.sessions_started_on_node(0), 1);
  EXPECT_GE(grid.sessions_started_on_node(1), 1);
  EXPECT_TRUE(grid.nothing_left());
}

TEST_F(GridTest, ANodeThatDiesMidSuiteFailsOnlyItsRunAndTheRestComplete) {
  ASSERT_TRUE(grid.start_hub());
  ASSERT_TRUE(grid.add_node(1));
  ASSERT_TRUE(grid.add_node(1));
  const std::string out = dir.str() + "/reports";
  bp::environment env = boost::this_process::environment();
  env["TMPDIR"] = tool_tmpdir(dir.str());
  bp::child silentcors(silentcors_binary(),
                       bp::args({"run", std::string(SILENTCORS_TEST_DATA) + "/grid/scenarios/refused-on-a-node-that-dies.json",
                                 "--repeat", "16", "--grid", grid.url(), "--out", out}),
                       env, bp::std_out > (dir.path() / "out.txt").string(),
                       bp::std_err > (dir.path() / "err.txt").string());
  // Runs are under way (the first is reported) and the second node holds a
  // session: silentcors drives pages there, with runs left for it.
  ASSERT_TRUE(eventually(
      [&] {
        return read_file(dir.path() / "out.txt").find("[1/16]") != std::string::npos && grid.sessions_on_node(1) == 1;
      },
      std::chrono::seconds(90)));
  grid.kill_node(1);
  ASSERT_TRUE(browser::wait_for_exit(silentcors, std::chrono::seconds(180)));
  const std::string said = read_file(dir.path() / "out.txt") + read_file(dir.path() / "err.txt");

  // The broken run is an infrastructure error; the suite's other runs all ran
  // on the node left, with the outcomes they have anywhere.
  EXPECT_EQ(silentcors.exit_code(), 3) << said;
  const auto report = read_report(out + "/report.json");
  ASSERT_EQ(report["scenarios"].size(), 16u) << said;
  int errors = 0;
  for (const auto& run : report["scenarios"]) {
    if (run["outcome"] == "error") {
      ++errors;
      continue;
    }
    EXPECT_EQ(run["outcome"], "failed") << run.dump();
  }
  EXPECT_EQ(errors, 1) << said;
  EXPECT_TRUE(nothing_left_behind(dir.str()));
  EXPECT_TRUE(grid.nothing_left());
}

// A triage's run broken by a dead node goes to the other session: runs
// 1..16 are all counted, in order, so the verdict is the local one.
TEST_F(GridTest, ANodeThatDiesMidTriageGivesItsRunToTheOtherSessionAndTheVerdictStands) {
  ASSERT_TRUE(grid.start_hub());
  ASSERT_TRUE(grid.add_node(1));
  ASSERT_TRUE(grid.add_node(1));
  const std::string scenario = std::string(SILENTCORS_TEST_DATA) + "/grid/scenarios/flaky-on-a-node-that-dies.json";
  const std::vector<std::string> triage = {"triage", scenario, "--runs", "16", "--no-early-stop"};
  bp::environment env = boost::this_process::environment();
  env["TMPDIR"] = tool_tmpdir(dir.str());
  auto grid_args = triage;
  grid_args.insert(grid_args.end(), {"--grid", grid.url(), "--json", dir.str() + "/grid.json", "--record",
                                     dir.str() + "/runs"});
  bp::child silentcors(silentcors_binary(), bp::args(grid_args), env, bp::std_out > (dir.path() / "out.txt").string(),
                       bp::std_err > (dir.path() / "err.txt").string());
  // Runs are under way (the first recordings are written) and the second
  // node holds a session.
  ASSERT_TRUE(eventually(
      [&] {
        std::error_code ec;
        return std::filesystem::exists(dir.path() / "runs", ec) &&
               std::distance(std::filesystem::directory_iterator(dir.path() / "runs", ec),
                             std::filesystem::directory_iterator()) >= 3 &&
               grid.sessions_on_node(1) == 1;
      },
      std::chrono::seconds(90)));
  grid.kill_node(1);
  ASSERT_TRUE(browser::wait_for_exit(silentcors, std::chrono::seconds(180)));
  const std::string said = read_file(dir.path() / "out.txt") + read_file(dir.path() / "err.txt");
  EXPECT_EQ(silentcors.exit_code(), 1) << said;

  auto local_args = triage;
  local_args.insert(local_args.end(), {"--workers", "2", "--json", dir.str() + "/local.json"});
  auto local = run_silentcors(local_args, dir.str(), std::chrono::seconds(240));
  EXPECT_EQ(local.exit_code, 1) << local.out << local.err;
  const auto grid_triage = read_report(dir.path() / "grid.json")["triage"];
  const auto local_triage = read_report(dir.path() / "local.json")["triage"];
  EXPECT_EQ(grid_triage["runs"], 16) << said;
  EXPECT_EQ(grid_triage["verdict"], local_triage["verdict"]);
  EXPECT_EQ(without_ports(grid_triage["sentences"].dump()), without_ports(local_triage["sentences"].dump()));
  EXPECT_TRUE(nothing_left_behind(dir.str()));
  EXPECT_TRUE(grid.nothing_left());
}

}  // namespace
}  // namespace silentcors::e2e
