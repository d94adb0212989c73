// `silentcors audit` end to end: real Chromium, the fixture's five CORS
// policies (scenarios/audit/five-apis.json), each SDK's rehearsal.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "e2e_support.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const std::string kFiveApis = std::string(SILENTCORS_SCENARIOS) + "/audit/five-apis.json";

class AuditTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_TRUE(nothing_left_behind(tmp.str())) << "silentcors said: " << last.err; }

  CommandResult audit(std::vector<std::string> args) {
    args.insert(args.begin(), "audit");
    args.push_back("--out");
    args.push_back((tmp.path() / "reports").string());
    last = run_silentcors(args, tmp.str());
    return last;
  }
  json report(std::source_location where = std::source_location::current()) const {
    return read_report(tmp.path() / "reports" / "report.json", where);
  }
  // The endpoint whose URL ends in `path`.
  static json row(const json& report, const std::string& path) {
    for (const auto& e : report["audit"]["endpoints"]) {
      const std::string url = e["url"];
      if (url.size() >= path.size() && url.compare(url.size() - path.size(), path.size(), path) == 0) return e;
    }
    ADD_FAILURE() << "no row for " << path;
    return json::object();
  }
  static std::string cell(const json& row, const std::string& sdk) { return row["sdks"][sdk].value("verdict", "?"); }

  TempDir tmp;
  CommandResult last;
};

TEST_F(AuditTest, EveryEndpointAgainstEverySdkWithEveryRefusedHeaderAndOneFixForAll) {
  const auto result = audit({kFiveApis, "--sdk", "otel,datadog,sentry"});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  const json r = report();
  EXPECT_EQ(r["audit"]["sdks"], json({"otel", "datadog", "sentry"}));
  ASSERT_EQ(r["audit"]["endpoints"].size(), 5u) << r["audit"].dump(2);
  for (const auto& e : r["audit"]["endpoints"]) EXPECT_EQ(e["baseline"]["verdict"], "ready") << e.dump();

  // Allows every header: ready for all; its traceresponse is not exposed.
  const json open = row(r, "/api/open");
  for (const char* sdk : {"otel", "datadog", "sentry"}) EXPECT_EQ(cell(open, sdk), "ready") << sdk;
  EXPECT_EQ(open["linking"], "not-exposed");
  // Content-Type only: each SDK refused with all its headers.
  const json cart = row(r, "/api/cart");
  EXPECT_EQ(cart["sdks"]["otel"]["headers"], json({"traceparent"}));
  EXPECT_EQ(cart["sdks"]["sentry"]["headers"], json({"baggage", "sentry-trace"}));
  EXPECT_EQ(cart["sdks"]["datadog"]["headers"].size(), 7u);
  EXPECT_EQ(cart["sdks"]["datadog"]["kind"], "header-not-allowed");
  // One fix for the three: the union of their nine headers, Content-Type kept.
  const std::string snippet = cart["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("Content-Type, baggage, sentry-trace, traceparent, tracestate, x-datadog-origin"),
            std::string::npos) << snippet;
  // The W3C headers only: OpenTelemetry passes, Datadog and Sentry do not; its
  // Server-Timing is readable (Timing-Allow-Origin: *).
  const json search = row(r, "/api/search");
  EXPECT_EQ(cell(search, "otel"), "ready");
  EXPECT_EQ(search["sdks"]["datadog"]["headers"],
            json({"baggage", "x-datadog-origin", "x-datadog-parent-id", "x-datadog-sampling-priority", "x-datadog-trace-id"}));
  EXPECT_EQ(search["linking"], "ok");
  // A 400 refusal as Starlette's: still every header named.
  EXPECT_EQ(row(r, "/api/prices")["sdks"]["sentry"]["headers"], json({"baggage", "sentry-trace"}));
  // "*" with credentials allows no header at all.
  EXPECT_EQ(row(r, "/api/me")["sdks"]["otel"]["headers"], json({"traceparent"}));

  // JUnit: a test case per endpoint and SDK, failing where refused.
  std::ifstream junit(tmp.path() / "reports" / "junit.xml");
  std::stringstream xml;
  xml << junit.rdbuf();
  EXPECT_NE(xml.str().find("tests=\"15\" failures=\"11\""), std::string::npos) << xml.str();
  EXPECT_NE(result.out.find("REFUSED"), std::string::npos) << result.out;

  // The fix, applied: /api/cart sends what the snippet says, and the row is ready.
  std::smatch allow;
  ASSERT_TRUE(std::regex_search(snippet, allow, std::regex("Access-Control-Allow-Headers: ([^\\n]+)"))) << snippet;
  std::ifstream in(kFiveApis);
  std::string scenario((std::istreambuf_iterator<char>(in)), {});
  const std::string before = R"("path": "/api/cart", "allowMethods": "POST", "allowHeaders": "Content-Type")";
  ASSERT_NE(scenario.find(before), std::string::npos);
  scenario.replace(scenario.find(before), before.size(),
                   R"("path": "/api/cart", "allowMethods": "POST", "allowHeaders": ")" + allow[1].str() + "\"");
  scenario.replace(scenario.find("\"../schema.json\""), 16, "\"" + std::string(SILENTCORS_SCENARIOS) + "/schema.json\"");
  const fs::path fixed = tmp.path() / "fixed.json";
  std::ofstream(fixed) << scenario;
  audit({fixed.string(), "--sdk", "otel,datadog,sentry"});
  const json after = row(report(), "/api/cart");
  for (const char* sdk : {"otel", "datadog", "sentry"}) EXPECT_EQ(cell(after, sdk), "ready") << sdk << after.dump(2);
}

TEST_F(AuditTest, EachSdkMatchesItsOwnSettingTheWayThatSdkDoes) {
  const fs::path config = tmp.path() / "sdks.json";
  // Datadog: a RegExp on two paths. Sentry: a substring. OpenTelemetry: a
  // string is the whole URL, so a host without its path matches nothing.
  std::ofstream(config) << R"({
    "datadog": {"allowedTracingUrls": ["/\\/api\\/(open|search)$/"]},
    "sentry": {"tracePropagationTargets": ["/api/op"]},
    "otel": {"propagateTraceHeaderCorsUrls": ["http://127.0.0.1"]}
  })";
  const auto result = audit({kFiveApis, "--sdk", "otel,datadog,sentry", "--sdk-config", config.string()});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  const json r = report();
  EXPECT_EQ(cell(row(r, "/api/open"), "datadog"), "ready");
  EXPECT_EQ(cell(row(r, "/api/search"), "datadog"), "refused");
  EXPECT_EQ(cell(row(r, "/api/cart"), "datadog"), "not-decorated");
  EXPECT_EQ(cell(row(r, "/api/open"), "sentry"), "ready");
  EXPECT_EQ(cell(row(r, "/api/cart"), "sentry"), "not-decorated");
  for (const char* path : {"/api/open", "/api/cart", "/api/me"}) EXPECT_EQ(cell(row(r, path), "otel"), "not-decorated");
  const std::string notes = r["audit"]["notes"].dump();
  EXPECT_NE(notes.find("otel: no request matched propagateTraceHeaderCorsUrls [http://127.0.0.1]"), std::string::npos)
      << notes;
  // Pattern hygiene says why, before a team reads the matrix: the OTel string
  // never matches, the Sentry substring matches too much.
  std::set<std::string> patterns;
  for (const auto& p : r["audit"]["patterns"]) {
    patterns.insert(p["sdk"].get<std::string>() + " " + p["target"].get<std::string>() + " " + p["problem"].get<std::string>());
  }
  EXPECT_EQ(patterns, (std::set<std::string>{"otel http://127.0.0.1 never-matches", "sentry /api/op over-match"}))
      << r["audit"]["patterns"].dump(2);
  EXPECT_NE(result.out.find("propagation settings:\n  otel http://127.0.0.1: never-matches: "), std::string::npos)
      << result.out;
}

TEST_F(AuditTest, AnSdkThatDecoratesAnotherSitesApiIsWarnedOf) {
  // The page (on 127.0.0.1) calls its own API and, through "localhost", a
  // host of another site: a payment API as far as the page can tell.
  const fs::path scenario = tmp.path() / "pay.json";
  std::ofstream(scenario) << R"({
    "name": "pay", "url": "/pay",
    "steps": [{"waitFor": {"js": "document.title === 'done'"}, "timeoutMs": 10000}],
    "fixture": {
      "routes": [{"path": "/api/*", "allowMethods": "POST", "allowHeaders": "*"}],
      "pages": {"/pay": "<!doctype html><title>pay</title><script>const post = {method: 'POST', body: '{}'}; const other = 'http://localhost:' + new URL('{{API}}').port; Promise.allSettled([fetch('{{API}}/api/orders', post), fetch(other + '/api/charge', post)]).then(() => { document.title = 'done'; });</script>"}
    }
  })";
  const auto result = audit({scenario.string(), "--sdk", "otel"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const json patterns = report()["audit"]["patterns"];
  ASSERT_EQ(patterns.size(), 1u) << patterns.dump(2);
  EXPECT_EQ(patterns[0]["problem"], "third-party");
  EXPECT_EQ(patterns[0]["sdk"], "otel");
  EXPECT_TRUE(patterns[0]["example"].get<std::string>().starts_with("http://localhost:")) << patterns.dump(2);
  EXPECT_TRUE(patterns[0]["example"].get<std::string>().ends_with("/api/charge")) << patterns.dump(2);
}

TEST_F(AuditTest, ABadSdkConfigIsExitTwoWithItsLineAndNothingRuns) {
  const fs::path config = tmp.path() / "sdks.json";
  std::ofstream(config) << "{\n  \"datadog\": {\"allowedTracingUrls\": [\"/(unclosed/\"]}\n}\n";
  const auto result = audit({kFiveApis, "--sdk-config", config.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("sdks.json:2:38: datadog.allowedTracingUrls[0]: invalid RegExp"), std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(tmp.path() / "reports" / "report.json"));
  EXPECT_EQ(audit({kFiveApis, "--sdk", "datadgo"}).exit_code, 2);
  EXPECT_NE(last.err.find("did you mean \"datadog\""), std::string::npos) << last.err;
}

}  // namespace
}  // namespace silentcors::e2e
