#include "report/audit_report.h"

#include <gtest/gtest.h>

#include "report/json_report.h"
#include "report/report_schema_check.h"

namespace silentcors::report {
namespace {

using nlohmann::json;

using test_support::keys;

AuditMatrix every_field_set() {
  AuditMatrix matrix;
  matrix.sdks = {"otel", "datadog"};
  AuditEndpoint e;
  e.method = "POST";
  e.url = "https://api.shop.example/cart";
  e.origin = "https://shop.example";
  e.baseline = {kAuditReady, {}, ""};
  e.sdks["otel"] = {kAuditRefused, {"traceparent"}, "header-not-allowed"};
  e.sdks["datadog"] = {kAuditNotDecorated, {}, ""};
  e.fix = "Add traceparent to Access-Control-Allow-Headers on https://api.shop.example (it now sends: Content-Type)";
  e.fix_snippet = Finding::Snippet{"nginx", "add_header Access-Control-Allow-Headers \"Content-Type, traceparent\" always;"};
  e.server = Finding::Server{"nginx", "certain", "Server: nginx/1.22.1"};
  e.linking = kLinkingServerTimingHidden;
  matrix.endpoints.push_back(e);
  matrix.patterns.push_back({"datadog", "https://api.shop.example", "over-match",
                             "datadog matches a string as a prefix of the URL", "https://api.shop.example.evil.net/"});
  return matrix;
}

// What the writer writes is what the schema lists, so a field added to
// either alone fails here.
TEST(AuditReport, EveryFieldTheWriterKnowsIsInTheSchemaAndNoOther) {
  json report = report_to_json(Report{}, "0.1.0");
  report["audit"] = audit_to_json(every_field_set(), {"otel, datadog: no propagation setting given"});
  test_support::expect_report_json_matches_schema(report);
  const json schema = test_support::report_schema();
  const json& audit = schema.at("$defs").at("audit");
  EXPECT_EQ(keys(report["audit"]), keys(audit.at("properties")));
  EXPECT_EQ(keys(report["audit"]["endpoints"][0]), keys(audit.at("properties").at("endpoints").at("items").at("properties")));
  EXPECT_EQ(keys(report["audit"]["patterns"][0]), keys(audit.at("properties").at("patterns").at("items").at("properties")));
  EXPECT_EQ(keys(report["audit"]["endpoints"][0]["sdks"]["otel"]),
            keys(schema.at("$defs").at("auditCell").at("properties")));
}

TEST(AuditReport, EachFormNamesTheRefusedHeadersAndTheFix) {
  const AuditMatrix matrix = every_field_set();
  const std::string console = audit_console(matrix, false);
  EXPECT_NE(console.find("REFUSED"), std::string::npos) << console;
  EXPECT_NE(console.find("otel: header-not-allowed, refuses traceparent"), std::string::npos) << console;
  EXPECT_NE(console.find("    add_header Access-Control-Allow-Headers"), std::string::npos) << console;
  const std::string markdown = audit_markdown(matrix, {});
  EXPECT_NE(markdown.find("| **refused: traceparent** | not decorated | server-timing-hidden |"), std::string::npos)
      << markdown;
  const std::string junit = audit_junit(matrix);
  EXPECT_NE(junit.find("tests=\"2\" failures=\"1\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("<skipped message=\"not decorated\"/>"), std::string::npos) << junit;
  EXPECT_NE(audit_html_section(matrix, {}).find("<td class=\"refused\">refused: traceparent</td>"), std::string::npos);
  EXPECT_EQ(audit_console(AuditMatrix{}, false), "no cross-origin request was made: nothing to audit\n");
  // Each form lists the propagation settings' problems.
  const std::string pattern = "datadog https://api.shop.example: over-match: datadog matches a string as a prefix";
  EXPECT_NE(console.find("propagation settings:\n  " + pattern), std::string::npos) << console;
  EXPECT_NE(markdown.find("### Propagation settings\n\n- " + pattern), std::string::npos) << markdown;
  EXPECT_NE(audit_html_section(matrix, {}).find("<code>https://api.shop.example</code>: over-match"), std::string::npos);
}

}  // namespace
}  // namespace silentcors::report
