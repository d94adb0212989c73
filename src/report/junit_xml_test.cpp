#include "report/junit_xml.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "report/report_test_data.h"
#include "report/text_escape.h"

namespace silentcors::report {
namespace {

using testing::error_run;
using testing::failed_run;
using testing::passed_run;

// 2026-01-02T03:04:05Z
const auto kTimestamp = std::chrono::system_clock::from_time_t(1767323045);

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A minimal XML 1.0 well-formedness check, enough for what junit_xml writes:
// the declaration, elements with double-quoted attributes, character data
// and the five predefined entities plus character references. Returns "" or
// what is wrong and where.
std::string well_formedness_error(std::string_view xml) {
  constexpr std::string_view kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (xml.substr(0, kDeclaration.size()) != kDeclaration) return "no XML declaration";
  for (std::size_t pos = 0; pos < xml.size();) {
    const Utf8Char c = decode_utf8(xml, pos);
    if (!c.valid) return "invalid UTF-8 at byte " + std::to_string(pos);
    const char32_t cp = c.code_point;
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
      return "control character at byte " + std::to_string(pos);
    }
    if (cp == 0xFFFE || cp == 0xFFFF) return "non-character at byte " + std::to_string(pos);
    pos += c.length;
  }
  const auto reference_ok = [&](std::size_t amp) {
    const std::size_t semi = xml.find(';', amp);
    if (semi == std::string_view::npos) return false;
    const std::string_view name = xml.substr(amp + 1, semi - amp - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
      return true;
    }
    if (name.size() < 2 || name[0] != '#') return false;
    const bool hex = name[1] == 'x';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return false;
    for (char d : digits) {
      if (!(hex ? std::isxdigit(static_cast<unsigned char>(d)) : std::isdigit(static_cast<unsigned char>(d)))) {
        return false;
      }
    }
    return true;
  };
  std::vector<std::string> open;
  bool had_root = false;
  std::size_t pos = kDeclaration.size();
  while (pos < xml.size()) {
    const char ch = xml[pos];
    if (ch == '&') {
      if (!reference_ok(pos)) return "bad reference at byte " + std::to_string(pos);
      ++pos;
      continue;
    }
    if (ch == '>') return "unescaped > in text at byte " + std::to_string(pos);
    if (ch != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(ch))) {
        return "text outside the root at byte " + std::to_string(pos);
      }
      ++pos;
      continue;
    }
    // A tag.
    const bool closing = pos + 1 < xml.size() && xml[pos + 1] == '/';
    std::size_t i = pos + (closing ? 2 : 1);
    const std::size_t name_start = i;
    while (i < xml.size() && (std::isalnum(static_cast<unsigned char>(xml[i])) || xml[i] == '-' ||
                              xml[i] == '_' || xml[i] == ':')) {
      ++i;
    }
    const std::string name(xml.substr(name_start, i - name_start));
    if (name.empty()) return "tag without a name at byte " + std::to_string(pos);
    bool self_closing = false;
    while (true) {
      while (i < xml.size() && xml[i] == ' ') ++i;
      if (i >= xml.size()) return "unterminated tag " + name;
      if (xml[i] == '>') break;
      if (xml[i] == '/' && i + 1 < xml.size() && xml[i + 1] == '>' && !closing) {
        self_closing = true;
        ++i;
        break;
      }
      if (closing) return "attribute in closing tag " + name;
      const std::size_t attr_start = i;
      while (i < xml.size() && std::isalpha(static_cast<unsigned char>(xml[i]))) ++i;
      if (i == attr_start || xml.substr(i, 2) != "=\"") {
        return "bad attribute in " + name + " at byte " + std::to_string(i);
      }
      i += 2;
      while (i < xml.size() && xml[i] != '"') {
        if (xml[i] == '<') return "< in attribute value at byte " + std::to_string(i);
        if (xml[i] == '&' && !reference_ok(i)) return "bad reference at byte " + std::to_string(i);
        ++i;
      }
      if (i >= xml.size()) return "unterminated attribute in " + name;
      ++i;
      if (i < xml.size() && xml[i] != ' ' && xml[i] != '>' && xml[i] != '/') {
        return "no space between attributes in " + name;
      }
    }
    pos = i + 1;
    if (closing) {
      if (open.empty() || open.back() != name) return "unbalanced </" + name + ">";
      open.pop_back();
    } else if (!self_closing) {
      if (open.empty() && had_root) return "second root element " + name;
      had_root = true;
      open.push_back(name);
    }
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (!had_root) return "no root element";
  return "";
}

TEST(WellFormedness, TheCheckerRejectsBrokenXml) {
  const std::string decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  EXPECT_EQ(well_formedness_error(decl + "<a><b></b></a>\n"), "");
  EXPECT_NE(well_formedness_error(decl + "<a><b></a></b>"), "");
  EXPECT_NE(well_formedness_error(decl + "<a>x < y</a>"), "");
  EXPECT_NE(well_formedness_error(decl + "<a>x & y</a>"), "");
  EXPECT_NE(well_formedness_error(decl + "<a t=\"x\"y\"></a>"), "");
  EXPECT_NE(well_formedness_error(decl + "<a t=\"<\"></a>"), "");
  EXPECT_NE(well_formedness_error(decl + "<a>\x01</a>"), "");
  EXPECT_NE(well_formedness_error(decl + "<a>\xFF</a>"), "");
  EXPECT_NE(well_formedness_error(decl + "<a></a><b></b>"), "");
  EXPECT_NE(well_formedness_error(decl + "<a>"), "");
}

TEST(JunitXml, PassedAndErrorRunsExactly) {
  EXPECT_EQ(junit_xml({passed_run(), error_run()}, "silentcors", kTimestamp),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"silentcors\" tests=\"2\" failures=\"0\" errors=\"1\" "
            "skipped=\"0\" time=\"1.550\">\n"
            "  <testsuite name=\"silentcors\" tests=\"2\" failures=\"0\" errors=\"1\" "
            "skipped=\"0\" time=\"1.550\" timestamp=\"2026-01-02T03:04:05\">\n"
            "    <testcase classname=\"silentcors\" name=\"checkout\" time=\"1.250\" "
            "file=\"scenarios/checkout.json\">\n"
            "      <system-out>3 requests, 0 CORS failures, no findings\n</system-out>\n"
            "    </testcase>\n"
            "    <testcase classname=\"silentcors\" name=\"login\" time=\"0.300\" "
            "file=\"scenarios/login.json\">\n"
            "      <error message=\"Chromium exited with signal 9 before the page loaded\" "
            "type=\"infrastructure\">Chromium exited with signal 9 before the page "
            "loaded</error>\n"
            "      <system-out>0 requests, 0 CORS failures, no findings\n</system-out>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

TEST(JunitXml, ARunFailedByAStepNamesTheStepNotTheToleratedFinding) {
  ScenarioRun run = testing::failed_run();
  run.failures = {"checkout.json:9:7: steps[1] (click \"#pay\"): no element matches #pay"};
  run.failing_findings = 0;  // Its one error finding is allowed, with a reason.
  EXPECT_EQ(junit_failure_message(run), run.failures.front());
}

TEST(JunitXml, CountsAttributes) {
  const std::string xml = junit_xml({passed_run(1, 4), failed_run(2, 4), failed_run(3, 4), error_run()},
                                    "e2e", kTimestamp);
  EXPECT_TRUE(contains(xml, "<testsuite name=\"e2e\" tests=\"4\" failures=\"2\" errors=\"1\" "
                            "skipped=\"0\" time=\"4.050\" timestamp=\"2026-01-02T03:04:05\">"))
      << xml;
  EXPECT_TRUE(contains(xml, "<testsuites name=\"e2e\" tests=\"4\" failures=\"2\" errors=\"1\""));
}

TEST(JunitXml, RepeatedRunsAreNamedByRun) {
  const std::string xml = junit_xml({passed_run(2, 5)}, "s", kTimestamp);
  EXPECT_TRUE(contains(xml, "name=\"checkout [run 2/5]\"")) << xml;
}

TEST(JunitXml, FailureMessageNamesKindHeadersMethodAndUrl) {
  EXPECT_EQ(junit_failure_message(failed_run()),
            "header-not-allowed: traceparent, tracestate refused by POST "
            "http://127.0.0.1:8002/api/orders");
  const std::string xml = junit_xml({failed_run()}, "s", kTimestamp);
  EXPECT_TRUE(contains(xml, "<failure message=\"header-not-allowed: traceparent, tracestate "
                            "refused by POST http://127.0.0.1:8002/api/orders\" type=\"cors\">"))
      << xml;
}

TEST(JunitXml, FailureMessageCountsFurtherErrors) {
  ScenarioRun run = failed_run();
  Finding second = run.report.findings.front();
  second.kind = FindingKind::kMethodNotAllowed;
  second.headers.clear();
  run.report.findings.push_back(second);
  EXPECT_EQ(junit_failure_message(run),
            "header-not-allowed: traceparent, tracestate refused by POST "
            "http://127.0.0.1:8002/api/orders (+1 more)");
}

TEST(JunitXml, FailureWithoutFindingsUsesTheFailureSentence) {
  ScenarioRun run = passed_run();
  run.outcome = ScenarioRun::Outcome::kFailed;
  run.failures = {"expected header-not-allowed on /api/orders did not appear"};
  EXPECT_EQ(junit_failure_message(run), "expected header-not-allowed on /api/orders did not appear");
  run.failures.clear();
  EXPECT_EQ(junit_failure_message(run), "scenario failed");
}

TEST(JunitXml, FailureBodyHoldsEvidenceAndFix) {
  const std::string xml = junit_xml({failed_run()}, "s", kTimestamp);
  const std::size_t start = xml.find("type=\"cors\">");
  const std::size_t end = xml.find("</failure>");
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::string body = xml.substr(start + 12, end - start - 12);
  EXPECT_EQ(body,
            "header-not-allowed is an error finding and no allow entry covers it\n"
            "\n"
            "header-not-allowed: traceparent, tracestate refused by POST "
            "http://127.0.0.1:8002/api/orders\n"
            "  origin: http://127.0.0.1:8001\n"
            "  message: The preflight response's Access-Control-Allow-Headers does not list "
            "traceparent, tracestate.\n"
            "  chrome: corsError HeaderDisallowedByPreflightResponse, failedParameter traceparent\n"
            "  note: Chromium reported only: traceparent (HeaderDisallowedByPreflightResponse)\n"
            "  preflight: status 204, Access-Control-Allow-Origin: \"http://127.0.0.1:8001\", "
            "Access-Control-Allow-Methods: \"GET, POST\", Access-Control-Allow-Headers: "
            "\"content-type\"\n"
            "  server: The server answered the preflight (OPTIONS) and never received the POST it "
            "was for: its logs show an OPTIONS and nothing after it.\n"
            "  also fails: method-not-allowed: PUT is not in Access-Control-Allow-Methods\n"
            "  intermittent: fails 11 of 40 (27.5%, 95% CI 16.1-42.8%); explained by traceparent: "
            "present 11 failed/0 ok, absent 0 failed/29 ok, p = 4.3e-10; at full sampling: 100%\n"
            "  fix: Add traceparent, tracestate to Access-Control-Allow-Headers in the OPTIONS "
            "response for http://127.0.0.1:8002/api/orders.\n");
}

TEST(JunitXml, SystemOutHoldsTheConsoleText) {
  const std::string xml = junit_xml({failed_run()}, "s", kTimestamp);
  EXPECT_TRUE(contains(xml, "<system-out>error header-not-allowed: POST "
                            "http://127.0.0.1:8002/api/orders (11 occurrences)\n"))
      << xml;
  EXPECT_FALSE(contains(xml, "\x1b"));
}

ScenarioRun hostile_run() {
  ScenarioRun run = failed_run();
  run.scenario = "evil \"name\" <&> 'x'";
  Finding& f = run.report.findings.front();
  f.url = std::string("http://api.example/a?x=1&y=<b>\"q\"'s'\x01z\xFFz");
  f.message = "]]> </failure> <!-- \x1b[31m";
  f.allow_headers = "a\tb\nc";
  run.failures = {"bad\xC0\xAF bytes"};
  return run;
}

TEST(JunitXml, EscapesUntrustedText) {
  ScenarioRun error = error_run();
  error.error = "connection <lost> & \"gone\"\x02";
  const std::string xml = junit_xml({hostile_run(), error}, "suite <&>", kTimestamp);
  EXPECT_TRUE(contains(xml, "name=\"evil &quot;name&quot; &lt;&amp;&gt; &apos;x&apos;\"")) << xml;
  EXPECT_TRUE(contains(xml, "message=\"header-not-allowed: traceparent, tracestate refused by "
                            "POST http://api.example/a?x=1&amp;y=&lt;b&gt;&quot;q&quot;&apos;s&apos;zz\""))
      << xml;
  EXPECT_TRUE(contains(xml, "http://api.example/a?x=1&amp;y=&lt;b&gt;\"q\"'s'zz\n")) << xml;
  EXPECT_TRUE(contains(xml, "message: ]]&gt; &lt;/failure&gt; &lt;!-- [31m\n")) << xml;
  EXPECT_TRUE(contains(xml, "<error message=\"connection &lt;lost&gt; &amp; &quot;gone&quot;\" "
                            "type=\"infrastructure\">connection &lt;lost&gt; &amp; \"gone\"</error>"))
      << xml;
  EXPECT_TRUE(contains(xml, "<testsuite name=\"suite &lt;&amp;&gt;\"")) << xml;
  EXPECT_FALSE(contains(xml, "\x01"));
  EXPECT_FALSE(contains(xml, "\xFF"));
  EXPECT_EQ(well_formedness_error(xml), "") << xml;
}

TEST(JunitXml, AlwaysWellFormed) {
  for (const auto& runs : std::vector<std::vector<ScenarioRun>>{
           {}, {passed_run()}, {failed_run(1, 3), failed_run(2, 3), error_run()}, {hostile_run()}}) {
    const std::string xml = junit_xml(runs, "silentcors", kTimestamp);
    EXPECT_EQ(well_formedness_error(xml), "") << xml;
  }
}

TEST(JunitXml, EveryByteOfInputStaysWellFormed) {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  ScenarioRun run = failed_run();
  run.report.findings.front().url = every_byte;
  run.report.findings.front().fix = every_byte;
  run.scenario = every_byte;
  const std::string xml = junit_xml({run}, every_byte, kTimestamp);
  EXPECT_EQ(well_formedness_error(xml), "");
}

TEST(JunitXml, DefaultTimestampIsNow) {
  const std::string xml = junit_xml({}, "s");
  EXPECT_TRUE(contains(xml, "timestamp=\"20")) << xml;
}

// The real parser. scripts/setup --tests installs it (Debian: libxml2-utils); a
// machine without it fails here rather than skipping in silence.
TEST(JunitXml, XmllintAcceptsIt) {
  ASSERT_EQ(std::system("command -v xmllint >/dev/null 2>&1"), 0)
      << "xmllint is not installed: scripts/setup --tests installs it (Debian package libxml2-utils)";
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("silentcors-junit-" + std::to_string(::getpid()) + ".xml");
  ScenarioRun error = error_run();
  error.error = "\x01<&>\xFE";
  {
    std::ofstream out(path, std::ios::binary);
    out << junit_xml({hostile_run(), passed_run(1, 2), error}, "silentcors <&>", kTimestamp);
  }
  const int status = std::system(("xmllint --noout '" + path.string() + "'").c_str());
  std::filesystem::remove(path);
  EXPECT_EQ(status, 0);
}

// Repeats of one scenario that disagree: the passing ones carry Surefire's
// <flakyFailure>, so CI shows a flaky test, not only a red one.
TEST(JunitXml, RepeatsThatDisagreeMarkTheScenarioFlaky) {
  std::vector<ScenarioRun> runs = {passed_run(1, 3), failed_run(2, 3), passed_run(3, 3)};
  const std::string xml = junit_xml(runs, "silentcors");
  std::size_t flaky = 0;
  for (std::size_t at = xml.find("<flakyFailure"); at != std::string::npos; at = xml.find("<flakyFailure", at + 1)) ++flaky;
  EXPECT_EQ(flaky, 2u) << xml;
  EXPECT_NE(xml.find("<flakyFailure message=\"flaky: failed 1 of 3 repeats: header-not-allowed: traceparent"),
            std::string::npos)
      << xml;
  EXPECT_EQ(junit_xml({passed_run(1, 2), passed_run(2, 2)}, "silentcors").find("flakyFailure"), std::string::npos);
}

// Issue 18 item 4: a pass with doubt says so where a CI viewer shows it.
TEST(JunitXml, APassWithTheNetworkStillBusySaysPassQuestionMark) {
  ScenarioRun run = passed_run();
  run.unsettled = "the network was not idle at timeoutMs; 3 requests still in flight";
  const std::string xml = junit_xml({run}, "silentcors", kTimestamp);
  EXPECT_NE(xml.find("<system-out>PASS? the network was not idle at timeoutMs; 3 requests still in flight\n"),
            std::string::npos)
      << xml;
}

}  // namespace
}  // namespace silentcors::report
