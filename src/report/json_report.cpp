#include "report/json_report.h"

#include "report/text_escape.h"

namespace silentcors::report {
namespace {

using nlohmann::json;

json strings(const std::vector<std::string>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(valid_utf8(item));
  return out;
}

json counts(const OutcomeCounts& c) { return {{"failed", c.failed}, {"ok", c.ok}}; }

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

json intermittency_to_json(const Intermittency& i) {
  json out = {
      {"failed", i.failed},
      {"total", i.total},
      {"explainedBy", strings(i.explained_by)},
      {"present", counts(i.present)},
      {"absent", counts(i.absent)},
      {"pValue", optional_number(i.p_value)},
      {"rate", i.rate},
      {"rateInterval", json::array({i.rate_interval.first, i.rate_interval.second})},
      {"projectedRateAtFullSampling", optional_number(i.projected_rate_at_full_sampling)},
  };
  if (!i.p_method.empty()) {
    out["pMethod"] = i.p_method;
    out["pAdjustment"] = {{"headerSets", i.candidates}, {"looks", i.looks}};
  }
  if (i.p_unadjusted) out["pUnadjusted"] = *i.p_unadjusted;
  if (i.runs) {
    out["runs"] = {{"failed", i.runs->failed},
                   {"total", i.runs->total},
                   {"present", counts(i.runs->present)},
                   {"absent", counts(i.runs->absent)}};
  }
  return out;
}

}  // namespace

json finding_to_json(const Finding& f) {
  json out = {
      {"kind", name_of(f.kind)},
      {"severity", valid_utf8(f.severity)},
      {"method", valid_utf8(f.method)},
      {"url", valid_utf8(f.url)},
      {"origin", valid_utf8(f.origin)},
      {"headers", strings(f.headers)},
      {"occurrences", f.occurrences},
      {"message", valid_utf8(f.message)},
      {"fix", valid_utf8(f.fix)},
  };
  if (f.chrome) {
    out["chrome"] = {{"corsError", valid_utf8(f.chrome->cors_error)},
                     {"failedParameter", valid_utf8(f.chrome->failed_parameter)}};
  }
  if (!f.scenario.empty()) out["scenario"] = valid_utf8(f.scenario);
  if (f.status) out["status"] = *f.status;
  if (f.fix_snippet) out["fixSnippet"] = {{"server", f.fix_snippet->server}, {"text", valid_utf8(f.fix_snippet->text)}};
  if (f.server) {
    out["server"] = {{"name", f.server->name},
                     {"confidence", f.server->confidence},
                     {"evidence", valid_utf8(f.server->evidence)}};
  }
  if (f.credentialed) out["credentialed"] = true;
  if (f.preflight_status) out["preflightStatus"] = *f.preflight_status;
  if (f.allow_headers) out["allowHeaders"] = valid_utf8(*f.allow_headers);
  if (f.allow_methods) out["allowMethods"] = valid_utf8(*f.allow_methods);
  if (f.allow_origin) out["allowOrigin"] = valid_utf8(*f.allow_origin);
  if (f.orphan_preflight) out["orphanPreflight"] = true;
  if (!f.also_fails.empty()) out["alsoFails"] = strings(f.also_fails);
  if (!f.disagreement.empty()) out["disagreement"] = valid_utf8(f.disagreement);
  if (!f.corroboration.empty()) out["corroboration"] = strings(f.corroboration);
  if (f.intermittent) out["intermittent"] = intermittency_to_json(*f.intermittent);
  if (!f.sources.empty()) out["sources"] = strings(f.sources);
  return out;
}

namespace {

json summary_to_json(const Summary& s) {
  json other = json::object();
  for (const auto& [error_text, count] : s.other_failures) other[valid_utf8(error_text)] = count;
  return {
      {"requests", s.requests},
      {"failedRequests", s.failed_requests},
      {"corsFailures", s.cors_failures},
      {"canceledRequests", s.canceled_requests},
      {"crossOriginRequests", s.cross_origin_requests},
      {"findings", s.findings},
      {"preflights", s.preflights},
      {"errors", s.errors},
      {"warnings", s.warnings},
      {"otherFailures", other},
  };
}

json run_entry(const ScenarioRun& run) {
  return {
      {"name", valid_utf8(run.scenario)},
      {"file", valid_utf8(run.file)},
      {"repeat", run.repeat_index},
      {"repeats", run.repeat_count},
      {"seconds", run.seconds},
      {"outcome", outcome_name(run.outcome)},
      {"findings", run.report.findings.size()},
      {"failures", strings(run.failures)},
      {"tolerated", strings(run.tolerated)},
      {"error", valid_utf8(run.error)},
  };
}

}  // namespace

std::string_view outcome_name(ScenarioRun::Outcome outcome) {
  switch (outcome) {
    case ScenarioRun::Outcome::kPassed: return "passed";
    case ScenarioRun::Outcome::kFailed: return "failed";
    case ScenarioRun::Outcome::kError: return "error";
  }
  return "error";
}

json report_to_json(const Report& report, std::string_view tool_version) {
  json findings = json::array();
  for (const auto& f : report.findings) findings.push_back(finding_to_json(f));
  return {
      {"schemaVersion", kSchemaVersion},
      {"tool", {{"name", "silentcors"}, {"version", valid_utf8(tool_version)}}},
      {"summary", summary_to_json(report.summary)},
      {"findings", std::move(findings)},
      {"notes", strings(report.notes)},
  };
}

json run_to_json(const std::vector<ScenarioRun>& runs, const Report& combined,
                 std::string_view tool_version) {
  json out = report_to_json(combined, tool_version);
  json scenarios = json::array();
  for (const auto& run : runs) scenarios.push_back(run_entry(run));
  out["scenarios"] = std::move(scenarios);
  return out;
}

std::string json_text(const json& json) {
  return json.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace silentcors::report
