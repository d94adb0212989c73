// Findings and runs the writer tests share: the classic traced POST refused
// by its preflight, intermittent because a sampler adds the trace headers,
// and a response-side warning.
#pragma once

#include "analysis/report_model.h"
#include "analysis/scenario_run.h"

namespace silentcors::report::testing {

inline Finding traced_post_refused() {
  Finding f;
  f.kind = FindingKind::kHeaderNotAllowed;
  f.severity = "error";
  f.method = "POST";
  f.url = "http://127.0.0.1:8002/api/orders";
  f.origin = "http://127.0.0.1:8001";
  f.headers = {"traceparent", "tracestate"};
  f.chrome = ChromeEvidence{"HeaderDisallowedByPreflightResponse", "traceparent"};
  f.occurrences = 11;
  f.scenario = "checkout";
  f.message =
      "The preflight response's Access-Control-Allow-Headers does not list traceparent, "
      "tracestate.";
  f.fix =
      "Add traceparent, tracestate to Access-Control-Allow-Headers in the OPTIONS response "
      "for http://127.0.0.1:8002/api/orders.";
  f.preflight_status = 204;
  f.allow_headers = "content-type";
  f.allow_methods = "GET, POST";
  f.allow_origin = "http://127.0.0.1:8001";
  f.orphan_preflight = true;
  f.also_fails = {"method-not-allowed: PUT is not in Access-Control-Allow-Methods"};
  f.corroboration = {"Audits CorsIssue", "console: Request header field traceparent is not allowed"};
  f.sources = {"checkout run 1", "checkout run 2"};
  Intermittency i;
  i.failed = 11;
  i.total = 40;
  i.explained_by = {"traceparent"};
  i.present = {11, 0};
  i.absent = {0, 29};
  i.p_value = 4.3e-10;
  i.rate = 0.275;
  i.rate_interval = {0.161, 0.428};
  i.projected_rate_at_full_sampling = 1.0;
  f.intermittent = i;
  return f;
}

// The smallest finding: no Chromium evidence, no extras.
inline Finding header_not_exposed() {
  Finding f;
  f.kind = FindingKind::kHeaderNotExposed;
  f.severity = "warning";
  f.method = "GET";
  f.url = "http://127.0.0.1:8002/api/cart";
  f.origin = "http://127.0.0.1:8001";
  f.headers = {"x-request-id"};
  f.occurrences = 1;
  f.message = "JavaScript reads x-request-id as null: it is not in Access-Control-Expose-Headers.";
  f.fix = "Add x-request-id to Access-Control-Expose-Headers on http://127.0.0.1:8002/api/cart.";
  return f;
}

inline Report failing_report() {
  Report r;
  r.summary.requests = 3;
  r.summary.preflights = 2;
  r.summary.failed_requests = 3;
  r.summary.cors_failures = 1;
  r.summary.findings = 2;
  r.summary.errors = 1;
  r.summary.warnings = 1;
  r.summary.other_failures = {{"net::ERR_CONNECTION_REFUSED", 2}};
  r.findings = {traced_post_refused(), header_not_exposed()};
  return r;
}

inline ScenarioRun passed_run(int index = 1, int count = 1) {
  ScenarioRun run;
  run.scenario = "checkout";
  run.file = "scenarios/checkout.json";
  run.repeat_index = index;
  run.repeat_count = count;
  run.seconds = 1.25;
  run.outcome = ScenarioRun::Outcome::kPassed;
  run.report.summary.requests = 3;
  run.report.summary.cross_origin_requests = 2;
  return run;
}

inline ScenarioRun failed_run(int index = 1, int count = 1) {
  ScenarioRun run = passed_run(index, count);
  run.outcome = ScenarioRun::Outcome::kFailed;
  run.report = failing_report();
  run.failures = {"header-not-allowed is an error finding and no allow entry covers it"};
  return run;
}

inline ScenarioRun error_run() {
  ScenarioRun run = passed_run();
  run.scenario = "login";
  run.file = "scenarios/login.json";
  run.seconds = 0.3;
  run.outcome = ScenarioRun::Outcome::kError;
  run.report = Report{};
  run.error = "Chromium exited with signal 9 before the page loaded";
  return run;
}

}  // namespace silentcors::report::testing
