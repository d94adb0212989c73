#include "runs/shard_merge.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "analysis/input_error.h"
#include "report/json_report.h"
#include "report/report_text.h"
#include "runs/run_aggregation.h"

namespace silentcors::runs {
namespace {

using nlohmann::json;

std::string list_of(const std::vector<int>& numbers) {
  std::string out;
  for (int n : numbers) out += (out.empty() ? "" : ",") + std::to_string(n);
  return out;
}

// The report's mergeInput, after checking it is a run report at all.
report::MergeInput read_shard(const ShardReport& shard) {
  const json& j = shard.json;
  const bool ours = j.is_object() && j.contains("schemaVersion") && j.contains("tool") && j["tool"].is_object() &&
                    j["tool"].value("name", "") == "silentcors";
  if (!ours) throw InputError(shard.file + ": not a silentcors report (no schemaVersion and tool.name \"silentcors\")");
  if (j["schemaVersion"] != report::kSchemaVersion) {
    throw InputError(shard.file + ": a report of schemaVersion " + j["schemaVersion"].dump() + "; this silentcors reads " +
                     std::to_string(report::kSchemaVersion));
  }
  if (!j.contains("mergeInput")) {
    throw InputError(shard.file +
                     ": has no mergeInput (the per-run data merge needs): merge takes the report.json of `run` "
                     "(with or without --shard) from a silentcors that writes it, not of analyze, triage or watch");
  }
  try {
    return report::merge_input_from_json(j["mergeInput"]);
  } catch (const std::invalid_argument& e) {
    throw InputError(shard.file + ": " + e.what());
  }
}

std::string shard_text(int shard, int of) { return std::to_string(shard) + "/" + std::to_string(of); }

}  // namespace

MergedSuite merge_shards(const std::vector<ShardReport>& reports) {
  MergedSuite merged;
  std::vector<std::string> notes;
  if (reports.empty()) return merged;

  std::map<int, std::string> file_of_shard;
  std::map<std::size_t, std::string> file_of_run;
  report::SuiteShare first;
  std::string first_version;
  for (std::size_t r = 0; r < reports.size(); ++r) {
    const ShardReport& shard = reports[r];
    report::MergeInput input = read_shard(shard);
    const std::string version = shard.json["tool"].value("version", "");
    if (r == 0) {
      first = input.share;
      first_version = version;
    } else if (input.share.of != first.of) {
      throw InputError(shard.file + ": a share of " + std::to_string(input.share.of) + " shards, but " +
                       reports[0].file + " is of " + std::to_string(first.of) + ": not shards of one split");
    } else if (input.share.suite_runs != first.suite_runs || input.share.fingerprint != first.fingerprint) {
      throw InputError(shard.file + ": a shard of another suite than " + reports[0].file + " (" +
                       std::to_string(input.share.suite_runs) + " runs, fingerprint " + input.share.fingerprint +
                       " against " + std::to_string(first.suite_runs) + ", " + first.fingerprint +
                       "): every shard must run the same scenario files with the same --grep and --repeat");
    } else if (version != first_version) {
      notes.push_back("merged reports of different silentcors versions: " + reports[0].file + " " + first_version +
                      ", " + shard.file + " " + version);
    }
    for (int s : input.share.shards) {
      auto [it, added] = file_of_shard.emplace(s, shard.file);
      if (!added) {
        throw InputError(shard.file + ": holds shard " + shard_text(s, first.of) + ", as " + it->second +
                         " does: each shard once");
      }
    }
    for (auto& run : input.runs) {
      const std::size_t k = *run.suite_index;
      const std::string label = report::run_label(run);
      if (k >= first.suite_runs) {
        throw InputError(shard.file + ": run " + std::to_string(k) + " (" + label + ") is past the suite's " +
                         std::to_string(first.suite_runs) + " runs");
      }
      const int its_shard = static_cast<int>(k % static_cast<std::size_t>(first.of)) + 1;
      if (std::find(input.share.shards.begin(), input.share.shards.end(), its_shard) == input.share.shards.end()) {
        throw InputError(shard.file + ": run " + std::to_string(k) + " (" + label + ") belongs to shard " +
                         shard_text(its_shard, first.of) + ", which this report does not hold");
      }
      if (auto [it, added] = file_of_run.emplace(k, shard.file); !added) {
        throw InputError(shard.file + ": run " + std::to_string(k) + " (" + label + ") is also in " + it->second +
                         ": each run once");
      }
      run.report = rebuilt_run_report(run, run.report.notes);
      if (run.failing.size() > 0 && *std::max_element(run.failing.begin(), run.failing.end()) >= run.report.findings.size()) {
        throw InputError(shard.file + ": run " + std::to_string(k) + " (" + label +
                         "): mergeInput names a failing finding its requests do not give");
      }
      merged.runs.push_back(std::move(run));
    }
  }

  std::sort(merged.runs.begin(), merged.runs.end(),
            [](const ScenarioRun& a, const ScenarioRun& b) { return *a.suite_index < *b.suite_index; });

  std::vector<int> held, missing;
  for (int s = 1; s <= first.of; ++s) (file_of_shard.count(s) ? held : missing).push_back(s);
  if (!missing.empty()) {
    const bool one = missing.size() == 1;
    notes.insert(notes.begin(), std::string("merged shard") + (held.size() > 1 ? "s " : " ") + list_of(held) + " of " +
                                    std::to_string(first.of) + ": shard" + (one ? " " : "s ") + list_of(missing) +
                                    (one ? " is missing; its runs are" : " are missing; their runs are") +
                                    " not in this report");
    merged.share = {first.suite_runs, first.fingerprint, first.of, held};
  } else {
    merged.share = {first.suite_runs, first.fingerprint, 1, {1}};
  }
  // Runs a shard should hold but its report does not (it was interrupted).
  std::size_t expected = 0;
  for (std::size_t k = 0; k < first.suite_runs; ++k) {
    expected += file_of_shard.count(static_cast<int>(k % static_cast<std::size_t>(first.of)) + 1);
  }
  if (expected > merged.runs.size()) {
    notes.push_back(report::count_of(expected - merged.runs.size(), "run", "runs") + " of the shards merged " +
                    (expected - merged.runs.size() == 1 ? "is" : "are") +
                    " not in their reports (a shard interrupted before it finished)");
  }

  CombinedReport combined;
  for (const auto& run : merged.runs) combined.add(run);
  merged.combined = combined.report();
  merged.combined.notes.insert(merged.combined.notes.begin(), notes.begin(), notes.end());
  merged.merge_notes = std::move(notes);
  return merged;
}

}  // namespace silentcors::runs
