// Long values (a 64 KB header, a data: URL) in human-facing output: shown
// by their start and their length; whole in report.json.
#include "report/long_values.h"

#include <gtest/gtest.h>

#include "report/console_report.h"
#include "report/json_report.h"
#include "report/junit_xml.h"
#include "report/markdown_summary.h"
#include "report/report_schema_check.h"
#include "report/report_test_data.h"

namespace silentcors::report {
namespace {

const std::string kHuge(65536, 'a');

TEST(LongValues, AValueIsShownByItsStartAndItsLength) {
  EXPECT_EQ(shorten_long_values(kHuge), std::string(64, 'a') + "… (65536 characters)");
  EXPECT_EQ(shorten_long_values("(it now sends: \"" + kHuge + "\")."),
            "(it now sends: \"" + std::string(64, 'a') + "… (65536 characters)\").");
}

TEST(LongValues, ShortTextIsUntouchedAndShorteningTwiceChangesNothing) {
  const std::string sentence = "Add traceparent to Access-Control-Allow-Headers (it now sends: Content-Type)";
  EXPECT_EQ(shorten_long_values(sentence), sentence);
  const std::string limit(kLongValueCharacters, 'b');
  EXPECT_EQ(shorten_long_values(limit), limit);
  EXPECT_NE(shorten_long_values(limit + "b"), limit + "b");
  const std::string once = shorten_long_values("x " + kHuge + " y");
  EXPECT_EQ(shorten_long_values(once), once);
}

TEST(LongValues, LengthsAreInCharactersAndCutsFallBetweenThem) {
  std::string accents;
  for (int i = 0; i < 300; ++i) accents += "é";
  std::string expected;
  for (int i = 0; i < 64; ++i) expected += "é";
  EXPECT_EQ(shorten_long_values(accents), expected + "… (300 characters)");
}

TEST(LongValues, ALongListWithSpacesIsCutAsAWhole) {
  std::string list;
  while (list.size() < 90000) list += "x-h, ";
  const std::string shown = shorten_long_values("sends: " + list);
  const std::string length = "… (90007 characters)";
  EXPECT_EQ(shown.size(), kLongTextCharacters + length.size()) << shown.substr(0, 100);
  EXPECT_EQ(shown.substr(shown.size() - length.size()), length);
}

// The probe's finding: a 64 KB Access-Control-Allow-Headers, in every sentence.
Finding with_huge_allow_headers() {
  Finding f = testing::traced_post_refused();
  f.allow_headers = kHuge;
  f.message = "The preflight did not allow traceparent (Access-Control-Allow-Headers: " + kHuge + ")";
  f.fix = "Add traceparent to Access-Control-Allow-Headers (it now sends: " + kHuge + ")";
  f.also_fails = {"header-not-allowed: " + kHuge};
  f.corroboration = {"console: " + kHuge};
  return f;
}

TEST(LongValues, HumanFacingWritersShortenThemAndReportJsonKeepsThemWhole) {
  Report report = testing::failing_report();
  report.findings = {with_huge_allow_headers()};
  ScenarioRun run = testing::passed_run();
  run.outcome = ScenarioRun::Outcome::kFailed;
  run.report = report;
  run.failures = {"expected no error finding, got one naming " + kHuge};

  const std::string shown = std::string(64, 'a') + "… (65536 characters)";
  const std::string console = console_report(report, false);
  EXPECT_LT(console.size(), 4000u);
  EXPECT_NE(console.find(shown), std::string::npos) << console;
  const std::string junit = junit_xml({run}, "silentcors");
  EXPECT_LT(junit.size(), 8000u);  // It was 874 KB for one run.
  EXPECT_NE(junit.find(shown), std::string::npos);
  const std::string markdown = markdown_summary({run}, report);
  EXPECT_LT(markdown.size(), 4000u);
  EXPECT_NE(markdown.find(std::string(64, 'a') + "… (65536 characters)"), std::string::npos) << markdown;
  EXPECT_LT(console_run_line(run, false).size(), 400u);

  const auto json = report_to_json(report, "test");
  test_support::expect_report_json_matches_schema(json);
  EXPECT_EQ(json["findings"][0]["allowHeaders"], kHuge);
  EXPECT_EQ(json["findings"][0]["fix"], with_huge_allow_headers().fix);
}

}  // namespace
}  // namespace silentcors::report
