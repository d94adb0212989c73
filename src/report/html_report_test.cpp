// The HTML report as text: every finding and its refused headers are there,
// a preflight is drawn with its request, and hostile values from the page
// or the server (markup, quotes, javascript: URLs) come out as inert text,
// never in a script, a style, a link or an event handler.
#include "report/html_report.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "report/html_assets.h"
#include "report/report_test_data.h"
#include "report/sha256.h"

namespace silentcors::report {
namespace {

using testing::failed_run;
using testing::failing_report;
using testing::passed_run;

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

RunTimeline timeline_with_preflight() {
  RunTimeline t;
  t.source = "checkout";
  TimelineRequest doc;
  doc.id = "D";
  doc.start_ms = 0;
  doc.duration_ms = 40;
  doc.method = "GET";
  doc.url = "http://127.0.0.1:8001/";
  doc.type = "Document";
  doc.status = 200;
  doc.outcome = TimelineRequest::Outcome::kOk;
  TimelineRequest post;
  post.id = "7";
  post.start_ms = 50;
  post.duration_ms = 12;
  post.method = "POST";
  post.url = "http://127.0.0.1:8002/api/orders";
  post.error_text = "net::ERR_FAILED";
  post.cors_error = "HeaderDisallowedByPreflightResponse";
  post.outcome = TimelineRequest::Outcome::kCorsFailure;
  post.findings = {0};
  TimelineRequest options = post;
  options.id = "7.pf";
  options.method = "OPTIONS";
  options.preflight = true;
  options.preflight_for = "7";
  options.status = 204;
  options.error_text.clear();
  options.cors_error.clear();
  options.outcome = TimelineRequest::Outcome::kOk;
  options.findings.clear();
  t.requests = {doc, post, options};
  return t;
}

std::string render(const std::vector<ScenarioRun>& runs, const Report& combined, int exit_code = 1) {
  HtmlInput in;
  in.command = "run";
  in.runs = &runs;
  in.combined = &combined;
  in.exit_code = exit_code;
  return html_report(in);
}

TEST(HtmlReport, ShowsTheVerdictEveryFindingAndTheRefusedHeadersAgainstWhatWasAllowed) {
  ScenarioRun run = failed_run();
  run.report.timelines = {timeline_with_preflight()};
  const Report combined = failing_report();
  const std::string html = render({run, passed_run()}, combined);
  EXPECT_NE(html.find("1 of 2 runs failed"), std::string::npos);
  EXPECT_NE(html.find("Exit code <b class=\"exit\">1</b>: a CORS finding of error severity"), std::string::npos);
  // Each combined finding has its card.
  EXPECT_NE(html.find("id=\"f-1\""), std::string::npos);
  EXPECT_NE(html.find("id=\"f-2\""), std::string::npos);
  EXPECT_EQ(occurrences(html, "data-filter=\"finding\""), combined.findings.size());
  EXPECT_NE(html.find("<span class=\"hdr refused\">traceparent</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"hdr refused\">tracestate</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"hdr allowed\">content-type</span>"), std::string::npos);
  EXPECT_NE(html.find("corsError: HeaderDisallowedByPreflightResponse"), std::string::npos);
  EXPECT_NE(html.find(combined.findings[0].fix.substr(0, 40)), std::string::npos);
}

TEST(HtmlReport, APreflightIsDrawnJustAboveItsRequestInOneGroupAndTheFailedOneIsMarked) {
  ScenarioRun run = failed_run();
  run.report.timelines = {timeline_with_preflight()};
  const std::string html = render({run}, failing_report());
  const auto pair = html.find("<tbody class=\"pair\">");
  ASSERT_NE(pair, std::string::npos);
  const auto options = html.find("OPTIONS", pair);
  const auto post = html.find(">POST<", pair);
  const auto end = html.find("</tbody>", pair);
  EXPECT_LT(options, post);
  EXPECT_LT(post, end);
  EXPECT_NE(html.find("<tr data-row class=\"main failed\">"), std::string::npos);
  EXPECT_NE(html.find("net::ERR_FAILED CORS: HeaderDisallowedByPreflightResponse"), std::string::npos);
  // The request links to the combined card of the finding it produced.
  EXPECT_NE(html.find("<a href=\"#f-1\"><span class=\"mark\">&#9888; header-not-allowed"), std::string::npos);
  // Bars on a common scale: the POST starts at 50 of 62 ms.
  EXPECT_NE(html.find("left:80.65%;width:19.35%"), std::string::npos);
}

TEST(HtmlReport, IntermittentFindingsShowTheirTablesRateChartAndRunStrip) {
  Report combined = failing_report();
  Intermittency& i = *combined.findings[0].intermittent;
  i.runs = RunTable{3, 10, {3, 2}, {0, 5}};
  i.p_method = "fisher-runs";
  for (int n = 0; n < 10; ++n) i.run_marks.push_back({"checkout [" + std::to_string(n + 1) + "/10]", n < 3, n < 5});
  const std::string html = render({failed_run()}, combined);
  EXPECT_NE(html.find("<caption>Requests</caption>"), std::string::npos);
  EXPECT_NE(html.find("<caption>Runs</caption>"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"rate\""), std::string::npos);
  EXPECT_NE(html.find("class=\"projection\""), std::string::npos);
  EXPECT_NE(html.find("fails 100%"), std::string::npos);  // At full sampling.
  EXPECT_EQ(occurrences(html, "<i class=\"f c\""), 3u);
  EXPECT_EQ(occurrences(html, "<i class=\"c\""), 2u);
  EXPECT_NE(html.find("title=\"run 10: checkout [10/10]: ok, without the header\""), std::string::npos);
}

// A finding and a timeline whose every value is hostile.
Report hostile_report() {
  Report r = failing_report();
  Finding& f = r.findings[0];
  f.headers = {"<script>alert(1)</script>", "x\"onmouseover=\"alert(2)"};
  f.url = "javascript:alert(3)//</style><img src=x onerror=alert(4)>";
  f.allow_headers = "</style><script>alert(5)</script>, ' onfocus='alert(6)";
  f.fix = "<a href=\"javascript:alert(7)\">fix</a>";
  f.fix_snippet = Finding::Snippet{"nginx", "</pre><script>alert(8)</script>"};
  f.server = Finding::Server{"nginx", "certain", "Server: nginx<script>"};
  f.message = "</textarea></title><!-- -->";
  f.chrome->failed_parameter = "<svg onload=alert(9)>";
  f.scenario = "</details><script>alert(10)</script>";
  r.notes = {"<iframe src=javascript:alert(11)>"};
  RunTimeline t;
  t.source = "<b>source</b>";
  TimelineRequest q;
  q.id = "\"><script>alert(12)</script>";
  q.start_ms = 0;
  q.duration_ms = 5;
  q.method = "<GET>";
  q.url = "javascript:alert(13)";
  q.error_text = "<script>alert(14)</script>";
  q.cors_error = "\" style=\"background:url(http://evil/)";
  q.outcome = TimelineRequest::Outcome::kCorsFailure;
  q.findings = {0, 99};  // 99: out of range, ignored.
  TimelineRequest p = q;
  p.id = "p";
  p.preflight = true;
  p.preflight_for = q.id;
  t.requests = {q, p};
  r.timelines = {t};
  return r;
}

TEST(HtmlReport, HostileValuesAreTextNeverMarkupLinksScriptsOrStyles) {
  const Report combined = hostile_report();
  ScenarioRun run = failed_run();
  run.scenario = "<script>alert(15)</script>";
  run.report = combined;
  run.failures = {"</summary><script>alert(16)</script>"};
  const std::string html = render({run}, combined);

  // The one script is ours; no tag, link or handler came from a value.
  EXPECT_EQ(occurrences(html, "<script"), 1u);
  EXPECT_EQ(occurrences(html, "</script>"), 1u);
  EXPECT_EQ(occurrences(html, "</style>"), 1u);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<iframe"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_EQ(html.find("javascript:alert(7)\""), std::string::npos);
  std::smatch m;
  // Inside a tag (escaped text has no "<" to open one).
  EXPECT_FALSE(std::regex_search(html, m, std::regex("<[^>]*\\son[a-z]+\\s*=", std::regex::icase)))
      << "an event handler attribute: " << m.str();
  EXPECT_FALSE(std::regex_search(html, m, std::regex("<[^>]*(href|src)\\s*=\\s*[\"']?\\s*javascript:", std::regex::icase)))
      << m.str();
  // Every href is one of the page's own anchors.
  const std::regex href("href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(std::regex_match((*it)[1].str(), std::regex("#[a-z0-9-]+"))) << (*it)[1];
  }
  // Style attributes hold numbers only.
  const std::regex style("style=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), style); it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(std::regex_match((*it)[1].str(), std::regex("left:[0-9.]+%;width:[0-9.]+%"))) << (*it)[1];
  }
  // The values are there, as text.
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("x&quot;onmouseover=&quot;alert(2)"), std::string::npos);
  EXPECT_NE(html.find("javascript:alert(3)//&lt;/style&gt;&lt;img src=x onerror=alert(4)&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;/pre&gt;&lt;script&gt;alert(8)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"u url\">javascript:alert(13)</td>"), std::string::npos);
}

TEST(HtmlReport, NothingCanBeFetchedAndOnlyItsOwnScriptMayRun) {
  const std::string html = render({passed_run()}, Report{}, 0);
  const auto digest = sha256(kHtmlScript);
  const std::string csp = "default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; "
                          "script-src &#39;sha256-" + base64(digest.data(), digest.size()) + "&#39;";
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp), std::string::npos);
  // The policy comes before anything it governs.
  EXPECT_LT(html.find("Content-Security-Policy"), html.find("<style>"));
  EXPECT_NE(html.find("<script>" + std::string(kHtmlScript) + "</script>"), std::string::npos);
  // Without JavaScript everything shows; the filters appear with it.
  EXPECT_NE(html.find("<form class=\"filters\" id=\"filters\" hidden>"), std::string::npos);
  EXPECT_NE(html.find("1 run passed"), std::string::npos);
  for (const char* external : {"http://", "https://", "//fonts", "@import", "url("}) {
    const std::string head = html.substr(0, html.find("<body>"));
    EXPECT_EQ(head.find(external), std::string::npos) << external;
  }
}

TEST(HtmlReport, AnalyzeHasNoRunsButEachRecordingsWaterfall) {
  Report combined = failing_report();
  combined.timelines = {timeline_with_preflight()};
  HtmlInput in;
  in.command = "analyze";
  in.combined = &combined;
  in.exit_code = 1;
  const std::string html = html_report(in);
  EXPECT_NE(html.find("<h2>Recordings</h2>"), std::string::npos);
  EXPECT_NE(html.find("CORS errors found"), std::string::npos);
  EXPECT_NE(html.find("<tbody class=\"pair\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#f-1\">"), std::string::npos);
}

// Issue 18 item 4: the console's PASS? (the network still busy at
// timeoutMs) was a plain "passed" here.
TEST(HtmlReport, APassWithTheNetworkStillBusyKeepsItsDoubt) {
  ScenarioRun run = passed_run();
  run.unsettled = "the network was not idle at timeoutMs; 3 requests still in flight";
  const std::string html = render({run}, run.report, 0);
  EXPECT_NE(html.find(">passed?</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("3 requests still in flight"), std::string::npos);
}

}  // namespace
}  // namespace silentcors::report
