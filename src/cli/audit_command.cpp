// silentcors audit TARGET... : before tracing ships, will every endpoint the
// pages call accept each SDK's headers? Each target runs once as it is and
// once per SDK in real Chromium (a fresh context per run); the verdicts
// become one matrix, endpoints by SDKs, with one fix per refused endpoint.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/audit_matrix.h"
#include "analysis/input_error.h"
#include "browser/browser.h"
#include "browser/browser_error.h"
#include "cli/browser_config.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output_directory.h"
#include "cli/run_reports.h"
#include "cli/server_option.h"
#include "report/audit_report.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/report_text.h"
#include "report/write_file.h"
#include "runs/audit_plan.h"
#include "runs/suite_runner.h"
#include "scenario/target_hygiene.h"

namespace silentcors::cli {

namespace {

scenario::SdkConfig read_sdk_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the --sdk-config file");
  std::ostringstream text;
  text << in.rdbuf();
  return scenario::parse_sdk_config(text.str(), path);
}

std::string all_sdk_names() {
  std::string names;
  for (const auto& sdk : scenario::tracing_sdks()) names += (names.empty() ? "" : ",") + std::string(sdk.name);
  return names;
}

// What the reader must know beside the matrix: SDKs whose matching is not
// proved against the real SDK, settings that decorated nothing, runs that broke.
std::vector<std::string> audit_notes(const std::vector<const scenario::TracingSdk*>& sdks,
                                     const scenario::SdkConfig& config, const std::vector<ScenarioRun>& runs) {
  std::vector<std::string> notes;
  std::vector<std::string> everywhere, documented;
  for (const auto* sdk : sdks) {
    if (!config.by_sdk.count(sdk->name)) everywhere.emplace_back(sdk->name);
    if (!sdk->proved_in_chromium) documented.emplace_back(sdk->name);
  }
  if (!everywhere.empty()) {
    notes.push_back(report::join(everywhere, ", ") + ": no propagation setting given (--sdk-config), so every request "
                                                     "was decorated: what propagating everywhere would do");
  }
  if (!documented.empty()) {
    notes.push_back(report::join(documented, ", ") + ": headers and matching as the vendor documents them, not run "
                                                     "here beside the real SDK (otel, faro, datadog and sentry are)");
  }
  for (const auto& run : runs) {
    for (const auto& note : run.report.notes) {
      if (note.rfind("tracing rehearsal", 0) == 0 || note.find(": no request matched") != std::string::npos ||
          note.find("nothing to decorate") != std::string::npos) {
        notes.push_back(run.scenario + ": " + note);
      }
    }
    if (run.outcome == ScenarioRun::Outcome::kError) notes.push_back(run.scenario + " could not run: " + run.error);
  }
  return notes;
}

}  // namespace

int audit_command(const Args& args) {
  if (args.positionals().empty()) throw UsageError("audit needs at least one URL or SCENARIO.json");
  const auto sdks = scenario::sdks_from_list(args.value_or("--sdk", all_sdk_names()));
  scenario::SdkConfig config;
  if (auto file = args.value("--sdk-config")) config = read_sdk_config(*file);
  if (!config.errors.empty()) {
    for (const auto& error : config.errors) std::cerr << scenario::format(error) << "\n";
    std::cerr << "silentcors audit: " << report::count_of(config.errors.size(), "problem", "problems")
              << " in --sdk-config; nothing was run\n";
    return kExitBadInput;
  }
  for (const auto& [name, matching] : config.by_sdk) {
    bool asked = false;
    for (const auto* sdk : sdks) asked = asked || sdk->name == name;
    if (!asked) std::cerr << "silentcors: --sdk-config sets " << name << ", which --sdk leaves out\n";
  }
  runs::AuditRunPlan plan = runs::plan_audit(args.positionals(), sdks, config);
  if (!plan.errors.empty()) {
    for (const auto& error : plan.errors) std::cerr << error << "\n";
    std::cerr << "silentcors audit: " << report::count_of(plan.errors.size(), "problem", "problems")
              << " in the targets; nothing was run\n";
    return kExitBadInput;
  }
  const Outputs outputs = outputs_from(args);
  make_output_directories(outputs);
  const std::string record_dir = args.value_or("--record", "");
  make_directory(record_dir, "--record");

  std::cout << "auditing " << report::count_of(plan.target_names.size(), "target", "targets") << " against "
            << report::count_of(sdks.size(), "SDK", "SDKs") << " (" << plan.runs.size() << " runs)\n";
  runs::SuiteListener listener;
  listener.on_finish = [&](const ScenarioRun& run, const runs::Verdict&) {
    std::cout << "  " << run.scenario << ": ";
    if (run.outcome == ScenarioRun::Outcome::kError) {
      std::cout << "could not run: " << run.error << "\n";
      return;
    }
    std::cout << report::count_of(run.report.summary.cross_origin_requests, "cross-origin request",
                                  "cross-origin requests")
              << ", " << report::count_of(run.report.summary.cors_failures, "CORS failure", "CORS failures") << "\n";
  };
  runs::SuiteResult result;
  std::string infrastructure;
  try {
    const browser::ChromeOptions chrome = chrome_options_from(args, args.value_or("--out", "reports"));
    runs::BrowserSlot browsers([&chrome] { return std::make_unique<browser::Browser>(chrome); });
    result = runs::run_suite(browsers, plan.runs, {record_dir, server_hints_from(args)}, listener);
  } catch (const browser::BrowserError& e) {
    infrastructure = e.what();
  }

  // The runs come back in plan order (one browser, one run at a time).
  std::vector<AuditRun> audit_runs;
  std::vector<std::string> sdk_names;
  for (const auto* sdk : sdks) sdk_names.emplace_back(sdk->name);
  bool broken = !infrastructure.empty() || result.interrupted_by != 0 || result.runs.size() != plan.runs.size();
  for (std::size_t i = 0; i < result.runs.size() && i < plan.runs.size(); ++i) {
    const ScenarioRun& run = result.runs[i];
    if (run.outcome == ScenarioRun::Outcome::kError) broken = true;
    AuditRun audit_run{plan.sdk_of[i], {}, &run.verdicts, {}};
    // A target's runs come baseline first: its fixture's origins name the rows.
    const auto first = static_cast<std::size_t>(
        std::find(plan.target_of.begin(), plan.target_of.end(), plan.target_of[i]) - plan.target_of.begin());
    const auto& baseline = result.runs[first].fixture_origins;
    for (std::size_t k = 0; k < run.fixture_origins.size() && k < baseline.size(); ++k) {
      audit_run.same_as.emplace_back(run.fixture_origins[k], baseline[k]);
    }
    if (const auto* sdk = scenario::find_tracing_sdk(plan.sdk_of[i])) audit_run.sdk_headers.assign(sdk->headers.begin(), sdk->headers.end());
    audit_runs.push_back(std::move(audit_run));
  }
  AuditMatrix matrix = build_audit_matrix(sdk_names, audit_runs);
  std::map<std::string, std::string> settings;  // As written, for the third-party warnings.
  for (const auto* sdk : sdks) {
    const scenario::SdkMatching matching = scenario::matching_for(*sdk, config);
    auto warnings = scenario::target_warnings(matching);
    matrix.patterns.insert(matrix.patterns.end(), warnings.begin(), warnings.end());
    if (!matching.everywhere) settings[std::string(sdk->name)] = scenario::targets_text(matching.targets);
  }
  const auto third_parties = third_party_warnings(matrix, settings);
  matrix.patterns.insert(matrix.patterns.end(), third_parties.begin(), third_parties.end());
  std::vector<std::string> notes = audit_notes(sdks, config, result.runs);
  const bool nothing_checked = matrix.endpoints.empty();
  if (nothing_checked) {
    notes.insert(notes.begin(), "nothing was checked: no target made a cross-origin request that got an answer, so "
                                "no endpoint can be called ready");
  }
  int exit_code = matrix.any_refused() ? kExitFindings : kExitOk;
  if (broken || nothing_checked) exit_code = kExitInfrastructure;
  if (result.interrupted_by) exit_code = exit_code_for_signal(result.interrupted_by);

  nlohmann::json json = report::run_to_json(result.runs, result.combined, SILENTCORS_VERSION);
  json["audit"] = report::audit_to_json(matrix, notes);
  report::write_file(outputs.json, report::json_text(json));
  report::write_file(outputs.junit, report::audit_junit(matrix));
  report::write_file(outputs.markdown, report::audit_markdown(matrix, notes));
  report::HtmlInput html{"audit", &result.runs, &result.combined, exit_code, {}, report::audit_html_section(matrix, notes)};
  report::write_file(outputs.html, report::html_report(html));

  std::cout << "\n" << report::audit_console(matrix, use_color());
  for (const auto& note : notes) std::cout << "note: " << note << "\n";
  std::cout << "reports: " << outputs.json.string() << ", " << outputs.junit.string() << ", "
            << outputs.markdown.string() << ", " << outputs.html.string() << "\n";
  if (!infrastructure.empty()) std::cerr << "silentcors: " << infrastructure << "\n";
  return exit_code;
}

}  // namespace silentcors::cli
