// `silentcors run` with real headless Chromium, as a CI stage runs it: the
// binary, its exit code, its console lines and its report files (JSON and
// JUnit parsed back). Scenarios use the built-in fixture ("fixture" in the
// scenario), so nothing else needs to be installed.
#include <sys/wait.h>

#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <signal.h>

#include <boost/process.hpp>

#include "browser/child_wait.h"
#include "e2e_support.h"
#include "fixture/fixture_app.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
namespace pt = boost::property_tree;
namespace bp = boost::process;

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json read_json(const fs::path& path) { return json::parse(read_file(path)); }

struct TestCase {
  std::string name;
  std::string failure_message;  // "" when it has no <failure>
  std::string failure_text;
  std::string error_message;  // "" when it has no <error>
};

std::vector<TestCase> junit_cases(const fs::path& path) {
  pt::ptree tree;
  pt::read_xml(path.string(), tree);
  std::vector<TestCase> cases;
  for (const auto& [tag, testcase] : tree.get_child("testsuites.testsuite")) {
    if (tag != "testcase") continue;
    TestCase c;
    c.name = testcase.get<std::string>("<xmlattr>.name");
    if (auto failure = testcase.get_child_optional("failure")) {
      c.failure_message = failure->get<std::string>("<xmlattr>.message");
      c.failure_text = failure->data();
    }
    if (auto error = testcase.get_child_optional("error")) c.error_message = error->get<std::string>("<xmlattr>.message");
    cases.push_back(c);
  }
  return cases;
}

// The report's per-run entries, by scenario name (the last run of each).
std::map<std::string, json> runs_by_name(const json& report) {
  std::map<std::string, json> out;
  for (const auto& run : report.at("scenarios")) out[run.at("name")] = run;
  return out;
}

std::vector<std::string> strings(const json& array) {
  std::vector<std::string> out;
  for (const auto& s : array) out.push_back(s.get<std::string>());
  return out;
}

// The combined report's findings of one scenario (each carries its name).
json findings_of(const json& report, const std::string& scenario) {
  json out = json::array();
  for (const auto& f : report.at("findings")) {
    if (f.value("scenario", "") == scenario) out.push_back(f);
  }
  return out;
}

const json* finding_of_kind(const json& findings, const std::string& kind) {
  for (const auto& f : findings) {
    if (f.value("kind", "") == kind) return &f;
  }
  return nullptr;
}

// Pages the tests' scenarios share, served by the fixture each scenario starts.
// /orders POSTs with traceparent (refused); /orders-and-delete does that
// and also DELETEs (refused method); /form has steps to drive.
constexpr const char* kSharedFixture = R"({
  "routes": [
    {"path": "/api/orders", "allowMethods": "GET, POST", "allowHeaders": "content-type"},
    {"path": "/api/items/*", "allowMethods": "GET, POST", "allowHeaders": "content-type"},
    {"path": "/api/ok", "allowHeaders": "content-type, x-who"}
  ],
  "pages": {
    "/orders": "<!doctype html><script>fetch('{{API}}/api/orders', {method: 'POST', headers: {'content-type': 'application/json', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'}, body: '{}'}).catch(() => {});</script>",
    "/orders-and-delete": "<!doctype html><script>fetch('{{API}}/api/orders', {method: 'POST', headers: {'content-type': 'application/json', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'}, body: '{}'}).catch(() => {}); fetch('{{API}}/api/items/7', {method: 'DELETE'}).catch(() => {});</script>",
    "/moves-on": "<!doctype html><script>location.replace('/orders');</script>",
    "/ok": "<!doctype html><script>fetch('{{API}}/api/ok', {headers: {'content-type': 'application/json'}}).catch(() => {});</script>",
    "/form": "<!doctype html><form id=f><input id=who><button id=send type=button>Send</button></form><p id=result></p><script>const go = (path) => fetch('{{API}}' + path, {headers: {'x-who': document.getElementById('who').value, 'x-step': 'yes'}}).then(() => { result.textContent = 'sent'; }, () => { result.textContent = 'failed'; }); document.getElementById('send').onclick = () => go('/api/ok'); document.getElementById('f').onsubmit = (e) => { e.preventDefault(); go('/api/ok?enter'); };</script>"
  }
})";

class RunTest : public ::testing::Test {
 protected:
  void TearDown() override {
    // Whatever happened in the test: nothing of Chromium survives the tool.
    EXPECT_TRUE(nothing_left_behind(tmp.str())) << "silentcors said: " << last_err;
  }

  // A scenario file on the shared fixture: `fields` are the scenario's
  // other members, e.g. R"("steps": [...])".
  std::string scenario(const std::string& file, const std::string& name, const std::string& url,
                       const std::string& fields = "") {
    const fs::path path = tmp.path() / file;
    std::ofstream(path) << "{\"name\": \"" << name << "\", \"url\": \"" << url << "\", \"idleMs\": 200,"
                        << (fields.empty() ? "" : fields + ",") << "\n\"fixture\": " << kSharedFixture << "}\n";
    return path.string();
  }

  CommandResult run(std::vector<std::string> args) {
    args.insert(args.begin(), "run");
    args.push_back("--out");
    args.push_back(out().string());
    auto result = run_silentcors(args, tmp.str());
    last_err = result.err;
    return result;
  }
  std::string last_err;  // Shown when the test leaves something behind.

  fs::path out() const { return tmp.path() / "reports"; }
  json report(std::source_location where = std::source_location::current()) const {
    return read_report(out() / "report.json", where);
  }

  TempDir tmp;
};

TEST_F(RunTest, ExamplesFailAndPassAsTheirDescriptionsSay) {
  std::vector<std::string> args = {"run"};
  for (const auto& entry : fs::directory_iterator(SILENTCORS_SCENARIOS)) {
    if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json") {
      args.push_back(entry.path().string());
    }
  }
  std::sort(args.begin() + 1, args.end());
  ASSERT_EQ(args.size(), 11u) << "an example was added or removed: update this test";
  args.insert(args.end(), {"--out", out().string()});
  auto result = run_silentcors(args, tmp.str());
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;

  const json r = report();
  auto runs = runs_by_name(r);
  ASSERT_EQ(runs.size(), 10u);
  struct Expected {
    std::string outcome;
    std::string kind;  // of the first finding; "" for none
    std::vector<std::string> headers;
  };
  const std::map<std::string, Expected> expected = {
      {"tracing: traceparent refused", {"failed", "header-not-allowed", {"traceparent"}}},
      {"tracing: W3C traceparent + tracestate refused", {"failed", "header-not-allowed", {"traceparent", "tracestate"}}},
      {"tracing: Sentry baggage refused", {"failed", "header-not-allowed", {"baggage"}}},
      {"tracing: Datadog headers refused",
       {"failed",
        "header-not-allowed",
        {"x-datadog-origin", "x-datadog-parent-id", "x-datadog-sampling-priority", "x-datadog-trace-id"}}},
      {"method: DELETE refused", {"failed", "method-not-allowed", {}}},
      {"preflight answered 401 by an auth layer", {"failed", "preflight-status", {}}},
      {"credentials with wildcard origin", {"failed", "wildcard-with-credentials", {}}},
      {"all good: traced, credentialed PUT", {"passed", "", {}}},
      // Seeded: its first run is one of the sampled ones.
      {"flaky: sampled tracing headers", {"failed", "header-not-allowed", {"traceparent", "tracestate"}}},
      // Seeded: its first page load is a sampled session.
      {"flaky: session-sampled tracing headers",
       {"failed",
        "header-not-allowed",
        {"baggage", "traceparent", "tracestate", "x-datadog-origin", "x-datadog-parent-id",
         "x-datadog-sampling-priority", "x-datadog-trace-id"}}},
  };
  for (const auto& [name, want] : expected) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(runs.count(name)) << "no run named " << name;
    const json& run = runs[name];
    EXPECT_EQ(run.at("outcome"), want.outcome) << run.dump(2);
    if (want.kind.empty()) {
      EXPECT_TRUE(run.at("failures").empty()) << run.dump(2);
      continue;
    }
    const json findings = findings_of(r, name);
    ASSERT_EQ(run.at("findings"), findings.size());
    ASSERT_FALSE(findings.empty()) << run.dump(2);
    const json& first = findings[0];
    EXPECT_EQ(first.at("kind"), want.kind) << findings.dump(2);
    EXPECT_EQ(first.at("severity"), "error");
    if (!want.headers.empty()) {
      EXPECT_EQ(strings(first.at("headers")), want.headers);
    }
  }
  // The combined report carries the contract's fields, each finding with its scenario.
  EXPECT_EQ(r.at("schemaVersion"), 1);
  for (const auto& f : r.at("findings")) EXPECT_FALSE(f.value("scenario", "").empty());

  // JUnit: one test case per run; a failure message that names kind, headers, method and URL.
  const auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 10u);
  std::size_t failures = 0;
  for (const auto& c : cases) {
    failures += !c.failure_message.empty();
    if (c.name == "tracing: Datadog headers refused") {
      EXPECT_EQ(c.failure_message.rfind("header-not-allowed: x-datadog-origin, x-datadog-parent-id, "
                                        "x-datadog-sampling-priority, x-datadog-trace-id refused by GET http://127.0.0.1:",
                                        0),
                0u)
          << c.failure_message;
      EXPECT_NE(c.failure_message.find("/api/search?q=shoes"), std::string::npos) << c.failure_message;
      EXPECT_NE(c.failure_text.find("fix: "), std::string::npos) << c.failure_text;
    }
    if (c.name == "method: DELETE refused") {
      EXPECT_NE(c.failure_message.find("method-not-allowed"), std::string::npos) << c.failure_message;
      EXPECT_NE(c.failure_message.find("DELETE http://127.0.0.1:"), std::string::npos) << c.failure_message;
    }
  }
  EXPECT_EQ(failures, 9u);

  const std::string summary = read_file(out() / "summary.md");
  EXPECT_NE(summary.find("traceparent"), std::string::npos);
  // Console: a line per run, then the count.
  EXPECT_NE(result.out.find("PASS all good: traced, credentialed PUT"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("FAIL tracing: Sentry baggage refused"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("10 scenario runs: 1 passed, 9 failed, 0 errors"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("\x1b["), std::string::npos) << "colour without a terminal";
}

TEST_F(RunTest, InvalidScenariosExitTwoWithEveryProblemAndNoBrowser) {
  const fs::path bad = tmp.path() / "bad.json";
  std::ofstream(bad) << "{\"name\": \"bad\",\n \"url\": \"/x\",\n \"steps\": [{\"click\": 3}]}\n";
  const fs::path worse = tmp.path() / "worse.json";
  std::ofstream(worse) << "{\"name\": \"worse\", \"url\": \"https://ok.test/\", \"idelMs\": 5}\n";
  // A browser that does not exist: reaching it would be exit code 3.
  auto result = run_silentcors({"run", bad.string(), worse.string(), "--out", out().string(), "--chrome",
                                "/nonexistent/chromium"},
                               tmp.str());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  const std::string b = bad.string(), w = worse.string();
  // Every problem, each as file:line:column: field: message.
  EXPECT_EQ(result.err,
            b + ":2:9: url: \"/x\" is a path on the built-in fixture, but this scenario has no \"fixture\"; use an "
                "absolute http(s) URL or add a \"fixture\"\n" +
                b + ":3:22: steps[0].click: expected a string (CSS selector), got number\n" + w +
                ":1:46: idelMs: unknown field \"idelMs\"; did you mean \"idleMs\"?\n"
                "silentcors run: 3 problems in the scenario files; nothing was run\n");
  EXPECT_FALSE(fs::exists(out())) << "no reports for a run that did not happen";
}

TEST_F(RunTest, ADirectoryGivenAsAScenarioIsBadInputNamingIt) {
  // It was exit 3 with libstdc++'s "basic_filebuf::underflow error reading the file".
  const fs::path dir = tmp.path() / "scenarios";
  fs::create_directory(dir);
  auto result = run_silentcors({"run", dir.string(), "--out", out().string(), "--chrome", "/nonexistent/chromium"},
                               tmp.str());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err, dir.string() + ": cannot read file: it is a directory\n"
                                       "silentcors run: 1 problem in the scenario files; nothing was run\n");
}

TEST_F(RunTest, AllowWithReasonPassesWhileANewFindingOnTheSamePageFails) {
  const std::string allow =
      R"("expect": {"allow": [{"kind": "header-not-allowed", "header": "traceparent", "url": "http://127.0.0.1:*/api/orders", "reason": "OPS-123: API team adds it in May"}]})";
  const auto known = scenario("known.json", "orders, known issue", "/orders", allow);
  const auto regressed = scenario("regressed.json", "orders, new failure", "/orders-and-delete", allow);
  auto result = run({known, regressed});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;

  auto runs = runs_by_name(report());
  EXPECT_EQ(runs["orders, known issue"].at("outcome"), "passed");
  ASSERT_EQ(runs["orders, known issue"].at("tolerated").size(), 1u);
  EXPECT_NE(runs["orders, known issue"].at("tolerated")[0].get<std::string>().find(
                "allowed: OPS-123: API team adds it in May"),
            std::string::npos);

  const json& regressed_run = runs["orders, new failure"];
  EXPECT_EQ(regressed_run.at("outcome"), "failed");
  ASSERT_EQ(regressed_run.at("failures").size(), 1u) << regressed_run.dump(2);
  EXPECT_NE(regressed_run.at("failures")[0].get<std::string>().find("method-not-allowed: DELETE"), std::string::npos);
  EXPECT_EQ(regressed_run.at("tolerated").size(), 1u);

  // The red test names the new failure, not the tolerated one.
  for (const auto& c : junit_cases(out() / "junit.xml")) {
    if (c.name == "orders, new failure") {
      EXPECT_EQ(c.failure_message.rfind("method-not-allowed: DELETE http://127.0.0.1:", 0), 0u) << c.failure_message;
    } else {
      EXPECT_TRUE(c.failure_message.empty()) << c.failure_message;
    }
  }
}

TEST_F(RunTest, ExpectedFindingThatDoesNotAppearFails) {
  const auto pinned = scenario("pinned.json", "pinned", "/ok", R"("expect": {"findings": [{"kind": "header-not-allowed", "header": "traceparent"}]})");
  auto result = run({pinned});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].failure_message,
            "expected finding did not appear: header-not-allowed with header traceparent (expect.findings[0])");
}

TEST_F(RunTest, GrepRunsOnlyTheScenariosWhoseNameMatches) {
  const auto a = scenario("a.json", "Checkout EU", "/ok");
  const auto b = scenario("b.json", "login", "/ok");
  auto result = run({a, b, "--grep", "checkout"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name, "Checkout EU");

  result = run({a, b, "--grep", "nothing-like-it"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no scenario's name contains \"nothing-like-it\""), std::string::npos) << result.err;
}

TEST_F(RunTest, StepsFillClickPressAndWaitDriveThePage) {
  // Fill sets the header value the click sends; x-step is not allowed, so
  // the clicked fetch fails; Enter in the field submits the form: a second fetch.
  const auto steps = scenario("steps.json", "form steps", "/form", R"J("steps": [
      {"fill": "#who", "text": "qa engineer"},
      {"click": "#send"},
      {"waitFor": "#result:not(:empty)"},
      {"evaluate": "document.getElementById('result').textContent = ''"},
      {"press": "Enter", "selector": "#who"},
      {"waitFor": {"js": "document.getElementById('result').textContent === 'failed'"}},
      {"waitFor": "networkIdle"}
  ])J");
  const fs::path recordings = tmp.path() / "recordings";
  auto result = run({steps, "--record", recordings.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const json r = report();
  const json& run = r.at("scenarios").at(0);
  EXPECT_EQ(run.at("outcome"), "failed") << run.dump(2);
  EXPECT_EQ(run.at("failures").size(), 1u) << "the steps themselves all worked: " << run.dump(2);
  // Two fetches refused on x-step (one finding per endpoint): the click's and the Enter's.
  const json findings = findings_of(r, "form steps");
  ASSERT_EQ(findings.size(), 1u) << findings.dump(2);
  EXPECT_EQ(findings[0].at("kind"), "header-not-allowed");
  EXPECT_EQ(strings(findings[0].at("headers")), std::vector<std::string>{"x-step"});
  EXPECT_EQ(findings[0].at("occurrences"), 2) << findings.dump(2);

  // What the page sent: the filled text, on the click's request and on Enter's.
  std::map<std::string, std::string> who_by_url;
  for (const auto& line : read_lines((recordings / "form-steps.jsonl").string())) {
    const json event = json::parse(line);
    if (event.value("method", "") != "Network.requestWillBeSent") continue;
    const json& request = event.at("params").at("request");
    if (request.at("method") != "GET" || request.at("url").get<std::string>().find("/api/ok") == std::string::npos) {
      continue;
    }
    const std::string url = request.at("url");
    who_by_url[url.substr(url.find("/api/ok"))] = request.at("headers").value("x-who", "");
  }
  EXPECT_EQ(who_by_url, (std::map<std::string, std::string>{{"/api/ok", "qa engineer"}, {"/api/ok?enter", "qa engineer"}}));
}

TEST_F(RunTest, AStepThatFailsNamesItselfAndWhereItIsWritten) {
  const auto path = scenario("missing.json", "missing button", "/ok", R"("steps": [
      {"waitFor": "#never", "timeoutMs": 300}
  ])");
  auto result = run({path});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].failure_message,
            "step 1 (" + path + ":2:7) waitFor \"#never\": no element matched \"#never\" within 300 ms");
  EXPECT_NE(result.out.find("FAIL missing button"), std::string::npos) << result.out;
}

TEST_F(RunTest, JavaScriptThatThrowsFailsTheStep) {
  const auto path = scenario("throws.json", "throws", "/ok", R"J("steps": [{"evaluate": "undefinedFunction()"}])J");
  auto result = run({path});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const json run_entry = report().at("scenarios").at(0);
  ASSERT_EQ(run_entry.at("failures").size(), 1u);
  EXPECT_EQ(run_entry.at("failures")[0],
            "step 1 (" + path + ":1:58) evaluate: the script threw ReferenceError: undefinedFunction is not defined");
}

TEST_F(RunTest, APageThatMovesOnByScriptIsFollowedToTheDocumentItLoads) {
  // Login and consent pages do this: the run is about the page they lead to.
  const auto path = scenario("moves-on.json", "moves on", "/moves-on");
  auto result = run({path});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const json findings = findings_of(report(), "moves on");
  const json* refused = finding_of_kind(findings, "header-not-allowed");
  ASSERT_NE(refused, nullptr) << report().dump(2);
  EXPECT_EQ(refused->at("headers"), json({"traceparent"}));
  // Followed, not waited out: the run ended when /orders was idle.
  EXPECT_EQ(report().at("notes").dump().find("not idle"), std::string::npos) << report().at("notes").dump(2);
}

TEST_F(RunTest, RepeatGivesOneTestCasePerRunAndCountsOccurrencesAcrossThem) {
  const auto path = scenario("orders.json", "orders", "/orders");
  auto result = run({path, "--repeat", "3"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].name, "orders [run 1/3]");
  EXPECT_EQ(cases[2].name, "orders [run 3/3]");
  const json r = report();
  const json* refused = finding_of_kind(r.at("findings"), "header-not-allowed");
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->at("occurrences"), 3);
  EXPECT_FALSE(refused->contains("intermittent")) << "fails every time: not intermittent";
}

TEST_F(RunTest, RecordingsOfARunAreWhatAnalyzeReproduces) {
  const auto path = scenario("orders.json", "Orders: refused!", "/orders-and-delete");
  const fs::path recordings = tmp.path() / "recordings";
  auto result = run({path, "--repeat", "2", "--record", recordings.string()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  ASSERT_TRUE(fs::exists(recordings / "orders-refused-1.jsonl"));
  ASSERT_TRUE(fs::exists(recordings / "orders-refused-2.jsonl"));
  for (const auto& line : read_lines((recordings / "orders-refused-1.jsonl").string())) {
    const json event = json::parse(line);
    ASSERT_TRUE(event.contains("method")) << line;
  }

  const fs::path analyzed = tmp.path() / "analyzed.json";
  auto analyze = run_silentcors({"analyze", (recordings / "orders-refused-1.jsonl").string(),
                                 (recordings / "orders-refused-2.jsonl").string(), "--runs-of", "Orders: refused!",
                                 "--json", analyzed.string()},
                                tmp.str());
  EXPECT_EQ(analyze.exit_code, 1) << analyze.err;
  auto key = [](const json& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) {
      out.push_back(f.at("kind").get<std::string>() + " " + f.at("method").get<std::string>() + " " +
                    f.at("url").get<std::string>() + " " + f.at("headers").dump() + " x" +
                    f.at("occurrences").dump());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto from_run = key(report().at("findings"));
  EXPECT_EQ(from_run.size(), 2u);
  EXPECT_EQ(key(read_report(analyzed).at("findings")), from_run);

  // Without --runs-of, recordings are independent: each counts its own.
  auto apart = run_silentcors({"analyze", (recordings / "orders-refused-1.jsonl").string(),
                               (recordings / "orders-refused-2.jsonl").string(), "--json", analyzed.string()},
                              tmp.str());
  EXPECT_EQ(apart.exit_code, 1) << apart.err;
  const json separate = read_report(analyzed).at("findings");
  EXPECT_EQ(separate.size(), 4u) << separate.dump(2);
  for (const auto& f : separate) EXPECT_EQ(f.at("occurrences"), 1) << f.dump(2);
}

TEST_F(RunTest, AnUnreachablePageIsAnInfrastructureErrorAndTheOthersStillRun) {
  const fs::path down = tmp.path() / "down.json";
  std::ofstream(down) << R"({"name": "staging down", "url": "http://127.0.0.1:9/checkout", "timeoutMs": 10000})";
  const auto ok = scenario("ok.json", "still runs", "/ok");
  auto result = run({down.string(), ok});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_NE(cases[0].error_message.find("could not open http://127.0.0.1:9/checkout: net::ERR_"), std::string::npos)
      << cases[0].error_message;
  EXPECT_TRUE(cases[1].error_message.empty());
  EXPECT_TRUE(cases[1].failure_message.empty());
  EXPECT_NE(result.out.find("ERROR staging down"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("PASS still runs"), std::string::npos) << result.out;
}

TEST_F(RunTest, TracingRehearsalAddsTheSdkHeadersToMatchingRequests) {
  // /ok sends only content-type, which its API allows; with W3C tracing
  // rehearsed on /api/ok, the same call is refused.
  const auto traced = scenario("traced.json", "traced", "/ok",
                               R"("tracing": {"headers": "w3c", "propagateTo": ["/api/ok$"], "seed": 7})");
  const auto mistyped = scenario("mistyped.json", "mistyped pattern", "/ok",
                                 R"("tracing": {"headers": "w3c", "propagateTo": ["/api/okay"]})");
  auto result = run({traced, mistyped});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const json r = report();
  auto runs = runs_by_name(r);
  EXPECT_EQ(runs["traced"].at("outcome"), "failed");
  const json findings = findings_of(r, "traced");
  ASSERT_EQ(findings.size(), 1u) << r.dump(2);
  EXPECT_EQ(strings(findings[0].at("headers")), (std::vector<std::string>{"traceparent", "tracestate"}));

  EXPECT_EQ(runs["mistyped pattern"].at("outcome"), "passed");
  bool noted = false;
  for (const auto& note : r.at("notes")) {
    noted |= note.get<std::string>().find("mistyped pattern: tracing rehearsal: no request matched propagateTo") == 0;
  }
  EXPECT_TRUE(noted) << r.at("notes").dump(2);
}

TEST_F(RunTest, SigtermStopsTheRunWritesWhatFinishedAndLeavesNoChromium) {
  fixture::FixtureConfig config = never_idle_config("/slow.html");
  config.pages["/fast.html"] = "<!doctype html><p>nothing to fetch</p>";
  fixture::FixtureApp app(config);
  app.start();
  const fs::path fast = tmp.path() / "fast.json", slow_file = tmp.path() / "slow.json";
  std::ofstream(fast) << R"({"name": "fast", "idleMs": 100, "url": ")" << app.page_url("/fast.html") << "\"}";
  std::ofstream(slow_file) << R"({"name": "slow", "timeoutMs": 120000, "url": ")" << app.page_url("/slow.html") << "\"}";

  bp::child child = start_silentcors({"run", fast.string(), slow_file.string(), "--out", out().string()}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  kill(child.id(), SIGTERM);
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(30)));
  EXPECT_EQ(child.exit_code(), 128 + SIGTERM);
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 1u) << "the run that finished, not the interrupted one";
  EXPECT_EQ(cases[0].name, "fast");
  const json r = report();
  EXPECT_EQ(r.at("scenarios").size(), 1u);
  // Issue 18 item 3: the reports say the suite did not finish (notes: []
  // and "1 scenario run passed" before).
  ASSERT_FALSE(r.at("notes").empty()) << r.dump(2);
  EXPECT_EQ(r.at("notes")[0], "interrupted by SIGTERM after 1 run of 2: 1 run never happened, so this report is "
                              "not the whole suite's");
  std::ifstream summary_in(out() / "summary.md");
  std::string summary((std::istreambuf_iterator<char>(summary_in)), std::istreambuf_iterator<char>());
  EXPECT_NE(summary.find("1 run never happened"), std::string::npos) << summary;
  // merge of that report says it too, on stderr as in its reports.
  auto merged = run_silentcors({"merge", (out() / "report.json").string(), "--out", (tmp.path() / "merged").string()},
                               tmp.str());
  EXPECT_NE(merged.err.find("silentcors: 1 run of the shards merged is not in their reports"), std::string::npos)
      << merged.err;
}

// Issue 9: GNU `timeout` sends SIGTERM to silentcors and then to its process
// group; the second signal counted as "a second Ctrl-C" and silentcors died
// without writing anything. Signals within a second of each other count once.
TEST_F(RunTest, TwoSigtermsInQuickSuccessionStopTheRunOnceAndWriteWhatFinished) {
  fixture::FixtureConfig config = never_idle_config("/slow.html");
  config.pages["/fast.html"] = "<!doctype html><p>nothing to fetch</p>";
  fixture::FixtureApp app(config);
  app.start();
  const fs::path fast = tmp.path() / "fast.json", slow_file = tmp.path() / "slow.json";
  std::ofstream(fast) << R"({"name": "fast", "idleMs": 100, "url": ")" << app.page_url("/fast.html") << "\"}";
  std::ofstream(slow_file) << R"({"name": "slow", "timeoutMs": 120000, "url": ")" << app.page_url("/slow.html") << "\"}";

  bp::child child = start_silentcors({"run", fast.string(), slow_file.string(), "--out", out().string()}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  kill(child.id(), SIGTERM);
  // The shape of the stimulus (timeout's two signals), not a wait for anything.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  kill(child.id(), SIGTERM);
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(60)));
  EXPECT_EQ(child.exit_code(), 128 + SIGTERM);
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name, "fast");
  EXPECT_EQ(report().at("scenarios").size(), 1u);
}

// A second, deliberate Ctrl-C (after that second) still ends silentcors at
// once, while its stopping is stuck (here on a frozen Chromium), but only
// after the reports of the runs that finished are written.
TEST_F(RunTest, ARepeatedCtrlCAbortsAtOnceAfterWritingTheFinishedRuns) {
  fixture::FixtureConfig config = never_idle_config("/slow.html");
  config.pages["/fast.html"] = "<!doctype html><p>nothing to fetch</p>";
  fixture::FixtureApp app(config);
  app.start();
  const fs::path fast = tmp.path() / "fast.json", slow_file = tmp.path() / "slow.json";
  std::ofstream(fast) << R"({"name": "fast", "idleMs": 100, "url": ")" << app.page_url("/fast.html") << "\"}";
  std::ofstream(slow_file) << R"({"name": "slow", "timeoutMs": 120000, "url": ")" << app.page_url("/slow.html") << "\"}";

  bp::child child = start_silentcors({"run", fast.string(), slow_file.string(), "--out", out().string()}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  const int browser = chromium_browser_process(tmp.str());
  ASSERT_GT(browser, 0);
  ASSERT_TRUE(ends_by_repeated_signal(child, browser, SIGINT));
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].name, "fast");
  EXPECT_EQ(report().at("scenarios").size(), 1u);
  EXPECT_TRUE(fs::exists(out() / "summary.md"));
}

// The browser process itself (not the reaper, not a renderer or helper).
TEST_F(RunTest, ABrowserThatCrashesMidRunIsAnInfrastructureError) {
  fixture::FixtureApp app(never_idle_config("/slow.html"));
  app.start();
  const fs::path slow_file = tmp.path() / "slow.json";
  std::ofstream(slow_file) << R"({"name": "slow", "timeoutMs": 120000, "url": ")" << app.page_url("/slow.html") << "\"}";
  const auto after = scenario("after.json", "after", "/ok");

  bp::child child = start_silentcors({"run", slow_file.string(), after, "--out", out().string()}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  const int browser = chromium_browser_process(tmp.str());
  ASSERT_GT(browser, 0);
  kill(browser, SIGKILL);
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(30))) << "silentcors did not notice that Chromium died";
  EXPECT_EQ(child.exit_code(), 3);
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_NE(cases[0].error_message.find("the DevTools connection broke during the run"), std::string::npos)
      << cases[0].error_message;
  // One line naming where Chromium's log was kept, not 2 KB of its dbus
  // noise; and the run lasted until the crash, not "0ms" (issue 18 item 7).
  const std::string error = report().at("scenarios")[0].at("error").get<std::string>();
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  EXPECT_NE(error.find("has exited; its log: " + (out() / "chromium.log").string()), std::string::npos) << error;
  EXPECT_GT(fs::file_size(out() / "chromium.log"), 0u);
  EXPECT_GT(report().at("scenarios")[0].at("seconds").get<double>(), 0.0);
  // The run after it gets a new browser and passes.
  EXPECT_EQ(cases[1].error_message, "");
  EXPECT_EQ(cases[1].failure_message, "");
}

// A browser that stops answering (SIGSTOP: the process is there, its
// socket open, nothing comes back) is no pass: its run is an error, and the
// runs after it go on in a new browser at their normal speed.
TEST_F(RunTest, ABrowserThatStopsAnsweringIsAnErrorAndTheRestRunInANewOne) {
  fixture::FixtureApp app(never_idle_config("/slow.html"));
  app.start();
  const fs::path slow_file = tmp.path() / "slow.json";
  std::ofstream(slow_file) << R"({"name": "slow", "timeoutMs": 120000, "url": ")" << app.page_url("/slow.html") << "\"}";
  const auto after = scenario("after.json", "after", "/ok");
  const auto orders = scenario("orders.json", "orders", "/orders");

  bp::child child =
      start_silentcors({"run", slow_file.string(), after, orders, "--out", out().string()}, tmp.str());
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
  const int browser = chromium_browser_process(tmp.str());
  ASSERT_GT(browser, 0);
  kill(browser, SIGSTOP);
  // Well short of the slow scenario's 120 s: the hang is noticed, not waited out.
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(60))) << "silentcors waited on a stopped browser";
  EXPECT_EQ(child.exit_code(), 3);
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_NE(cases[0].error_message.find("the browser stopped answering DevTools"), std::string::npos)
      << cases[0].error_message;
  EXPECT_EQ(cases[1].error_message, "");
  EXPECT_EQ(cases[1].failure_message, "");
  EXPECT_EQ(cases[2].error_message, "");
  EXPECT_NE(cases[2].failure_message.find("traceparent"), std::string::npos) << "the new browser still sees CORS";
  kill(browser, SIGKILL);  // Long gone with its reaper; harmless if so.
}

// Search as you type: each keystroke aborts the previous fetch while its
// preflight (a bearer token makes one) is still on its way. Chromium never
// ends such a preflight; the run must settle all the same.
TEST_F(RunTest, AbortedRequestsWithPreflightsInFlightDoNotHoldTheRun) {
  const fs::path file = tmp.path() / "search.json";
  std::ofstream(file) << R"({"name": "search", "url": "/search", "idleMs": 300, "timeoutMs": 20000,
    "fixture": {"routes": [{"path": "/api/search", "allowHeaders": "authorization", "preflightDelayMs": 1500}],
      "pages": {"/search": "<!doctype html><script>const words = ['s', 'se', 'sea', 'sear', 'search']; let controller = null, i = 0; function type() { if (controller) controller.abort(); controller = new AbortController(); fetch('{{API}}/api/search?q=' + words[i], {headers: {authorization: 'Bearer t0ken'}, signal: controller.signal}).then(r => r.text()).catch(() => {}); if (++i < words.length) setTimeout(type, 150); } type();</script>"}}})";
  auto result = run({file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("PASS search"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("PASS?"), std::string::npos) << "the run waited out its timeout: " << result.out;
  const json r = report();
  EXPECT_EQ(r.at("summary").at("canceledRequests"), 4) << r.at("summary").dump();
  for (const auto& note : r.at("notes")) EXPECT_EQ(note.get<std::string>().find("not idle"), std::string::npos) << note;
}

// nginx's add_header without `always`: an upstream 500 loses its CORS
// headers and reaches the page as a CORS error. The real failure is the 500.
TEST_F(RunTest, AServerErrorWithoutCorsHeadersIsNamedAsTheRealFailure) {
  const fs::path file = tmp.path() / "boom.json";
  std::ofstream(file) << R"({"name": "boom", "url": "/boom", "idleMs": 200,
    "fixture": {"routes": [{"path": "/api/orders", "allowHeaders": "content-type", "status": 500, "corsOnErrors": false}],
      "pages": {"/boom": "<!doctype html><script>fetch('{{API}}/api/orders', {method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'}).catch(() => {});</script>"}}})";
  auto result = run({file.string()});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  const json findings = findings_of(report(), "boom");
  ASSERT_EQ(findings.size(), 1u) << findings.dump(2);
  const json& f = findings[0];
  EXPECT_EQ(f.at("kind"), "missing-allow-origin");
  EXPECT_EQ(f.at("status"), 500);
  EXPECT_NE(f.at("message").get<std::string>().find("The server answered 500"), std::string::npos) << f.dump(2);
  EXPECT_NE(f.at("message").get<std::string>().find("the real failure is the 500"), std::string::npos);
  EXPECT_NE(f.at("fix").get<std::string>().find("error responses too"), std::string::npos) << f.at("fix");
}

// A single-page app whose data loads after the idle wait: nothing was
// checked, and the run says so instead of a bare PASS.
TEST_F(RunTest, ARunThatSawNoCrossOriginRequestSaysSo) {
  const fs::path file = tmp.path() / "spa.json";
  std::ofstream(file) << R"({"name": "spa", "url": "/spa", "idleMs": 200,
    "fixture": {"routes": [{"path": "/api/data"}],
      "pages": {"/spa": "<!doctype html><script>setTimeout(() => fetch('{{API}}/api/data').catch(() => {}), 3000);</script>"}}})";
  auto result = run({file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("PASS spa"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("no cross-origin request seen"), std::string::npos) << result.out;
  const json r = report();
  EXPECT_EQ(r.at("summary").at("crossOriginRequests"), 0);
  bool noted = false;
  for (const auto& note : r.at("notes")) noted |= note.get<std::string>().find("add a waitFor step") != std::string::npos;
  EXPECT_TRUE(noted) << r.at("notes").dump();
}

TEST_F(RunTest, ABrowserThatWillNotStartMakesEveryRunAnError) {
  const auto ok = scenario("ok.json", "ok", "/ok");
  auto result = run({ok, "--repeat", "2", "--chrome", "/nonexistent/chromium"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.err.find("--chrome /nonexistent/chromium: no such executable"), std::string::npos) << result.err;
  auto cases = junit_cases(out() / "junit.xml");
  ASSERT_EQ(cases.size(), 2u);
  for (const auto& c : cases) {
    EXPECT_EQ(c.error_message.rfind("the browser did not start: ", 0), 0u) << c.error_message;
  }
}

// In CI: GitHub Actions shows each finding as an annotation on the scenario
// file and the summary on the run's page; GitLab reads Code Quality JSON.
TEST_F(RunTest, CiSystemsGetAnnotationsASummaryAndCodeQuality) {
  const auto path = scenario("orders.json", "orders", "/orders");
  const fs::path step_summary = tmp.path() / "step-summary.md";
  std::ofstream(step_summary) << "earlier step\n";
  const fs::path quality = tmp.path() / "gl" / "codequality.json";
  auto result = run_silentcors({"run", path, "--out", out().string(), "--codequality", quality.string()}, tmp.str(),
                               std::chrono::seconds(120),
                               {{"GITHUB_ACTIONS", "true"}, {"GITHUB_STEP_SUMMARY", step_summary.string()}});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("::error file=" + path + ",line=1,title=CORS header-not-allowed%3A traceparent::"),
            std::string::npos)
      << result.out;
  const std::string summary = read_file(step_summary);
  EXPECT_EQ(summary.rfind("earlier step\n", 0), 0u) << "appended, not replaced";
  EXPECT_NE(summary.find("traceparent"), std::string::npos);
  const json issues = read_json(quality);
  ASSERT_EQ(issues.size(), 1u) << issues.dump(2);
  EXPECT_EQ(issues[0]["check_name"], "silentcors/header-not-allowed");
  EXPECT_EQ(issues[0]["location"]["path"], path);
  EXPECT_EQ(issues[0]["severity"], "major");
}

// N CI machines share a suite: --shard 1/2 and 2/2 run every run of the
// unsharded suite once between them; a shard with nothing to do passes.
TEST_F(RunTest, ShardsRunEveryRunOnceBetweenThem) {
  const auto orders = scenario("orders.json", "orders", "/orders", R"("repeat": 2)");
  const auto ok = scenario("ok.json", "ok", "/ok");
  std::vector<std::string> names;
  for (const char* shard : {"1/2", "2/2"}) {
    auto result = run({orders, ok, "--shard", shard});
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.out << result.err;
    for (const auto& c : junit_cases(out() / "junit.xml")) names.push_back(c.name);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"ok", "orders [run 1/2]", "orders [run 2/2]"}));
  auto empty = run({ok, "--shard", "2/2"});
  EXPECT_EQ(empty.exit_code, 0) << empty.out << empty.err;
  EXPECT_NE(empty.out.find("shard 2/2 has no runs"), std::string::npos) << empty.out;
  auto bad = run({ok, "--shard", "3/2"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--shard I/N needs 1 <= I <= N, got \"3/2\""), std::string::npos) << bad.err;
}

// What differs between two runs of the same suite by nature: runs take
// their time, and reports are written at their own moment.
std::string without_times(std::string text) {
  text = std::regex_replace(text, std::regex(R"(time="[0-9.]+")"), "time=\"T\"");
  text = std::regex_replace(text, std::regex(R"(timestamp="[^"]*")"), "timestamp=\"T\"");
  text = std::regex_replace(text, std::regex(R"(\b\d+(\.\d+)?(ms|s)\b)"), "D");
  return text;
}

std::string comparable_report(json report) {
  for (auto& run : report.at("scenarios")) run.erase("seconds");
  for (auto& run : report.at("mergeInput").at("runs")) run.erase("seconds");
  return report.dump(2);
}

// `run --shard 1/2` and `--shard 2/2` on two machines, then `merge`: the
// reports one unsharded run writes, for a seeded flaky scenario whose six
// repeats land three on each shard too (its statistics worked out again
// across both, not averaged). The pages are served by one app the test
// starts, as a suite's shards all test one staging server: a scenario's own
// "fixture" would listen on another port on each shard, and another URL is
// another endpoint.
TEST_F(RunTest, MergedShardsEqualOneUnshardedRun) {
  fixture::FixtureApp app(fixture::fixture_config_from_json(json::parse(kSharedFixture)));
  app.start();
  const auto file = [&](const std::string& name, const std::string& page, const std::string& fields) {
    const fs::path path = tmp.path() / (name + ".json");
    std::ofstream(path) << R"({"name": ")" << name << R"(", "idleMs": 200, "url": ")" << app.page_url(page) << "\""
                        << (fields.empty() ? "" : ", " + fields) << "}\n";
    return path.string();
  };
  const auto flaky = file("flaky", "/ok",
                          R"("repeat": 6, "tracing": {"headers": "w3c", "propagateTo": ["/api/"], "sampleRatio": 0.5, "seed": 3})");
  const auto orders = file("orders", "/orders", "");
  const auto ok = file("ok", "/ok", "");
  auto whole = run({flaky, orders, ok});
  ASSERT_EQ(whole.exit_code, 1) << whole.out << whole.err;

  std::vector<std::string> merge = {"merge"};
  for (const char* shard : {"1/2", "2/2"}) {
    const fs::path dir = tmp.path() / ("shard-" + std::string(1, shard[0]));
    auto result = run_silentcors({"run", flaky, orders, ok, "--shard", shard, "--out", dir.string()}, tmp.str());
    last_err = result.err;
    ASSERT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.out << result.err;
    merge.push_back((dir / "report.json").string());
  }
  const fs::path merged = tmp.path() / "merged";
  merge.insert(merge.end(), {"--out", merged.string()});
  auto result = run_silentcors(merge, tmp.str());
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_EQ(result.out, "merged 2 reports: 8 scenario runs\nreports: " + (merged / "report.json").string() + ", " +
                            (merged / "junit.xml").string() + ", " + (merged / "summary.md").string() + ", " +
                            (merged / "report.html").string() + "\n");

  const json expected = report();
  const json got = read_json(merged / "report.json");
  EXPECT_EQ(comparable_report(got), comparable_report(expected));
  // The comparison means something: flaky failed on some repeats, not all,
  // and its finding carries the run table of all six.
  const json flaky_findings = findings_of(expected, "flaky");
  ASSERT_EQ(flaky_findings.size(), 1u) << expected.dump(2);
  ASSERT_TRUE(flaky_findings[0].contains("intermittent")) << "seed 3 samples some repeats, not all: " << expected.dump(2);
  EXPECT_EQ(flaky_findings[0]["intermittent"]["runs"]["total"], 6);
  EXPECT_EQ(got["summary"], expected["summary"]);

  std::vector<std::string> whole_cases, merged_cases;
  for (const auto& c : junit_cases(out() / "junit.xml")) whole_cases.push_back(c.name + "|" + c.failure_message);
  for (const auto& c : junit_cases(merged / "junit.xml")) merged_cases.push_back(c.name + "|" + c.failure_message);
  EXPECT_EQ(merged_cases, whole_cases);
  EXPECT_EQ(without_times(read_file(merged / "junit.xml")), without_times(read_file(out() / "junit.xml")));
  EXPECT_EQ(without_times(read_file(merged / "summary.md")), without_times(read_file(out() / "summary.md")));

  // One shard alone: merged all the same, with a note that says what is missing.
  auto half = run_silentcors({"merge", merge[1], "--out", (tmp.path() / "half").string()}, tmp.str());
  EXPECT_EQ(half.exit_code, 1) << half.err;
  EXPECT_EQ(half.err, "silentcors: merged shard 1 of 2: shard 2 is missing; its runs are not in this report\n");
  EXPECT_EQ(read_json(tmp.path() / "half" / "report.json")["notes"][0],
            "merged shard 1 of 2: shard 2 is missing; its runs are not in this report");
  // The same shard twice, and a report that is not one: bad input.
  auto twice = run_silentcors({"merge", merge[1], merge[1], "--out", (tmp.path() / "twice").string()}, tmp.str());
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_EQ(twice.err, "silentcors: " + merge[1] + ": holds shard 1/2, as " + merge[1] + " does: each shard once\n");
  auto junk = run_silentcors({"merge", flaky}, tmp.str());
  EXPECT_EQ(junk.exit_code, 2);
  EXPECT_EQ(junk.err, "silentcors: " + flaky + ": not a silentcors report (no schemaVersion and tool.name \"silentcors\")\n");
}

// Issue 18 item 9: a failed step was printed twice, on the run's line and
// again under it.
TEST_F(RunTest, AFailedStepIsPrintedOnce) {
  const fs::path file = tmp.path() / "stepfail.json";
  std::ofstream(file) << R"({"name": "stepfail", "url": "/p", "timeoutMs": 5000,
    "steps": [{"click": "#nope", "timeoutMs": 300}],
    "fixture": {"pages": {"/p": "<!doctype html><p>no button</p>"}}})";
  CommandResult result = run_silentcors({"run", file.string(), "--out", out().string()}, tmp.str());
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  const std::string said = "no element matched \"#nope\"";
  const std::size_t first = result.out.find(said);
  ASSERT_NE(first, std::string::npos) << result.out;
  EXPECT_EQ(result.out.find(said, first + 1), std::string::npos) << result.out;
}

}  // namespace
}  // namespace silentcors::e2e
