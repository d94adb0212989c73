// Every silentcors command a user can copy from a shell block of README.md,
// docs/ or scenarios/README.md runs here, as written (placeholders such as
// URL filled in), against the built-in fixture, and must end with the exit
// code (and print the key lines) the docs lead a user to expect. A command
// in the docs that this table does not know fails the test, and so does an
// entry the docs no longer show: the docs cannot drift from the tool
// (issue 18 item 11).
#include <gtest/gtest.h>

#include <boost/process.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "browser/child_wait.h"
#include "e2e_support.h"
#include "fixture/builtin_pages.h"
#include "fixture/fixture_app.h"

namespace silentcors::e2e {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;

const fs::path kRoot = fs::path(SILENTCORS_SCENARIOS).parent_path();

struct DocCommand {
  std::string where;    // README.md:37
  std::string command;  // As written, without its comment.
};

// The silentcors command lines of a Markdown file's ```sh blocks.
std::vector<DocCommand> doc_commands(const fs::path& file) {
  std::vector<DocCommand> found;
  std::ifstream in(file);
  std::string line;
  bool in_shell = false;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.rfind("```", 0) == 0) {
      in_shell = !in_shell && (line == "```sh" || line == "```bash" || line == "```shell");
      continue;
    }
    if (!in_shell) continue;
    const std::string command = std::regex_replace(line, std::regex(R"(\s+#.*$)"), "");
    if (command.rfind("build/silentcors ", 0) == 0 || command.rfind("silentcors ", 0) == 0) {
      found.push_back({fs::relative(file, kRoot).string() + ":" + std::to_string(number), command});
    }
  }
  return found;
}

struct Example {
  std::string command;  // As the docs write it.
  // What runs in its place ("" = the same), in a folder where build/ and
  // scenarios/ are the real ones; {URL} is the fixture's demo page.
  std::string shell;
  int exit_code = 0;
  std::vector<std::string> key_lines;  // Each must be in stdout.
  std::string not_run;                 // Why it is not run here (and where it is).
  std::string before;                  // Set-up the example assumes, run first.
};

const std::vector<Example>& examples() {
  static const std::vector<Example> table = {
      {"build/silentcors record URL --out page.jsonl", "build/silentcors record {URL} --out page.jsonl", 0},
      {"build/silentcors analyze page.jsonl --json report.json", "", 1,
       {"error header-not-allowed: POST ", "  headers: baggage, traceparent, tracestate",
        "  fix: Add baggage, traceparent, tracestate to Access-Control-Allow-Headers on "}},
      {"build/silentcors run scenarios/*.json", "", 1, {"10 scenario runs: 1 passed, 9 failed, 0 errors"}},
      {"build/silentcors run scenarios/*.json --shard 2/4", "", 1, {"3 scenario runs: "}},  // Runs 2, 6 and 10.
      {"build/silentcors merge shard-*/report.json", "", 1, {}, "",
       "for i in 1 2 3 4; do build/silentcors run scenarios/*.json --shard $i/4 --out shard-$i >/dev/null 2>&1; done; "
       "ls shard-1/report.json shard-2/report.json shard-3/report.json shard-4/report.json"},
      {"build/silentcors triage scenario.json --runs 40",
       "build/silentcors triage scenarios/flaky-sampled-tracing.json --runs 40", 1, {"traceparent"}},
      {"build/silentcors triage scenario.json --record runs/",
       "build/silentcors triage scenarios/flaky-sampled-tracing.json --record runs/", 1, {}},
      {"build/silentcors analyze runs/*.jsonl --runs-of NAME",
       "build/silentcors analyze runs/*.jsonl --runs-of flaky-sampled-tracing", 1, {"traceparent"}},
      {"build/silentcors audit scenarios/audit/five-apis.json --sdk otel,datadog,sentry --out /tmp/audit",
       "build/silentcors audit scenarios/audit/five-apis.json --sdk otel,datadog,sentry --out audit", 1,
       {"REFUSED", "otel: header-not-allowed, refuses traceparent"}},
      {"build/silentcors logs access.log access.log.2.gz --bucket 15m", "", 0,
       {"read 4 lines from 2 files: 4 parsed, 0 skipped", "POST /api/orders"}, "",
       "l='10.0.0.1 - - [05/Dec/2026:19:20:01 +0000]'; a='\"-\" \"Chrome\"'; "
       "printf '%s \"OPTIONS /api/orders HTTP/1.1\" 204 0 %s\\n%s \"POST /api/orders HTTP/1.1\" 200 2 %s\\n' "
       "\"$l\" \"$a\" \"$l\" \"$a\" > access.log && cp access.log access.log.2 && gzip access.log.2"},
      {"build/silentcors logs cors.log --format '$remote_addr [$time_local] \"$request\" $status \"$http_origin\" "
       "\"$http_access_control_request_headers\"'",
       "", 0, {"orphaned preflights asked for traceparent in 100% (1/1), followed ones in 0% (0/1)"}, "",
       "t='[05/Dec/2026:19:20:01 +0000]'; printf '%s \"OPTIONS /api/orders HTTP/1.1\" 204 \"http://shop\" "
       "\"content-type,traceparent\"\\n' \"10.0.0.1 $t\" > cors.log && "
       "printf '%s \"OPTIONS /api/orders HTTP/1.1\" 204 \"http://shop\" \"content-type\"\\n%s \"POST /api/orders "
       "HTTP/1.1\" 201 \"http://shop\" \"-\"\\n' \"10.0.0.2 $t\" \"10.0.0.2 $t\" >> cors.log"},
      {"build/silentcors logs --sql athena --format alb --window 5000 --bucket 1h", "", 0,
       {"FROM alb_access_logs", "r.t <= p.t + 5000"}},
      {"build/silentcors run scenarios/*.json --grid http://grid.internal:4444 --repeat 10", "", 0, {},
       "a Selenium Grid: GridTest.* starts one (ctest -L grid)"},
      {"build/silentcors triage scenarios/flaky-sampled-tracing.json --grid http://grid.internal:4444", "", 0, {},
       "a Selenium Grid: GridTest.* starts one (ctest -L grid)"},
      {"build/silentcors fixture", "", 0, {}, "serves until interrupted: CommandLine.TheFixtureStoppedByCtrlCExits130"},
      {"build/silentcors watch -- npx playwright test", "", 0, {},
       "a real Playwright suite: WatchIntegration.* (ctest -L integrations)"},
      {"build/silentcors run scenarios/*.json --cdp http://127.0.0.1:9222", "", 0, {},
       "a Chromium already running on port 9222: CdpIntegration.* (ctest -L integrations)"},
      {"build/silentcors --help", "", 0, {"Usage:", "Exit codes:"}},
      {"silentcors run scenarios/checkout.json", "", 0, {},
       "scenarios/README.md's example of a team's own scenario against its staging API"},
  };
  return table;
}

CommandResult run_shell(const std::string& script, const fs::path& dir) {
  bp::environment env = boost::this_process::environment();
  env["TMPDIR"] = tool_tmpdir(dir.string());
  bp::ipstream out;
  bp::child child("/bin/sh", bp::args({"-c", script}), env, bp::start_dir = dir.string(), bp::std_out > out,
                  bp::std_err > (dir / "stderr.txt").string());
  std::ostringstream text;
  text << out.rdbuf();
  if (!browser::wait_for_exit(child, std::chrono::seconds(170))) {
    child.terminate();
    return {-1, text.str(), "timed out"};
  }
  std::ifstream err(dir / "stderr.txt");
  std::ostringstream err_text;
  err_text << err.rdbuf();
  return {child.exit_code(), text.str(), err_text.str()};
}

TEST(DocExamples, EveryShellCommandInTheDocsRunsAsTheyDescribe) {
  std::vector<DocCommand> documented;
  for (const fs::path& file : {kRoot / "README.md", kRoot / "scenarios" / "README.md"}) {
    for (auto& c : doc_commands(file)) documented.push_back(std::move(c));
  }
  for (const auto& entry : fs::directory_iterator(kRoot / "docs")) {
    if (entry.path().extension() != ".md") continue;
    for (auto& c : doc_commands(entry.path())) documented.push_back(std::move(c));
  }
  ASSERT_GE(documented.size(), 10u) << "the extractor found too few commands to prove anything";
  std::map<std::string, const Example*> known;
  for (const auto& example : examples()) known[example.command] = &example;
  std::map<std::string, bool> shown;
  for (const auto& doc : documented) {
    if (known.count(doc.command) == 0) {
      ADD_FAILURE() << doc.where << ": " << doc.command << "\n  is not in this test's table: add how to run it";
    }
    shown[doc.command] = true;
  }
  for (const auto& example : examples()) {
    EXPECT_TRUE(shown.count(example.command)) << "the docs no longer show: " << example.command;
  }

  TempDir tmp;
  fs::create_directories(tmp.path() / "build");
  fs::create_symlink(silentcors_binary(), tmp.path() / "build" / "silentcors");
  fs::create_symlink(kRoot / "scenarios", tmp.path() / "scenarios");
  fixture::FixtureApp app(fixture::demo_config());
  app.start();

  for (const auto& example : examples()) {
    if (!example.not_run.empty()) continue;
    if (!example.before.empty()) {
      ASSERT_EQ(run_shell(example.before, tmp.path()).exit_code, 0) << example.before;
    }
    std::string shell = example.shell.empty() ? example.command : example.shell;
    shell = std::regex_replace(shell, std::regex(R"(\{URL\})"), app.page_url("/index.html"));
    const CommandResult result = run_shell(shell, tmp.path());
    EXPECT_EQ(result.exit_code, example.exit_code) << shell << "\nstdout:\n" << result.out << "\nstderr:\n" << result.err;
    for (const auto& key : example.key_lines) {
      EXPECT_NE(result.out.find(key), std::string::npos) << shell << ": no \"" << key << "\" in\n" << result.out;
    }
  }
  EXPECT_TRUE(nothing_left_behind(tmp.str()));
}

}  // namespace
}  // namespace silentcors::e2e
