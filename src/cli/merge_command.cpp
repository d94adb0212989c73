// silentcors merge REPORT.json... : the report.json files of a suite's
// shards (run --shard I/N on N CI machines) in, the report.json, junit.xml
// and summary.md one unsharded run would have written out. The reading and
// the merging are runs::merge_shards (pure); this is the I/O around it.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/input_error.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/run_reports.h"
#include "report/merge_input.h"
#include "report/report_text.h"
#include "runs/shard_merge.h"

namespace silentcors::cli {

namespace {

runs::ShardReport read_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot be read: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path + ": cannot be read: " + std::strerror(errno));
  try {
    return {path, nlohmann::json::parse(text.str())};
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: ...", without its tag.
    std::string why = e.what();
    if (auto tag_end = why.find("] "); why.rfind("[json.exception", 0) == 0 && tag_end != std::string::npos) {
      why.erase(0, tag_end + 2);
    }
    throw InputError(path + ": not a silentcors report (not JSON: " + why + ")");
  }
}

}  // namespace

int merge_command(const Args& args) {
  if (args.positionals().empty()) throw UsageError("merge needs at least one REPORT.json (the report.json of each shard)");
  std::vector<runs::ShardReport> reports;
  for (const auto& path : args.positionals()) reports.push_back(read_report(path));
  const runs::MergedSuite merged = runs::merge_shards(reports);

  const Outputs outputs = outputs_from(args);
  make_output_directories(outputs);
  const int exit_code = exit_code_of(merged.runs);
  write_reports(outputs, merged.runs, merged.combined, {"merge", exit_code},
                {{"mergeInput", report::merge_input_to_json(merged.runs, merged.share)}});

  // What the merge found missing or odd (a missing shard, an interrupted
  // one, mixed versions) is said where a CI log shows it, not only in files.
  for (const auto& note : merged.merge_notes) std::cerr << "silentcors: " << note << "\n";
  std::cout << "merged " << report::count_of(reports.size(), "report", "reports") << ": "
            << report::count_of(merged.runs.size(), "scenario run", "scenario runs") << "\n"
            << "reports: " << outputs.json.string() << ", " << outputs.junit.string() << ", "
            << outputs.markdown.string() << ", " << outputs.html.string() << "\n";
  return exit_code;
}

}  // namespace silentcors::cli
