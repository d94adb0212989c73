// `silentcors analyze` and the command line itself, run as a user runs them.
#include <signal.h>

#include <boost/process.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "e2e_support.h"

namespace silentcors::e2e {
namespace {

std::string recording(const std::string& name) {
  return std::string(SILENTCORS_TEST_DATA) + "/recordings/" + name + ".jsonl";
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(AnalyzeCli, FindingGivesExitCode1AndTheFixAndTheJsonContract) {
  TempDir tmp;
  auto result = run_silentcors({"analyze", recording("header_not_allowed_three"), "--json", tmp.str() + "/r.json"},
                               tmp.str());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("Add baggage, traceparent, tracestate to Access-Control-Allow-Headers"), std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("\x1b["), std::string::npos) << "no colour when stdout is not a terminal";

  auto report = read_report(tmp.str() + "/r.json");
  EXPECT_EQ(report["schemaVersion"], 1);
  EXPECT_EQ(report["tool"]["name"], "silentcors");
  EXPECT_EQ(report["summary"]["corsFailures"], 1);
  EXPECT_EQ(report["summary"]["findings"], 1);
  const auto& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["method"], "POST");
  EXPECT_EQ(f["headers"], nlohmann::json({"baggage", "traceparent", "tracestate"}));
  EXPECT_EQ(f["chrome"]["corsError"], "HeaderDisallowedByPreflightResponse");
  EXPECT_EQ(f["chrome"]["failedParameter"], "baggage");
  EXPECT_EQ(f["occurrences"], 1);
  EXPECT_TRUE(f["message"].is_string());
  EXPECT_TRUE(f["fix"].is_string());
  EXPECT_TRUE(f["origin"].get<std::string>().rfind("http://127.0.0.1:", 0) == 0);
}

// report.html: beside --json, at --html, in --out; never where there is no
// folder of reports (--json /dev/stdout), and not at all unless asked.
TEST(AnalyzeCli, TheHtmlReportGoesBesideTheJsonOrWhereItIsAskedFor) {
  TempDir tmp;
  const std::string rec = recording("header_not_allowed_three");
  EXPECT_EQ(run_silentcors({"analyze", rec, "--json", tmp.str() + "/a/r.json"}, tmp.str()).exit_code, 1);
  const std::string beside = read(tmp.str() + "/a/report.html");
  EXPECT_EQ(beside.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(beside.find("<span class=\"hdr refused\">traceparent</span>"), std::string::npos);
  EXPECT_NE(beside.find("<h2>Recordings</h2>"), std::string::npos);
  EXPECT_NE(beside.find("<tbody class=\"pair\">"), std::string::npos);

  EXPECT_EQ(run_silentcors({"analyze", rec, "--html", tmp.str() + "/b/page.html"}, tmp.str()).exit_code, 1);
  EXPECT_EQ(read(tmp.str() + "/b/page.html").rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(run_silentcors({"analyze", rec, "--out", tmp.str() + "/c"}, tmp.str()).exit_code, 1);
  EXPECT_TRUE(std::filesystem::exists(tmp.str() + "/c/report.html"));

  auto piped = run_silentcors({"analyze", rec, "--json", "/dev/stdout"}, tmp.str());
  EXPECT_EQ(piped.exit_code, 1) << piped.err;
  EXPECT_FALSE(std::filesystem::exists("/dev/report.html"));
  auto plain = run_silentcors({"analyze", rec}, tmp.str());
  EXPECT_EQ(plain.exit_code, 1);
}

TEST(AnalyzeCli, PassingRecordingGivesExitCode0) {
  TempDir tmp;
  auto result = run_silentcors({"analyze", recording("passing_case_insensitive_allow_list")}, tmp.str());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("no findings"), std::string::npos) << result.out;
}

TEST(AnalyzeCli, WarningsAloneDoNotFail) {
  TempDir tmp;
  auto result = run_silentcors({"analyze", recording("authorization_wildcard")}, tmp.str());
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("authorization-wildcard"), std::string::npos) << result.out;
}

TEST(AnalyzeCli, MalformedLineIsExit2NamingFileLineAndColumn) {
  TempDir tmp;
  std::string path = tmp.str() + "/bad.jsonl";
  std::string good = read(recording("header_not_allowed_three"));
  size_t third = good.find('\n', good.find('\n', good.find('\n') + 1) + 1);
  write(path, good.substr(0, third + 1) + "{\"method\": \"Network.loadingFailed\", oops}\n" + good.substr(third + 1));
  auto result = run_silentcors({"analyze", path}, tmp.str());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(path + ":4:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("invalid JSON"), std::string::npos) << result.err;
}

TEST(AnalyzeCli, RecordingCutOffInItsLastLineStillGivesItsFindingsWithAWarning) {
  TempDir tmp;
  std::string path = tmp.str() + "/cut.jsonl";
  std::string good = read(recording("header_not_allowed_three"));
  write(path, good + good.substr(0, 60));  // A killed CI job: half a line, no newline.
  auto result = run_silentcors({"analyze", path}, tmp.str());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("warning: " + path + ":"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("the last line is cut off"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("header-not-allowed"), std::string::npos);
}

TEST(AnalyzeCli, MissingFileIsExit2) {
  TempDir tmp;
  auto result = run_silentcors({"analyze", tmp.str() + "/nope.jsonl"}, tmp.str());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(tmp.str() + "/nope.jsonl: cannot read"), std::string::npos) << result.err;
}

TEST(AnalyzeCli, A64KbHeaderValueIsShortenedOnTheConsoleAndWholeInTheJson) {
  // The preflight's Access-Control-Allow-Headers made 64 KB: it was echoed
  // whole in every sentence that names it.
  TempDir tmp;
  const std::string huge = "Content-Type, " + std::string(65536, 'x');
  std::string text = read(recording("header_not_allowed_three"));
  const std::string plain = "\"Access-Control-Allow-Headers\":\"Content-Type\"";
  for (size_t at = text.find(plain); at != std::string::npos; at = text.find(plain, at + 1)) {
    text.replace(at, plain.size(), "\"Access-Control-Allow-Headers\":\"" + huge + "\"");
  }
  write(tmp.str() + "/huge.jsonl", text);
  auto result = run_silentcors({"analyze", tmp.str() + "/huge.jsonl", "--json", tmp.str() + "/r.json"}, tmp.str());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_LT(result.out.size(), 4000u);
  EXPECT_NE(result.out.find(std::string(64, 'x') + "… (65536 characters)"), std::string::npos) << result.out;
  auto report = read_report(tmp.str() + "/r.json");
  EXPECT_EQ(report["findings"][0]["allowHeaders"], huge);
}

TEST(AnalyzeCli, DirectoryIsExit2NamingIt) {
  // It was read as an empty recording: exit 0, "0 requests".
  TempDir tmp;
  auto result = run_silentcors({"analyze", tmp.str()}, tmp.str());
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_EQ(result.err, "silentcors: " + tmp.str() + ": cannot read: Is a directory\n");
}

TEST(AnalyzeCli, EndlessInputStopsAtTheStatedLineLimit) {
  // /dev/zero is one endless line: it grew memory without bound.
  TempDir tmp;
  auto result = run_silentcors({"analyze", "/dev/zero"}, tmp.str());
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_EQ(result.err,
            "silentcors: /dev/zero:1: the line is longer than 256 MiB, the most one CDP message may take (is this a "
            "recording?)\n");
}

TEST(AnalyzeCli, SeveralRecordingsMergeIntoOneReport) {
  TempDir tmp;
  auto result = run_silentcors({"analyze", recording("header_not_allowed_three"), recording("header_not_allowed_three"),
                                recording("not_cors_failures"), "--json", tmp.str() + "/r.json"},
                               tmp.str());
  EXPECT_EQ(result.exit_code, 1);
  auto report = read_report(tmp.str() + "/r.json");
  EXPECT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["occurrences"], 2);  // Once per recording read...
  EXPECT_EQ(report["findings"][0]["sources"].size(), 1u);  // ...both the same file.
  EXPECT_EQ(report["summary"]["otherFailures"]["net::ERR_CONNECTION_REFUSED"], 1);
}

TEST(CommandLine, VersionAndHelpTellTheTruth) {
  TempDir tmp;
  auto version = run_silentcors({"--version"}, tmp.str());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("silentcors ") + SILENTCORS_VERSION + "\n");
  auto help = run_silentcors({"--help"}, tmp.str());
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"analyze", "run", "triage", "record", "fixture"}) {
    EXPECT_NE(help.out.find(std::string("silentcors ") + command + " "), std::string::npos) << command;
    auto own = run_silentcors({command, "--help"}, tmp.str());
    EXPECT_EQ(own.exit_code, 0);
    EXPECT_NE(own.out.find(std::string("Usage: silentcors ") + command), std::string::npos) << own.out;
  }
  // The browser found first is the headless shell (browser_finder), as --help must say.
  auto run_help = run_silentcors({"run", "--help"}, tmp.str());
  EXPECT_NE(run_help.out.find("then chromium-headless-shell, chromium,"), std::string::npos) << run_help.out;
}

// The usage block of docs/command-line.md is exactly what --help prints,
// and both come from the command table: every option of a command is in its
// usage line (run --server, triage --no-early-stop, watch --codequality
// were missing from both; issue 18 item 11).
TEST(CommandLine, TheDocsShowTheUsageHelpPrintsAndItListsEveryOption) {
  TempDir tmp;
  auto help = run_silentcors({"--help"}, tmp.str());
  ASSERT_EQ(help.exit_code, 0);
  const std::size_t from = help.out.find("Usage:\n");
  ASSERT_NE(from, std::string::npos) << help.out;
  std::istringstream lines(help.out.substr(from + 7, help.out.find("\n\n", from) - from - 7));
  std::string printed, line;
  while (std::getline(lines, line)) printed += line.substr(2) + "\n";

  std::ifstream doc(std::string(SILENTCORS_SCENARIOS) + "/../docs/command-line.md");
  ASSERT_TRUE(doc);
  const std::string text((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
  const std::size_t open = text.find("```\n");
  ASSERT_NE(open, std::string::npos);
  EXPECT_EQ(text.substr(open + 4, text.find("```\n", open + 4) - open - 4), printed);

  for (const auto& [command, options] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"run", {"--server", "--grep", "--shard", "--codequality"}},
           {"triage", {"--no-early-stop", "--server", "--out", "--html"}},
           {"watch", {"--codequality", "--record"}},
           {"analyze", {"--html", "--out"}},
       }) {
    const std::size_t start = printed.find("silentcors " + command + " ");
    const std::string usage = printed.substr(start, printed.find("\nsilentcors ", start) - start);
    for (const auto& option : options) EXPECT_NE(usage.find("[" + option), std::string::npos) << command << " " << option;
  }
}

TEST(CommandLine, BadUsageIsExit2WithTheReason) {
  TempDir tmp;
  auto none = run_silentcors({}, tmp.str());
  EXPECT_EQ(none.exit_code, 2);
  auto unknown = run_silentcors({"frobnicate"}, tmp.str());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command \"frobnicate\""), std::string::npos);
  auto option = run_silentcors({"record", "http://127.0.0.1/", "--out"}, tmp.str());
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("--out needs a value (RECORDING.jsonl)"), std::string::npos) << option.err;
  auto timeout = run_silentcors({"record", "http://127.0.0.1/", "--out", "x", "--timeout", "soon"}, tmp.str());
  EXPECT_EQ(timeout.exit_code, 2);
  EXPECT_NE(timeout.err.find("--timeout must be a whole number"), std::string::npos) << timeout.err;
}

// Issue 18 item 9: the fixture, stopped with Ctrl-C as it always is, exited
// 0; docs/exit-codes.md says a signal is 128 + N.
TEST(CommandLine, TheFixtureStoppedByCtrlCExits130) {
  namespace bp = boost::process;
  TempDir tmp;
  bp::ipstream out;
  bp::child fixture(silentcors_binary(), bp::args({"fixture"}), bp::std_out > out, bp::std_err > bp::null);
  std::string first;
  ASSERT_TRUE(std::getline(out, first)) << "the fixture printed nothing";
  EXPECT_EQ(first.rfind("frontend http://127.0.0.1:", 0), 0u) << first;  // Serving: its signals are handled.
  kill(fixture.id(), SIGINT);
  fixture.wait();
  EXPECT_EQ(fixture.exit_code(), 130);
}

// Issue 18 item 9: a fixture config is a scenario's "fixture" field on its
// own, and its mistakes are shown as they are there: file:line:column, the
// field, did-you-mean; a file that cannot be read says why (as merge's).
TEST(CommandLine, AFixtureConfigsMistakesAreLocatedAsInAScenario) {
  TempDir tmp;
  const std::string typo = tmp.str() + "/typo.json", comma = tmp.str() + "/comma.json",
                    empty = tmp.str() + "/empty.json";
  std::ofstream(typo) << "{\n  \"routez\": []\n}\n";
  std::ofstream(comma) << "{\"routes\": [],}";
  std::ofstream{empty};
  auto typo_run = run_silentcors({"fixture", "--config", typo}, tmp.str());
  EXPECT_EQ(typo_run.exit_code, 2);
  EXPECT_NE(typo_run.err.find(typo + ":2:3: routez: unknown field \"routez\"; did you mean \"routes\"?"),
            std::string::npos)
      << typo_run.err;
  auto comma_run = run_silentcors({"fixture", "--config", comma}, tmp.str());
  EXPECT_NE(comma_run.err.find(comma + ":1:14: remove this trailing ','"), std::string::npos) << comma_run.err;
  auto empty_run = run_silentcors({"fixture", "--config", empty}, tmp.str());
  EXPECT_NE(empty_run.err.find(empty + ":1:1: the file is empty"), std::string::npos) << empty_run.err;
  EXPECT_EQ(empty_run.err.find("json.exception"), std::string::npos) << empty_run.err;
  auto missing = run_silentcors({"fixture", "--config", tmp.str() + "/nosuch.json"}, tmp.str());
  EXPECT_NE(missing.err.find("nosuch.json: cannot read: No such file or directory"), std::string::npos)
      << missing.err;
  auto merge = run_silentcors({"merge", tmp.str() + "/nosuch.json"}, tmp.str());
  EXPECT_NE(merge.err.find("nosuch.json: cannot be read: No such file or directory"), std::string::npos)
      << merge.err;
}

// Issue 18 item 9: each of these was exit 0, a misleading name or no hint.
TEST(CommandLine, MistakesGetTheirFixNamed) {
  TempDir tmp;
  auto help = run_silentcors({"help", "nosuch"}, tmp.str());
  EXPECT_EQ(help.exit_code, 2) << help.out;
  EXPECT_NE(help.err.find("unknown command \"nosuch\""), std::string::npos) << help.err;
  auto command = run_silentcors({"tirage"}, tmp.str());
  EXPECT_NE(command.err.find("unknown command \"tirage\"; did you mean \"triage\"?"), std::string::npos)
      << command.err;
  auto option = run_silentcors({"run", "--repat", "3", "x.json"}, tmp.str());
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("unknown option --repat; did you mean --repeat?"), std::string::npos) << option.err;
  auto url = run_silentcors({"record", "localhost:8080", "--out", tmp.str() + "/r.jsonl"}, tmp.str());
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_NE(url.err.find("silentcors record: \"localhost:8080\" is not an http(s) or file URL; did you mean "
                         "\"http://localhost:8080\"?"),
            std::string::npos)
      << url.err;
  const std::string afile = tmp.str() + "/afile";
  std::ofstream(afile) << "x";
  auto out = run_silentcors({"watch", "--out", afile, "--", "true"}, tmp.str());
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("--out " + afile + ": cannot create the directory"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace silentcors::e2e
