// What `run`, `watch` and `merge` share at their end: where the reports go
// (--out, --json, --junit), writing report.json, junit.xml and summary.md
// from the same runs, and the console's line per run.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"
#include "cli/args.h"
#include "runner/expectations.h"

namespace silentcors::cli {

struct Outputs {
  std::filesystem::path json;
  std::filesystem::path junit;
  std::filesystem::path markdown;
  std::filesystem::path codequality;  // --codequality FILE (GitLab); empty for none.
};

// --out DIR (default reports), with --json, --junit and --markdown (merge)
// overriding their files.
Outputs outputs_from(const Args& args);
// Makes the folders the outputs go to (exit 2 when one cannot be made).
void make_output_directories(const Outputs& outputs);

// `extra` is added to report.json's top level (merge: the shards it combined).
// Also, for CI: GitLab Code Quality with --codequality, and on GitHub Actions
// (GITHUB_ACTIONS=true) a workflow command per finding on stdout and the
// Markdown summary appended to $GITHUB_STEP_SUMMARY.
void write_reports(const Outputs& outputs, const std::vector<ScenarioRun>& runs, const Report& combined,
                   const nlohmann::json& extra = nullptr);

bool use_color();

// What a suite's runs make the exit code: 3 when a run could not happen
// (infrastructure beats findings, so CI shows "broken pipeline", not
// "broken API"), else 1 when one failed, else 0.
int exit_code_of(const std::vector<ScenarioRun>& runs);

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
void print_run(const ScenarioRun& run, const runner::Verdict& verdict, bool color);
// "12 scenario runs: 10 passed, 2 failed, 0 errors in 3.2 s".
std::string closing_line(const std::vector<ScenarioRun>& runs, double seconds, bool color);

}  // namespace silentcors::cli
