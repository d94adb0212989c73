#include "runs/run_plan.h"

#include <algorithm>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace silentcors::runs {
namespace {

namespace fs = std::filesystem;

class RunPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "silentcors-plan-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(RunPlanTest, EveryProblemOfEveryFileIsReportedAtOnce) {
  const auto a = write("a.json", "{\"name\": \"a\", \"url\": \"ftp://x\"}");
  const auto b = write("b.json", "{\"name\": \"b\",\n \"url\": \"https://ok.test/\", \"repeat\": 0}");
  const auto c = write("c.json", "{\"name\": \"c\", \"url\": \"https://ok.test/\"}");
  const RunPlan plan = plan_run({a, b, c}, {});
  ASSERT_EQ(plan.errors.size(), 2u);
  EXPECT_EQ(plan.errors[0].rfind(a + ":1:22: url: ", 0), 0u) << plan.errors[0];
  EXPECT_EQ(plan.errors[1].rfind(b + ":2:39: repeat: ", 0), 0u) << plan.errors[1];
  EXPECT_EQ(plan.scenarios.size(), 1u);
}

TEST_F(RunPlanTest, AFixtureTheAppRefusesIsLocatedInTheFile) {
  const auto f = write("f.json", R"({"name": "f", "url": "/index.html",
  "fixture": {"routes": [{"path": "/api/a"},
                         {"path": "/api/a"}]}})");
  const RunPlan plan = plan_run({f}, {});
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_EQ(plan.errors[0],
            f + ":3:35: fixture.routes[1].path: expected a path not used by an earlier route, got string \"/api/a\"");
}

TEST_F(RunPlanTest, TwoScenariosWithOneNameAreRefused) {
  const auto a = write("a.json", R"({"name": "checkout", "url": "https://ok.test/"})");
  const auto b = write("b.json", R"({"url": "https://ok.test/", "name": "checkout"})");
  const RunPlan plan = plan_run({a, b}, {});
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_EQ(plan.errors[0], b + ":1:37: name: \"checkout\" is also the name of " + a +
                                "; each scenario in a run needs its own name (it names the test case)");
}

TEST_F(RunPlanTest, TheSameFileTwiceRunsOnce) {
  const auto a = write("a.json", R"({"name": "checkout", "url": "https://ok.test/"})");
  const RunPlan plan = plan_run({a, (dir_ / "." / "a.json").string()}, {});
  EXPECT_TRUE(plan.errors.empty());
  EXPECT_EQ(plan.scenarios.size(), 1u);
}

TEST_F(RunPlanTest, GrepSelectsByNameIgnoringCaseAndRepeatOverrides) {
  const auto a = write("a.json", R"({"name": "Checkout EU", "url": "https://ok.test/", "repeat": 3})");
  const auto b = write("b.json", R"({"name": "login", "url": "https://ok.test/"})");
  RunPlan plan = plan_run({a, b}, {"checkout", std::nullopt});
  ASSERT_EQ(plan.scenarios.size(), 1u);
  EXPECT_EQ(plan.scenarios[0].scenario.name, "Checkout EU");
  EXPECT_EQ(plan.scenarios[0].repeat, 3);
  EXPECT_EQ(plan.not_selected, 1u);
  EXPECT_EQ(plan.total_runs(), 3u);

  plan = plan_run({a, b}, {"", 2});
  ASSERT_EQ(plan.scenarios.size(), 2u);
  EXPECT_EQ(plan.total_runs(), 4u);
}

// --shard I/N: every run of the suite in exactly one shard, in turn.
TEST_F(RunPlanTest, ShardsSplitTheExpandedRunsWithoutOverlapOrGap) {
  const auto a = write("a.json", R"({"name": "checkout", "url": "https://ok.test/", "repeat": 3})");
  const auto b = write("b.json", R"({"name": "login", "url": "https://ok.test/"})");
  const auto c = write("c.json", R"({"name": "search", "url": "https://ok.test/", "repeat": 2})");
  std::vector<std::string> all;
  for (int shard = 1; shard <= 3; ++shard) {
    PlanOptions options;
    options.shard = std::make_pair(shard, 3);
    const RunPlan plan = plan_run({a, b, c}, options);
    for (const auto& planned : plan.scenarios) {
      for (int index : run_indices(planned)) all.push_back(planned.scenario.name + " " + std::to_string(index));
    }
    EXPECT_EQ(plan.total_runs(), 2u) << "6 runs, 3 shards";
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<std::string>{"checkout 1", "checkout 2", "checkout 3", "login 1", "search 1", "search 2"}));
  // Shard 1 of 3 takes runs 0 and 3 of the list: checkout 1 and login 1.
  PlanOptions first;
  first.shard = std::make_pair(1, 3);
  const RunPlan plan = plan_run({a, b, c}, first);
  ASSERT_EQ(plan.scenarios.size(), 2u);
  EXPECT_EQ(run_indices(plan.scenarios[0]), (std::vector<int>{1}));
  EXPECT_EQ(plan.scenarios[0].repeat, 3) << "still labelled as one of 3 repeats";
  EXPECT_EQ(plan.scenarios[1].scenario.name, "login");
}

// merge orders the shards' runs by their place in the whole suite and
// checks the shards are of one suite: every shard must agree on both.
TEST_F(RunPlanTest, EveryShardKnowsEachRunsPlaceInTheWholeSuite) {
  const auto a = write("a.json", R"({"name": "checkout", "url": "https://ok.test/", "repeat": 3})");
  const auto b = write("b.json", R"({"name": "login", "url": "https://ok.test/"})");
  const RunPlan whole = plan_run({a, b}, {});
  EXPECT_EQ(whole.suite_runs, 4u);
  EXPECT_EQ(whole.scenarios[0].first_run, 0u);
  EXPECT_EQ(whole.scenarios[1].first_run, 3u);
  PlanOptions second;
  second.shard = std::make_pair(2, 3);
  const RunPlan shard = plan_run({a, b}, second);
  EXPECT_EQ(shard.suite_runs, 4u) << "the whole suite's, not the shard's";
  EXPECT_EQ(shard.fingerprint, whole.fingerprint);
  ASSERT_EQ(shard.scenarios.size(), 1u);
  EXPECT_EQ(shard.scenarios[0].first_run, 0u) << "checkout's repeat 2 is run 1 of the suite";
  PlanOptions more;
  more.repeat = 2;
  EXPECT_NE(plan_run({a, b}, more).fingerprint, whole.fingerprint) << "another --repeat is another suite";
  EXPECT_NE(plan_run({b, a}, {}).fingerprint, whole.fingerprint) << "another order is another suite";
}

TEST_F(RunPlanTest, FixtureConfigIsParsedForTheRun) {
  const auto f = write("f.json", R"({"name": "f", "url": "/index.html",
    "fixture": {"routes": [{"path": "/api/a", "allowHeaders": "content-type"}], "pages": {"/index.html": "<p>"}}})");
  const RunPlan plan = plan_run({f}, {});
  ASSERT_TRUE(plan.errors.empty()) << plan.errors[0];
  ASSERT_TRUE(plan.scenarios[0].fixture);
  EXPECT_EQ(plan.scenarios[0].fixture->routes.at(0).allow_headers, "content-type");
}

TEST_F(RunPlanTest, FixtureFilesAreFoundBesideTheScenarioAndAMissingOneIsLocated) {
  fs::create_directories(dir_ / "dist");
  std::ofstream(dir_ / "dist" / "a.js") << "1;";
  const auto ok = write("ok.json", R"({"name": "ok", "url": "/p",
    "fixture": {"files": {"/sdk/a.js": "dist/a.js"}, "intake": ["/intake/*"], "pages": {"/p": "<p>"}}})");
  const RunPlan plan = plan_run({ok}, {});
  ASSERT_TRUE(plan.errors.empty()) << plan.errors[0];
  EXPECT_EQ(plan.scenarios[0].fixture->files.at("/sdk/a.js"), dir_ / "dist" / "a.js");
  EXPECT_EQ(plan.scenarios[0].fixture->intake, std::vector<std::string>{"/intake/*"});

  const auto missing = write("missing.json", R"({"name": "missing", "url": "/p",
    "fixture": {"files": {"/sdk/b.js": "dist/b.js"}, "pages": {"/p": "<p>"}}})");
  EXPECT_EQ(plan_run({missing}, {}).errors,
            std::vector<std::string>{missing + ":2:40: fixture.files[\"/sdk/b.js\"]: no such file: " +
                                     (dir_ / "dist" / "b.js").string()});
}

TEST_F(RunPlanTest, TheSchemaBesideTheScenariosIsSkipped) {
  const auto schema = write("schema.json", R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"})");
  const auto a = write("a.json", R"({"$schema": "./schema.json", "name": "a", "url": "https://ok.test/"})");
  const RunPlan plan = plan_run({a, schema}, {});
  EXPECT_TRUE(plan.errors.empty());
  EXPECT_EQ(plan.scenarios.size(), 1u);
  EXPECT_EQ(plan.schemas_skipped, std::vector<std::string>{schema});
}

TEST_F(RunPlanTest, RecordingFileNamesAreUniqueOnceRepeatsAreNumbered) {
  // "checkout" twice is checkout-1, checkout-2; "checkout 2" was checkout-2
  // as well, and one recording overwrote the other.
  const auto repeated = write("a.json", R"({"name": "checkout", "url": "https://ok.test/", "repeat": 2})");
  const auto second = write("b.json", R"({"name": "checkout 2", "url": "https://ok.test/"})");
  const auto same_slug = write("c.json", R"({"name": "Checkout", "url": "https://ok.test/", "repeat": 2})");
  for (const auto& files : {std::vector<std::string>{repeated, second, same_slug},
                            std::vector<std::string>{second, same_slug, repeated}}) {
    const RunPlan plan = plan_run(files, {});
    ASSERT_TRUE(plan.errors.empty()) << plan.errors[0];
    std::set<std::string> names;
    for (const auto& planned : plan.scenarios) {
      for (int i = 1; i <= planned.repeat; ++i) {
        EXPECT_TRUE(names.insert(recording_file_name(planned, i)).second)
            << recording_file_name(planned, i) << " twice (" << planned.scenario.name << ")";
      }
    }
    EXPECT_EQ(names.size(), plan.total_runs());
  }
  // The first one given keeps its plain name.
  const RunPlan plan = plan_run({repeated, second}, {});
  EXPECT_EQ(recording_file_name(plan.scenarios[0], 2), "checkout-2.jsonl");
  EXPECT_EQ(recording_file_name(plan.scenarios[1], 1), "checkout-2_2.jsonl");
}

TEST(Slug, NamesBecomeFileNames) {
  EXPECT_EQ(slug("Checkout: EU cart"), "checkout-eu-cart");
  EXPECT_EQ(slug("  --traceparent refused!--"), "traceparent-refused");
  EXPECT_EQ(slug("???"), "scenario");
}

TEST(RecordingFileName, RepeatsAreNumbered) {
  PlannedScenario once;
  once.slug = "checkout";
  EXPECT_EQ(recording_file_name(once, 1), "checkout.jsonl");
  PlannedScenario thrice = once;
  thrice.repeat = 3;
  EXPECT_EQ(recording_file_name(thrice, 2), "checkout-2.jsonl");
}

TEST(NameMatches, CaseInsensitiveSubstring) {
  EXPECT_TRUE(name_matches("Tracing: W3C trio", "w3c"));
  EXPECT_TRUE(name_matches("anything", ""));
  EXPECT_FALSE(name_matches("login", "checkout"));
}

}  // namespace
}  // namespace silentcors::runs
