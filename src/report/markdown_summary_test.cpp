#include "report/markdown_summary.h"

#include <gtest/gtest.h>

#include "report/report_test_data.h"

namespace silentcors::report {
namespace {

using testing::error_run;
using testing::failed_run;
using testing::failing_report;
using testing::passed_run;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MarkdownSummary, AllPassed) {
  Report combined;
  combined.summary.requests = 6;
  EXPECT_EQ(markdown_summary({passed_run(1, 2), passed_run(2, 2)}, combined),
            "## ✅ silentcors: all 2 scenario runs passed\n"
            "\n"
            "6 requests, 0 CORS failures, no findings\n"
            "\n"
            "| Status | Scenario | Run | Duration | Findings |\n"
            "|---|---|---|---|---|\n"
            "| ✅ PASS | checkout | 1/2 | 1.2s | 0 |\n"
            "| ✅ PASS | checkout | 2/2 | 1.2s | 0 |\n");
}

TEST(MarkdownSummary, TitleVerdict) {
  EXPECT_TRUE(contains(markdown_summary({passed_run()}, Report{}),
                       "## ✅ silentcors: 1 scenario run passed\n"));
  EXPECT_TRUE(contains(markdown_summary({passed_run(), failed_run(), error_run()}, failing_report()),
                       "## ❌ silentcors: 1 failed, 1 could not run of 3 scenario runs\n"));
  EXPECT_TRUE(contains(markdown_summary({error_run()}, Report{}),
                       "## ⚠️ silentcors: 1 could not run of 1 scenario run\n"));
}

TEST(MarkdownSummary, TableRows) {
  const std::string md = markdown_summary({failed_run(2, 5), error_run()}, failing_report());
  EXPECT_TRUE(contains(md, "| ❌ FAIL | checkout | 2/5 | 1.2s | 2 |\n")) << md;
  EXPECT_TRUE(contains(md, "| ⚠️ ERROR | login | 1/1 | 300ms | 0 |\n")) << md;
}

TEST(MarkdownSummary, SummaryLineEscapesUnderscores) {
  const std::string md = markdown_summary({failed_run()}, failing_report());
  EXPECT_TRUE(contains(md, "\n3 requests, 1 CORS failure, 2 findings (1 error, 1 warning); not "
                           "CORS: net::ERR\\_CONNECTION\\_REFUSED x2\n"))
      << md;
}

TEST(MarkdownSummary, RunsThatDidNotPass) {
  const std::string md = markdown_summary({failed_run(2, 5), error_run()}, failing_report());
  EXPECT_TRUE(contains(md, "### Runs that did not pass\n\n"
                           "- **checkout \\[2/5\\]** (`scenarios/checkout.json`)\n"
                           "  - header-not-allowed is an error finding and no allow entry covers it\n"
                           "- **login** (`scenarios/login.json`): could not run: Chromium exited "
                           "with signal 9 before the page loaded\n"))
      << md;
}

TEST(MarkdownSummary, EachFailureWithEvidenceAndFix) {
  const std::string md = markdown_summary({failed_run()}, failing_report());
  EXPECT_TRUE(contains(
      md,
      "### Failures\n"
      "\n"
      "#### ❌ header-not-allowed: `POST http://127.0.0.1:8002/api/orders`\n"
      "\n"
      "- **Headers:** `traceparent`, `tracestate`\n"
      "- **Origin:** `http://127.0.0.1:8001`\n"
      "- **Seen:** 11 occurrences in checkout\n"
      "- **Why:** The preflight response's Access-Control-Allow-Headers does not list "
      "traceparent, tracestate.\n"
      "- **Chromium:** Chromium reported only: traceparent (HeaderDisallowedByPreflightResponse)\n"
      "- **Server:** preflight: status 204, Access-Control-Allow-Origin: \"http://127.0.0.1:8001\", "
      "Access-Control-Allow-Methods: \"GET, POST\", Access-Control-Allow-Headers: "
      "\"content-type\"\n"
      "- **Server logs:** The server answered the preflight (OPTIONS) and never received the POST "
      "it was for: its logs show an OPTIONS and nothing after it.\n"
      "- **Also fails:** method-not-allowed: PUT is not in Access-Control-Allow-Methods\n"
      "- **Intermittent:** fails 11 of 40 (27.5%, 95% CI 16.1-42.8%); explained by traceparent: "
      "present 11 failed/0 ok, absent 0 failed/29 ok, p = 4.3e-10; at full sampling: 100%\n"
      "- **Fix:** Add traceparent, tracestate to Access-Control-Allow-Headers in the OPTIONS "
      "response for http://127.0.0.1:8002/api/orders.\n"))
      << md;
  EXPECT_TRUE(contains(md, "### Warnings\n\n#### ⚠️ header-not-exposed: "
                           "`GET http://127.0.0.1:8002/api/cart`\n"))
      << md;
}

TEST(MarkdownSummary, EscapesTableCellsAndText) {
  ScenarioRun run = failed_run();
  run.scenario = "a | b\nc *d* <script>";
  Report combined = failing_report();
  combined.findings.resize(1);
  combined.findings[0].message = "x|y\n# not a heading [link](http://e) `code`";
  combined.findings[0].url = "http://api.example/a`b";
  const std::string md = markdown_summary({run}, combined);
  EXPECT_TRUE(contains(md, "| ❌ FAIL | a \\| b c \\*d\\* \\<script\\> | 1/1 | 1.2s | 2 |\n"))
      << md;
  EXPECT_TRUE(contains(md, "- **Why:** x\\|y \\# not a heading \\[link\\](http://e) \\`code\\`\n"))
      << md;
  EXPECT_TRUE(contains(md, "``POST http://api.example/a`b``")) << md;
  EXPECT_FALSE(contains(md, "<script>"));
}

TEST(MarkdownSummary, NotesAtTheEnd) {
  Report combined;
  combined.summary.requests = 2;
  combined.notes = {"tracing pattern matched no request"};
  const std::string md = markdown_summary({}, combined);
  EXPECT_TRUE(contains(md, "## ✅ silentcors: no CORS errors\n")) << md;
  EXPECT_TRUE(contains(md, "\n### Notes\n\n- tracing pattern matched no request\n")) << md;
  EXPECT_FALSE(contains(md, "| Status |"));
}

}  // namespace
// The snippet is a code block no backtick in a header name can close.
TEST(MarkdownSummary, FixSnippetInAFenceLongerThanAnyBacktickRun) {
  Report report = failing_report();
  report.findings[0].fix_snippet = Finding::Snippet{"nginx", "add_header X ```evil``` always;"};
  report.findings[0].server = Finding::Server{"nginx", "certain", "Server: nginx/1.22.1"};
  const std::string md = markdown_summary({failed_run()}, report);
  EXPECT_TRUE(contains(md, "- **Fix for nginx** (Server: nginx/1.22.1):")) << md;
  EXPECT_TRUE(contains(md, "  ````\n  add_header X ```evil``` always;\n  ````\n")) << md;
}

}  // namespace silentcors::report

namespace silentcors::report {
namespace {

// Raw control characters from a server's headers (ESC, BEL, backspace) in a
// summary.md would run as terminal commands under `cat`: none reaches the
// file, in the fix block or anywhere else; they show as the console shows them.
TEST(MarkdownSummary, NoControlCharacterFromAServerReachesTheFile) {
  Report report = failing_report();
  const std::string hostile = "Content-Type\x1b]0;pwned\x07\x08\x1b[2J, x-evil";
  Finding& f = report.findings[0];
  f.allow_headers = hostile;
  f.headers = {"trace\x1bparent"};
  f.message = "refused: " + hostile;
  f.fix = "Add traceparent to " + hostile;
  f.fix_snippet = Finding::Snippet{"nginx", "add_header Access-Control-Allow-Headers \"" + hostile +
                                                "\" always;\nadd_header X\ry always;"};
  f.server = Finding::Server{"nginx", "certain", "Server: nginx\x1b[31m"};
  const std::string md = markdown_summary({failed_run()}, report);
  for (char c : md) {
    EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n') << "control byte " << int(c) << " in\n" << md;
  }
  EXPECT_TRUE(contains(md, "  add_header Access-Control-Allow-Headers \"Content-Type\\x1B]0;pwned\\x07\\x08\\x1B[2J, "
                           "x-evil\" always;\n  add_header X\\x0Dy always;\n"))
      << md;
}

// A report of no run and no request (a watched suite that never used the
// browser, an empty page's recording) checked nothing: it must not pass.
TEST(MarkdownSummary, NothingSeenIsNoPass) {
  const std::string md = markdown_summary({}, Report{});
  EXPECT_TRUE(contains(md, "## ⚠️ silentcors: nothing was checked (no request was seen)\n")) << md;
  EXPECT_FALSE(contains(md, "✅")) << md;
}

// Issue 18 item 4: summary.md showed the console's PASS? as "✅ PASS".
TEST(MarkdownSummary, APassWithTheNetworkStillBusyIsNoGreenTick) {
  ScenarioRun run = passed_run();
  run.unsettled = "the network was not idle at timeoutMs; 3 requests still in flight";
  const std::string md = markdown_summary({run}, run.report);
  EXPECT_TRUE(contains(md, "| ⚠️ PASS? |")) << md;
  EXPECT_TRUE(contains(md, "## ⚠️ silentcors: 1 scenario run passed, 1 with the network still busy at its timeout (PASS?)\n"))
      << md;
  EXPECT_FALSE(contains(md, "✅ PASS |")) << md;
}

}  // namespace
}  // namespace silentcors::report
