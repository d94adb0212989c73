#include "report/json_report.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "analysis/server_kind.h"
#include "report/report_schema_check.h"
#include "report/report_test_data.h"

namespace silentcors::report {
namespace {

using nlohmann::json;
using testing::failed_run;
using testing::error_run;
using testing::failing_report;
using testing::header_not_exposed;
using testing::passed_run;
using testing::traced_post_refused;

// Every report these tests build must match the published schema
// (docs/report.schema.json): checked, then handed back.
json valid(json report, std::source_location where = std::source_location::current()) {
  test_support::expect_report_json_matches_schema(report, where);
  return report;
}

Report report_of(const Finding& f) {
  Report r;
  r.findings = {f};
  return r;
}

TEST(JsonReport, TopLevelContract) {
  const json j = valid(report_to_json(failing_report(), "0.1.0"));
  EXPECT_EQ(j["schemaVersion"], 1);
  EXPECT_EQ(j["tool"], (json{{"name", "silentcors"}, {"version", "0.1.0"}}));
  ASSERT_TRUE(j["findings"].is_array());
  EXPECT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["notes"], json::array());
}

TEST(JsonReport, SummaryContractAndExtras) {
  const json s = valid(report_to_json(failing_report(), "0.1.0"))["summary"];
  EXPECT_EQ(s, (json{{"requests", 3},
                     {"failedRequests", 3},
                     {"canceledRequests", 0},
                     {"crossOriginRequests", 0},
                     {"corsFailures", 1},
                     {"findings", 2},
                     {"preflights", 2},
                     {"errors", 1},
                     {"warnings", 1},
                     {"otherFailures", {{"net::ERR_CONNECTION_REFUSED", 2}}}}));
  for (const char* key : {"requests", "failedRequests", "corsFailures", "findings"}) {
    EXPECT_TRUE(s[key].is_number_unsigned()) << key;
  }
}

TEST(JsonReport, EmptyReportHasEmptyCollections) {
  const json j = valid(report_to_json(Report{}, "dev"));
  EXPECT_EQ(j["findings"], json::array());
  EXPECT_EQ(j["summary"]["otherFailures"], json::object());
  EXPECT_EQ(j["summary"]["findings"], 0);
}

TEST(JsonReport, FindingWithChromeAndIntermittency) {
  const json f = valid(report_to_json(report_of(traced_post_refused()), "0.1.0"))["findings"][0];
  const json expected = {
      {"kind", "header-not-allowed"},
      {"severity", "error"},
      {"method", "POST"},
      {"url", "http://127.0.0.1:8002/api/orders"},
      {"origin", "http://127.0.0.1:8001"},
      {"headers", {"traceparent", "tracestate"}},
      {"chrome",
       {{"corsError", "HeaderDisallowedByPreflightResponse"}, {"failedParameter", "traceparent"}}},
      {"occurrences", 11},
      {"scenario", "checkout"},
      {"message",
       "The preflight response's Access-Control-Allow-Headers does not list traceparent, "
       "tracestate."},
      {"fix",
       "Add traceparent, tracestate to Access-Control-Allow-Headers in the OPTIONS response for "
       "http://127.0.0.1:8002/api/orders."},
      {"preflightStatus", 204},
      {"allowHeaders", "content-type"},
      {"allowMethods", "GET, POST"},
      {"allowOrigin", "http://127.0.0.1:8001"},
      {"orphanPreflight", true},
      {"alsoFails", json::array({"method-not-allowed: PUT is not in Access-Control-Allow-Methods"})},
      {"corroboration",
       {"Audits CorsIssue", "console: Request header field traceparent is not allowed"}},
      {"sources", {"checkout run 1", "checkout run 2"}},
      {"intermittent",
       {{"failed", 11},
        {"total", 40},
        {"explainedBy", json::array({"traceparent"})},
        {"present", {{"failed", 11}, {"ok", 0}}},
        {"absent", {{"failed", 0}, {"ok", 29}}},
        {"pValue", 4.3e-10},
        {"rate", 0.275},
        {"rateInterval", {0.161, 0.428}},
        {"projectedRateAtFullSampling", 1.0}}},
  };
  EXPECT_EQ(f, expected) << f.dump(2);
}

TEST(JsonReport, ContractKeyTypes) {
  const json f = valid(report_to_json(report_of(traced_post_refused()), "0.1.0"))["findings"][0];
  for (const char* key : {"kind", "severity", "method", "url", "origin", "scenario", "message", "fix"}) {
    EXPECT_TRUE(f[key].is_string()) << key;
  }
  EXPECT_TRUE(f["headers"].is_array());
  EXPECT_TRUE(f["occurrences"].is_number_unsigned());
  EXPECT_TRUE(f["chrome"]["corsError"].is_string());
  EXPECT_TRUE(f["chrome"]["failedParameter"].is_string());
  const json& i = f["intermittent"];
  EXPECT_TRUE(i["failed"].is_number_unsigned());
  EXPECT_TRUE(i["total"].is_number_unsigned());
  EXPECT_TRUE(i["explainedBy"].is_array());
  EXPECT_TRUE(i["present"]["failed"].is_number_unsigned());
  EXPECT_TRUE(i["absent"]["ok"].is_number_unsigned());
  EXPECT_TRUE(i["pValue"].is_number_float());
  EXPECT_TRUE(i["rate"].is_number_float());
  ASSERT_TRUE(i["rateInterval"].is_array());
  EXPECT_EQ(i["rateInterval"].size(), 2u);
  EXPECT_TRUE(i["projectedRateAtFullSampling"].is_number());
}

TEST(JsonReport, FindingWithoutChromeOrIntermittencyOmitsThem) {
  const json f = valid(report_to_json(report_of(header_not_exposed()), "0.1.0"))["findings"][0];
  const json expected = {
      {"kind", "header-not-exposed"},
      {"severity", "warning"},
      {"method", "GET"},
      {"url", "http://127.0.0.1:8002/api/cart"},
      {"origin", "http://127.0.0.1:8001"},
      {"headers", json::array({"x-request-id"})},
      {"occurrences", 1},
      {"message",
       "JavaScript reads x-request-id as null: it is not in Access-Control-Expose-Headers."},
      {"fix", "Add x-request-id to Access-Control-Expose-Headers on http://127.0.0.1:8002/api/cart."},
  };
  EXPECT_EQ(f, expected) << f.dump(2);
}

TEST(JsonReport, HeadersAlwaysAnArray) {
  Finding f = header_not_exposed();
  f.headers.clear();
  EXPECT_EQ(valid(report_to_json(report_of(f), "x"))["findings"][0]["headers"], json::array());
}

TEST(JsonReport, OrphanPreflightFalseIsOmitted) {
  Finding f = traced_post_refused();
  f.orphan_preflight = false;
  EXPECT_FALSE(valid(report_to_json(report_of(f), "x"))["findings"][0].contains("orphanPreflight"));
}

TEST(JsonReport, EmptyAllowHeadersIsKeptBecauseTheServerSentIt) {
  Finding f = header_not_exposed();
  f.allow_headers = "";
  EXPECT_EQ(valid(report_to_json(report_of(f), "x"))["findings"][0]["allowHeaders"], "");
}

TEST(JsonReport, DisagreementWhenSet) {
  Finding f = header_not_exposed();
  f.disagreement = "Chromium allowed it; the Fetch standard does not.";
  EXPECT_EQ(valid(report_to_json(report_of(f), "x"))["findings"][0]["disagreement"],
            "Chromium allowed it; the Fetch standard does not.");
}

TEST(JsonReport, MissingStatisticsAreNull) {
  Finding f = traced_post_refused();
  f.intermittent->p_value.reset();
  f.intermittent->projected_rate_at_full_sampling.reset();
  f.intermittent->explained_by.clear();
  const json i = valid(report_to_json(report_of(f), "x"))["findings"][0]["intermittent"];
  EXPECT_TRUE(i["pValue"].is_null());
  EXPECT_TRUE(i["projectedRateAtFullSampling"].is_null());
  EXPECT_EQ(i["explainedBy"], json::array());
}

TEST(JsonReport, NotesAreKept) {
  Report r;
  r.notes = {"the recording ends mid-request"};
  EXPECT_EQ(valid(report_to_json(r, "x"))["notes"], json::array({"the recording ends mid-request"}));
}

TEST(JsonReport, InvalidUtf8BecomesReplacementCharacterAndDumps) {
  Finding f = header_not_exposed();
  f.url = "http://api.example/\xff\xfe";
  const json j = valid(report_to_json(report_of(f), "x"));
  EXPECT_EQ(j["findings"][0]["url"], "http://api.example/\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_NO_THROW(j.dump());
}

TEST(JsonReport, RunAddsScenarios) {
  const json j = valid(run_to_json({passed_run(1, 2), failed_run(2, 2), error_run()}, failing_report(), "0.1.0"));
  EXPECT_EQ(j["schemaVersion"], 1);
  EXPECT_EQ(j["findings"].size(), 2u);
  ASSERT_EQ(j["scenarios"].size(), 3u);
  EXPECT_EQ(j["scenarios"][0], (json{{"name", "checkout"},
                                     {"file", "scenarios/checkout.json"},
                                     {"repeat", 1},
                                     {"repeats", 2},
                                     {"seconds", 1.25},
                                     {"outcome", "passed"},
                                     {"findings", 0},
                                     {"failures", json::array()},
                                     {"tolerated", json::array()},
                                     {"error", ""}}));
  EXPECT_EQ(j["scenarios"][1]["outcome"], "failed");
  EXPECT_EQ(j["scenarios"][1]["repeat"], 2);
  EXPECT_EQ(j["scenarios"][1]["findings"], 2);
  EXPECT_EQ(j["scenarios"][1]["failures"],
            json::array({"header-not-allowed is an error finding and no allow entry covers it"}));
  EXPECT_EQ(j["scenarios"][2]["outcome"], "error");
  EXPECT_EQ(j["scenarios"][2]["error"], "Chromium exited with signal 9 before the page loaded");
}

TEST(JsonReport, RunWithoutScenariosHasEmptyArray) {
  EXPECT_EQ(valid(run_to_json({}, Report{}, "x"))["scenarios"], json::array());
}

TEST(JsonReport, JsonTextIsIndentedAndEndsInNewline) {
  const std::string text = json_text(valid(report_to_json(Report{}, "x")));
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("\n  \"schemaVersion\": 1"), std::string::npos) << text;
  EXPECT_EQ(json::parse(text)["tool"]["version"], "x");
}

// The names of an object's properties, sorted.
std::vector<std::string> keys(const json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) out.push_back(key);
  std::sort(out.begin(), out.end());
  return out;
}

// A finding with every field the writer knows set: what it writes is exactly
// what the schema lists, so a field added to either alone fails here.
TEST(JsonReport, EveryFieldTheWriterKnowsIsInTheSchemaAndNoOther) {
  Finding f = traced_post_refused();
  f.status = 204;
  f.fix_snippet = Finding::Snippet{"nginx", "add_header Access-Control-Allow-Headers \"traceparent\" always;"};
  f.server = Finding::Server{"nginx", "certain", "Server: nginx/1.22.1"};
  f.credentialed = true;
  f.disagreement = "Chromium refused traceparent, but the recorded preflight response allows it.";
  f.intermittent->p_method = "fisher-runs";
  f.intermittent->candidates = 2;
  f.intermittent->looks = 40;
  f.intermittent->p_unadjusted = 5.4e-12;
  f.intermittent->runs = RunTable{11, 40, {11, 0}, {0, 29}};
  ScenarioRun run = failed_run(1, 1);
  run.tolerated = {"header-not-allowed baggage: OPS-123"};
  Report combined = report_of(f);
  combined.notes = {"checkout [1/1]: the tracing pattern matched no request"};
  const json j = valid(run_to_json({run}, combined, "0.1.0"));

  const json schema = test_support::report_schema();
  const json& defs = schema.at("$defs");
  std::vector<std::string> top = keys(schema.at("properties"));
  top.erase(std::find(top.begin(), top.end(), "triage"));  // triage's, written by the command (cli/triage_command.cpp).
  // run's and merge's (report/merge_input.cpp); every e2e run report checks it.
  top.erase(std::find(top.begin(), top.end(), "mergeInput"));
  // audit's (report/audit_report.cpp): AuditReport.EveryFieldTheWriterKnowsIsInTheSchema.
  top.erase(std::find(top.begin(), top.end(), "audit"));
  // logs' (report/logs_report.cpp): LogsReport.EveryFieldTheWriterKnowsIsInTheSchema.
  top.erase(std::find(top.begin(), top.end(), "logs"));
  EXPECT_EQ(keys(j), top);
  EXPECT_EQ(keys(j.at("tool")), keys(defs.at("tool").at("properties")));
  EXPECT_EQ(keys(j.at("summary")), keys(defs.at("summary").at("properties")));
  const json& finding = j.at("findings").at(0);
  EXPECT_EQ(keys(finding), keys(defs.at("finding").at("properties")));
  EXPECT_EQ(keys(finding.at("chrome")), keys(defs.at("finding").at("properties").at("chrome").at("properties")));
  EXPECT_EQ(keys(finding.at("fixSnippet")), keys(defs.at("finding").at("properties").at("fixSnippet").at("properties")));
  EXPECT_EQ(keys(finding.at("server")), keys(defs.at("finding").at("properties").at("server").at("properties")));
  EXPECT_EQ(keys(finding.at("intermittent")), keys(defs.at("intermittent").at("properties")));
  EXPECT_EQ(keys(finding.at("intermittent").at("pAdjustment")),
            keys(defs.at("intermittent").at("properties").at("pAdjustment").at("properties")));
  EXPECT_EQ(keys(finding.at("intermittent").at("runs")), keys(defs.at("runTable").at("properties")));
  EXPECT_EQ(keys(finding.at("intermittent").at("present")), keys(defs.at("outcomeCounts").at("properties")));
  EXPECT_EQ(keys(j.at("scenarios").at(0)), keys(defs.at("scenarioRun").at("properties")));
}

// The schema's enums are the code's vocabularies, whole.
TEST(JsonReport, SchemaEnumsAreTheCodesVocabularies) {
  const json defs = test_support::report_schema().at("$defs");
  std::vector<std::string> kinds, warnings;
  for (const auto& entry : kFindingKinds) {
    kinds.emplace_back(entry.name);
    if (entry.severity == "warning") warnings.emplace_back(entry.name);
  }
  EXPECT_EQ(defs.at("kind").at("enum").get<std::vector<std::string>>(), kinds);
  const json& rule = defs.at("finding").at("allOf").at(0);
  EXPECT_EQ(rule.at("if").at("properties").at("kind").at("enum").get<std::vector<std::string>>(), warnings);

  std::vector<std::string> servers;
  for (ServerKind kind = ServerKind::kUnknown; kind <= ServerKind::kApiGateway;
       kind = static_cast<ServerKind>(static_cast<int>(kind) + 1)) {
    servers.emplace_back(server_name(kind));
  }
  EXPECT_EQ(defs.at("serverName").at("enum").get<std::vector<std::string>>(), servers);

  EXPECT_EQ(defs.at("scenarioRun").at("properties").at("outcome").at("enum"),
            json({outcome_name(ScenarioRun::Outcome::kPassed), outcome_name(ScenarioRun::Outcome::kFailed),
                  outcome_name(ScenarioRun::Outcome::kError)}));
}

TEST(JsonReport, OutcomeNames) {
  EXPECT_EQ(outcome_name(ScenarioRun::Outcome::kPassed), "passed");
  EXPECT_EQ(outcome_name(ScenarioRun::Outcome::kFailed), "failed");
  EXPECT_EQ(outcome_name(ScenarioRun::Outcome::kError), "error");
}

}  // namespace
}  // namespace silentcors::report
