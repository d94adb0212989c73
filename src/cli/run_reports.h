// What `run`, `watch` and `merge` share at their end: where the reports go
// (--out, --json, --junit, --html), writing report.json, junit.xml,
// summary.md and report.html from the same runs, and the console's line per
// run. `analyze` and `triage` share the HTML report's placement.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"
#include "cli/args.h"
#include "runs/expectations.h"

namespace silentcors::cli {

struct Outputs {
  std::filesystem::path json;
  std::filesystem::path junit;
  std::filesystem::path markdown;
  std::filesystem::path html;         // --html FILE, else DIR/report.html.
  std::filesystem::path codequality;  // --codequality FILE (GitLab); empty for none.
};

// --out DIR (default reports), with --json, --junit, --html and --markdown
// (merge) overriding their files.
Outputs outputs_from(const Args& args);

// Where `analyze` and `triage` put report.html, which write no other report
// unless asked: --html FILE; else DIR/report.html with --out DIR; else beside
// the --json FILE (once written: a --json that is no regular file, such as
// /dev/stdout, has none beside it). Empty: none was asked for.
std::filesystem::path html_path_from(const Args& args);

// What a suite's runs make the exit code: 3 when a run could not happen
// (infrastructure beats findings, so CI shows "broken pipeline", not
// "broken API"), else 1 when one failed, else 0.
int exit_code_of(const std::vector<ScenarioRun>& runs);

// What the HTML report's header says beside the counts.
struct ReportHeader {
  std::string command;  // run, watch
  int exit_code = 0;    // What the command returns.
};
// Makes the folders the outputs go to (exit 2 when one cannot be made).
void make_output_directories(const Outputs& outputs);

// `extra` is added to report.json's top level (merge: the shards it combined).
// Also, for CI: GitLab Code Quality with --codequality, and on GitHub Actions
// (GITHUB_ACTIONS=true) a workflow command per finding on stdout and the
// Markdown summary appended to $GITHUB_STEP_SUMMARY.
void write_reports(const Outputs& outputs, const std::vector<ScenarioRun>& runs, const Report& combined,
                   const ReportHeader& header, const nlohmann::json& extra = nullptr);

bool use_color();

// "[3/12] running checkout [2/4]..." on a terminal's stderr, replaced by
// the next line; nothing when stderr is a file or a pipe (CI logs).
class Progress {
 public:
  Progress();
  void show(const ScenarioRun& run, std::size_t number, std::size_t total);
  void clear();

 private:
  bool enabled_;
  bool shown_ = false;
};

// The run's line, then for a failed run what to do.
void print_run(const ScenarioRun& run, const runs::Verdict& verdict, bool color);
// "12 scenario runs: 10 passed, 2 failed, 0 errors in 3.2 s".
std::string closing_line(const std::vector<ScenarioRun>& runs, double seconds, bool color);

}  // namespace silentcors::cli
