#include "report/ci_annotations.h"

#include <gtest/gtest.h>

#include "report/report_test_data.h"

namespace silentcors::report {
namespace {

using testing::passed_run;

Report one_finding(const std::string& message) {
  Report r;
  Finding f;
  f.kind = FindingKind::kHeaderNotAllowed;
  f.severity = "error";
  f.method = "POST";
  f.url = "http://api.test/api/orders";
  f.origin = "http://app.test";
  f.headers = {"traceparent", "tracestate"};
  f.scenario = "checkout";
  f.message = message;
  f.fix = "Add traceparent, tracestate to Access-Control-Allow-Headers";
  r.findings.push_back(f);
  Finding w = f;
  w.kind = FindingKind::kVaryOriginMissing;
  w.severity = "warning";
  w.headers = {};
  r.findings.push_back(w);
  return r;
}

TEST(GithubAnnotations, AnErrorAndAWarningOnTheScenariosFileEscapedAsGithubRequires) {
  const std::string out = github_annotations(one_finding("50% of calls: a,b\nnext"), {passed_run()});
  EXPECT_EQ(out,
            "::error file=scenarios/checkout.json,line=1,title=CORS header-not-allowed%3A traceparent%2C tracestate::"
            "50%25 of calls: a,b%0Anext Fix: Add traceparent, tracestate to Access-Control-Allow-Headers\n"
            "::warning file=scenarios/checkout.json,line=1,title=CORS vary-origin-missing::50%25 of calls: a,b%0Anext "
            "Fix: Add traceparent, tracestate to Access-Control-Allow-Headers\n");
}

TEST(GitlabCodeQuality, IssuesWithStableFingerprints) {
  const auto issues = gitlab_code_quality(one_finding("m"), {passed_run()});
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0]["check_name"], "silentcors/header-not-allowed");
  EXPECT_EQ(issues[0]["severity"], "major");
  EXPECT_EQ(issues[1]["severity"], "minor");
  EXPECT_EQ(issues[0]["location"]["path"], "scenarios/checkout.json");
  EXPECT_EQ(issues[0]["location"]["lines"]["begin"], 1);
  // The same finding, another run with another message: the same fingerprint.
  EXPECT_EQ(gitlab_code_quality(one_finding("other words"), {passed_run()})[0]["fingerprint"], issues[0]["fingerprint"]);
  EXPECT_NE(issues[0]["fingerprint"], issues[1]["fingerprint"]);
  EXPECT_EQ(issues[0]["fingerprint"].get<std::string>().size(), 16u);
}

TEST(StepSummary, ShortenedOnALineWithANote) {
  EXPECT_EQ(step_summary("short"), "short");
  std::string big;
  for (int i = 0; i < 200; ++i) big += "line " + std::to_string(i) + " é\n";
  const std::string cut = step_summary(big, 500);
  EXPECT_LE(cut.size(), 500u);
  EXPECT_NE(cut.find("shortened to fit GitHub's 1 MiB step summary"), std::string::npos);
  EXPECT_EQ(cut.substr(0, 7), "line 0 ");
}

}  // namespace
}  // namespace silentcors::report

namespace silentcors::report {
namespace {

// A GitHub workflow command is a line of the job's log, shown in a terminal
// view: control characters from a server's headers are shown, not sent.
TEST(GithubAnnotations, ControlCharactersAreShownNotSent) {
  Report r = one_finding("x\x1b[2J\x07\x08y\tz");
  r.findings[0].headers = {"trace\x1bparent"};
  const std::string out = github_annotations(r, {passed_run()});
  for (char c : out) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n') << int(c) << " in " << out;
  EXPECT_NE(out.find("::x\\x1B[2J\\x07\\x08y\\x09z Fix:"), std::string::npos) << out;
  EXPECT_NE(out.find("title=CORS header-not-allowed%3A trace\\x1Bparent::"), std::string::npos) << out;
}

}  // namespace
}  // namespace silentcors::report
