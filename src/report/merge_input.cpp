#include "report/merge_input.h"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "report/json_report.h"
#include "report/text_escape.h"

namespace silentcors::report {
namespace {

using nlohmann::json;
using Outcome = RequestVerdict::Outcome;

// The names of verdict outcomes in "requests" (kIgnored is never written:
// the aggregator skips it).
constexpr std::pair<Outcome, const char*> kOutcomes[] = {
    {Outcome::kOk, "ok"},
    {Outcome::kCorsFailure, "cors-failure"},
    {Outcome::kOtherFailure, "other-failure"},
    {Outcome::kCanceled, "canceled"},
    {Outcome::kUnfinished, "unfinished"},
};

const char* outcome_text(Outcome outcome) {
  for (const auto& [o, name] : kOutcomes) {
    if (o == outcome) return name;
  }
  return "ok";
}

json strings(const std::vector<std::string>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(valid_utf8(item));
  return out;
}

// The request as written, without its count: identical ones share an entry.
json request_to_json(const RequestVerdict& v, const std::vector<std::size_t>& findings,
                     const std::vector<std::size_t>& vary_candidates) {
  json out = {{"outcome", outcome_text(v.outcome)}, {"endpoint", valid_utf8(v.endpoint)}};
  if (!v.request_headers.empty()) out["headers"] = strings(v.request_headers);
  if (v.cross_origin) out["crossOrigin"] = true;
  if (v.had_preflight) out["preflight"] = true;
  if (!v.other_error.empty()) out["otherError"] = valid_utf8(v.other_error);
  if (v.server_error) out["serverError"] = v.server_error;
  if (!findings.empty()) out["findings"] = findings;
  if (!vary_candidates.empty()) out["varyCandidates"] = vary_candidates;
  return out;
}

json run_to_json(const ScenarioRun& run) {
  json findings = json::array();
  std::map<std::string, std::size_t> finding_index;  // Its text -> its place in `findings`.
  json requests = json::array();
  std::map<std::string, std::size_t> request_index;
  for (const auto& verdict : run.verdicts) {
    if (verdict.outcome == Outcome::kIgnored) continue;
    const auto refs_of = [&](const std::vector<Finding>& of) {
      std::vector<std::size_t> refs;
      for (const auto& finding : of) {
        json f = finding_to_json(finding);
        auto [it, added] = finding_index.try_emplace(f.dump(), findings.size());
        if (added) findings.push_back(std::move(f));
        refs.push_back(it->second);
      }
      return refs;
    };
    const std::vector<std::size_t> refs = refs_of(verdict.findings);
    json request = request_to_json(verdict, refs, refs_of(verdict.vary_candidates));
    auto [it, added] = request_index.try_emplace(request.dump(), requests.size());
    if (added) {
      requests.push_back(std::move(request));
    } else {
      json& same = requests[it->second];
      same["count"] = same.value("count", std::uint64_t{1}) + 1;
    }
  }
  json out = {
      {"index", *run.suite_index},
      {"name", valid_utf8(run.scenario)},
      {"file", valid_utf8(run.file)},
      {"repeat", run.repeat_index},
      {"repeats", run.repeat_count},
      {"seconds", run.seconds},
      {"outcome", outcome_name(run.outcome)},
      {"failures", strings(run.failures)},
      {"tolerated", strings(run.tolerated)},
      {"error", valid_utf8(run.error)},
      {"unsettled", valid_utf8(run.unsettled)},
      {"notes", strings(run.report.notes)},
      {"findings", std::move(findings)},
      {"requests", std::move(requests)},
  };
  // Present exactly when the run was judged (failing_findings set).
  if (run.failing_findings) out["failing"] = run.failing;
  return out;
}

// Reading, with the path of every value in the error.

[[noreturn]] void wrong(const std::string& path, const std::string& what) {
  throw std::invalid_argument(path + ": " + what);
}

const json& member(const json& object, const std::string& key, const std::string& path) {
  if (!object.is_object()) wrong(path, "expected an object");
  auto it = object.find(key);
  if (it == object.end()) wrong(path + "." + key, "missing");
  return *it;
}

std::string text(const json& object, const std::string& key, const std::string& path) {
  const json& value = member(object, key, path);
  if (!value.is_string()) wrong(path + "." + key, "expected a string");
  return value.get<std::string>();
}

std::string text_or(const json& object, const std::string& key, const std::string& path) {
  return object.contains(key) ? text(object, key, path) : std::string();
}

std::uint64_t whole(const json& value, const std::string& path) {
  // Signed or unsigned: what nlohmann parses from text, or holds from an int.
  const bool ok = value.is_number_unsigned() || (value.is_number_integer() && value.get<long long>() >= 0);
  if (!ok) wrong(path, "expected a whole number >= 0");
  return value.get<std::uint64_t>();
}

std::uint64_t whole(const json& object, const std::string& key, const std::string& path) {
  return whole(member(object, key, path), path + "." + key);
}

int small_int(const json& object, const std::string& key, const std::string& path) {
  const json& value = member(object, key, path);
  if (!value.is_number_integer() || value.get<long long>() < -1000000000 || value.get<long long>() > 1000000000) {
    wrong(path + "." + key, "expected a whole number");
  }
  return static_cast<int>(value.get<long long>());
}

bool flag(const json& object, const std::string& key, const std::string& path) {
  if (!object.contains(key)) return false;
  const json& value = object.at(key);
  if (!value.is_boolean()) wrong(path + "." + key, "expected true or false");
  return value.get<bool>();
}

const json& array(const json& object, const std::string& key, const std::string& path) {
  const json& value = member(object, key, path);
  if (!value.is_array()) wrong(path + "." + key, "expected an array");
  return value;
}

std::vector<std::string> texts(const json& object, const std::string& key, const std::string& path,
                               bool optional = false) {
  std::vector<std::string> out;
  if (optional && !object.contains(key)) return out;
  const json& items = array(object, key, path);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_string()) wrong(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
    out.push_back(items[i].get<std::string>());
  }
  return out;
}

std::optional<std::string> optional_text(const json& object, const std::string& key, const std::string& path) {
  if (!object.contains(key)) return std::nullopt;
  return text(object, key, path);
}

std::optional<int> optional_int(const json& object, const std::string& key, const std::string& path) {
  if (!object.contains(key)) return std::nullopt;
  return small_int(object, key, path);
}

ScenarioRun::Outcome run_outcome(const std::string& name, const std::string& path) {
  for (auto o : {ScenarioRun::Outcome::kPassed, ScenarioRun::Outcome::kFailed, ScenarioRun::Outcome::kError}) {
    if (outcome_name(o) == name) return o;
  }
  wrong(path, "expected passed, failed or error, got \"" + name + "\"");
}

Outcome request_outcome(const std::string& name, const std::string& path) {
  for (const auto& [o, n] : kOutcomes) {
    if (name == n) return o;
  }
  wrong(path, "expected one of ok, cors-failure, other-failure, canceled, unfinished, got \"" + name + "\"");
}

ScenarioRun run_from_json(const json& j, const std::string& path) {
  ScenarioRun run;
  run.suite_index = whole(j, "index", path);
  run.scenario = text(j, "name", path);
  run.file = text(j, "file", path);
  run.repeat_index = small_int(j, "repeat", path);
  run.repeat_count = small_int(j, "repeats", path);
  const json& seconds = member(j, "seconds", path);
  if (!seconds.is_number()) wrong(path + ".seconds", "expected a number");
  run.seconds = seconds.get<double>();
  run.outcome = run_outcome(text(j, "outcome", path), path + ".outcome");
  run.failures = texts(j, "failures", path);
  run.tolerated = texts(j, "tolerated", path);
  run.error = text(j, "error", path);
  run.unsettled = text(j, "unsettled", path);
  run.report.notes = texts(j, "notes", path);

  std::vector<Finding> findings;
  const json& finding_list = array(j, "findings", path);
  for (std::size_t i = 0; i < finding_list.size(); ++i) {
    findings.push_back(finding_from_json(finding_list[i], path + ".findings[" + std::to_string(i) + "]"));
  }
  const json& requests = array(j, "requests", path);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const json& r = requests[i];
    const std::string at = path + ".requests[" + std::to_string(i) + "]";
    RequestVerdict v;
    v.outcome = request_outcome(text(r, "outcome", at), at + ".outcome");
    v.endpoint = text(r, "endpoint", at);
    v.request_headers = texts(r, "headers", at, true);
    v.cross_origin = flag(r, "crossOrigin", at);
    v.had_preflight = flag(r, "preflight", at);
    v.other_error = text_or(r, "otherError", at);
    v.server_error = optional_int(r, "serverError", at).value_or(0);
    // "findings": what the request gave; "varyCandidates": vary-origin-missing
    // that counts only once its endpoint echoes two origins (classifier.h).
    for (const auto& [member, into] : {std::pair{"findings", &v.findings}, std::pair{"varyCandidates", &v.vary_candidates}}) {
      if (!r.contains(member)) continue;
      const json& refs = array(r, member, at);
      for (std::size_t k = 0; k < refs.size(); ++k) {
        const std::string ref_at = at + "." + member + "[" + std::to_string(k) + "]";
        const std::uint64_t ref = whole(refs[k], ref_at);
        if (ref >= findings.size()) wrong(ref_at, "names finding " + std::to_string(ref) + " of " + std::to_string(findings.size()));
        into->push_back(findings[ref]);
      }
    }
    const std::uint64_t count = r.contains("count") ? whole(r, "count", at) : 1;
    if (count < 1 || count > 100000000) wrong(at + ".count", "expected 1 or more");
    for (std::uint64_t c = 0; c < count; ++c) run.verdicts.push_back(v);
  }
  if (j.contains("failing")) {
    const json& failing = array(j, "failing", path);
    for (std::size_t i = 0; i < failing.size(); ++i) {
      run.failing.push_back(whole(failing[i], path + ".failing[" + std::to_string(i) + "]"));
    }
    run.failing_findings = run.failing.size();
  }
  return run;
}

}  // namespace

json merge_input_to_json(const std::vector<ScenarioRun>& runs, const SuiteShare& share) {
  json out_runs = json::array();
  for (const auto& run : runs) {
    if (run.suite_index) out_runs.push_back(run_to_json(run));
  }
  return {
      {"version", kMergeInputVersion},
      {"suite", {{"runs", share.suite_runs}, {"fingerprint", share.fingerprint}}},
      {"shard", {{"of", share.of}, {"shards", share.shards}}},
      {"runs", std::move(out_runs)},
  };
}

MergeInput merge_input_from_json(const json& j) {
  const std::string path = "mergeInput";
  if (!j.is_object()) wrong(path, "expected an object");
  const json& version = member(j, "version", path);
  if (version != kMergeInputVersion) {
    wrong(path + ".version", "is " + version.dump() + "; this silentcors reads version " +
                                 std::to_string(kMergeInputVersion) + " (merge reports written by the same version)");
  }
  MergeInput input;
  const json& suite = member(j, "suite", path);
  input.share.suite_runs = whole(suite, "runs", path + ".suite");
  input.share.fingerprint = text(suite, "fingerprint", path + ".suite");
  const json& shard = member(j, "shard", path);
  input.share.of = small_int(shard, "of", path + ".shard");
  if (input.share.of < 1) wrong(path + ".shard.of", "expected 1 or more");
  const json& shards = array(shard, "shards", path + ".shard");
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const std::string at = path + ".shard.shards[" + std::to_string(i) + "]";
    const std::uint64_t n = whole(shards[i], at);
    if (n < 1 || n > static_cast<std::uint64_t>(input.share.of)) wrong(at, "is not a shard of " + std::to_string(input.share.of));
    input.share.shards.push_back(static_cast<int>(n));
  }
  const json& runs = array(j, "runs", path);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    input.runs.push_back(run_from_json(runs[i], path + ".runs[" + std::to_string(i) + "]"));
  }
  return input;
}

Finding finding_from_json(const json& j, const std::string& path) {
  Finding f;
  const std::string kind = text(j, "kind", path);
  auto named = finding_kind_named(kind);
  if (!named) wrong(path + ".kind", "\"" + kind + "\" is not a finding kind");
  f.kind = *named;
  f.severity = text(j, "severity", path);
  f.method = text(j, "method", path);
  f.url = text(j, "url", path);
  f.origin = text(j, "origin", path);
  f.headers = texts(j, "headers", path);
  f.occurrences = whole(j, "occurrences", path);
  f.message = text(j, "message", path);
  f.fix = text(j, "fix", path);
  if (j.contains("chrome")) {
    const json& chrome = member(j, "chrome", path);
    f.chrome = ChromeEvidence{text(chrome, "corsError", path + ".chrome"), text(chrome, "failedParameter", path + ".chrome")};
  }
  f.scenario = text_or(j, "scenario", path);
  f.status = optional_int(j, "status", path);
  if (j.contains("fixSnippet")) {
    const json& s = member(j, "fixSnippet", path);
    f.fix_snippet = Finding::Snippet{text(s, "server", path + ".fixSnippet"), text(s, "text", path + ".fixSnippet")};
  }
  if (j.contains("server")) {
    const json& s = member(j, "server", path);
    const std::string at = path + ".server";
    f.server = Finding::Server{text(s, "name", at), text(s, "confidence", at), text(s, "evidence", at)};
  }
  f.credentialed = flag(j, "credentialed", path);
  f.preflight_status = optional_int(j, "preflightStatus", path);
  f.allow_headers = optional_text(j, "allowHeaders", path);
  f.allow_methods = optional_text(j, "allowMethods", path);
  f.allow_origin = optional_text(j, "allowOrigin", path);
  f.orphan_preflight = flag(j, "orphanPreflight", path);
  f.also_fails = texts(j, "alsoFails", path, true);
  f.disagreement = text_or(j, "disagreement", path);
  f.corroboration = texts(j, "corroboration", path, true);
  // A verdict's finding has no statistics yet: the aggregator works them out.
  if (j.contains("intermittent")) wrong(path + ".intermittent", "unexpected in a request's finding");
  f.sources = texts(j, "sources", path, true);
  return f;
}

}  // namespace silentcors::report
