#include "cli/commands.h"

namespace silentcors::cli {

namespace {

std::vector<OptionSpec> with_browser_options(std::vector<OptionSpec> options) {
  for (auto& option : browser_options()) options.push_back(std::move(option));
  return options;
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"analyze", "RECORDING.jsonl...",
       "explain the CORS failures in recordings (offline: no browser needed); each recording is counted on its own",
       {
           {"--json", "FILE", "also write the JSON report (schemaVersion 1) to FILE, and report.html beside it"},
           {"--html", "FILE", "also write the HTML report (one self-contained page: findings, each recording's requests) to FILE"},
           {"--out", "DIR", "also write the HTML report as DIR/report.html"},
           {"--server", "ORIGIN=KIND", "who answers ORIGIN (nginx, express, starlette, django, ...; several: a,b): the fix snippet is in its language"},
           {"--runs-of", "NAME", "the recordings are runs of one scenario (run/triage --record): count them "
                                 "together, run by run, as that scenario's"},
       },
       analyze_command},
      {"run", "SCENARIO.json...",
       "run QA scenarios in headless Chromium; report every refused header as a failing test (JUnit, Markdown, JSON)",
       with_browser_options({
           {"--repeat", "N", "run each scenario N times (overrides its \"repeat\"), each in a fresh browser context"},
           {"--out", "DIR", "where report.json, junit.xml, summary.md and report.html go (default: reports)"},
           {"--json", "FILE", "write the JSON report (schemaVersion 1) here instead of DIR/report.json"},
           {"--junit", "FILE", "write the JUnit XML here instead of DIR/junit.xml"},
           {"--html", "FILE", "write the HTML report (self-contained: open it from a CI artefact) here instead of DIR/report.html"},
           {"--codequality", "FILE", "also write GitLab's Code Quality JSON (on GitHub Actions, findings become annotations by themselves)"},
           {"--record", "DIR", "also save each run's DevTools events as DIR/<scenario>[-<repeat>].jsonl"},
           {"--grep", "PATTERN", "run only scenarios whose name contains PATTERN (case-insensitive)"},
           {"--shard", "I/N", "run the I-th of N equal shares of the suite's runs (each scenario repeat is one run), for N CI machines; "
                                "`silentcors merge` combines their report.json files"},
           {"--server", "ORIGIN=KIND", "who answers ORIGIN (nginx, express, starlette, django, ...; several: a,b): the fix snippet is in its language"},
           {"--workers", "N", "run N runs side by side, each worker with a browser of its own (default 1; with "
                              "--grid, the Grid's free Chromium slots); the reports are the same as one worker's"},
           grid_option(),
       }),
       run_command},
      {"triage", "SCENARIO.json",
       "repeat a flaky scenario until the cause is proven: which header, how often, the fix",
       with_browser_options({
           {"--runs", "N", "at most N runs (default 40); stops earlier once the verdict is settled (p < 0.001)"},
           {"--json", "FILE", "write the JSON report, with the intermittency statistics and the verdict, and report.html beside it"},
           {"--html", "FILE", "write the HTML report (flake rate chart, 2x2 tables, each run's outcome and requests) to FILE"},
           {"--out", "DIR", "write the HTML report as DIR/report.html"},
           {"--sample-ratio", "R", "override the scenario's tracing.sampleRatio (0 to 1)"},
           {"--workers", "N", "run N repeats side by side, each in its own browser context (default: from the machine, "
                              "up to 4; with --grid, the Grid's free Chromium slots, a session each)"},
           {"--isolation", "page|context", "page: one page per worker, reset between runs (default, fastest); "
                                   "context: a fresh browser context per run"},
           {"--no-early-stop", "", "always do all N runs"},
           {"--server", "ORIGIN=KIND", "who answers ORIGIN (nginx, express, starlette, django, ...; several: a,b): the fix snippet is in its language"},
           {"--record", "DIR", "also save each run's DevTools events as DIR/<scenario>-<run>.jsonl (for analyze)"},
           grid_option(),
       }),
       triage_command},
      {"audit", "TARGET...",
       "before tracing ships: will every endpoint the pages call (TARGET: a URL or a SCENARIO.json) accept each "
       "tracing SDK's headers? A matrix of endpoints by SDKs, with the fix",
       with_browser_options({
           {"--sdk", "LIST", "the SDKs to rehearse, comma-separated (default: all): otel, faro, datadog, sentry, "
                             "newrelic, xray, elastic, dynatrace"},
           {"--sdk-config", "FILE", "the team's propagation settings, read with each SDK's own matching: "
                                    "{\"datadog\": {\"allowedTracingUrls\": [\"https://api.example\", \"/re/i\"]}}; "
                                    "without it every request is decorated"},
           {"--out", "DIR", "where report.json, junit.xml, summary.md and report.html go (default: reports)"},
           {"--json", "FILE", "write the JSON report (schemaVersion 1, with \"audit\") here instead of DIR/report.json"},
           {"--junit", "FILE", "write the JUnit XML (one test case per endpoint and SDK) here instead of DIR/junit.xml"},
           {"--markdown", "FILE", "write the Markdown matrix here instead of DIR/summary.md"},
           {"--html", "FILE", "write the HTML report here instead of DIR/report.html"},
           {"--record", "DIR", "also save each run's DevTools events as DIR/<target>-<sdk>.jsonl"},
           {"--server", "ORIGIN=KIND", "who answers ORIGIN (nginx, express, starlette, django, ...; several: a,b): the fix snippet is in its language"},
       }),
       audit_command},
      {"logs", "ACCESS_LOG...",
       "the server's side: pair every OPTIONS in access logs (nginx/Apache combined, JSON lines, ALB, CloudFront or --format; plain, .gz or - for stdin) with "
       "the request it announced, and name the endpoints whose preflights go unanswered more often than the others'",
       {
           {"--format", "F", "the logs' format: combined (default; common reads too), caddy (Caddy's JSON access log), "
                             "json (JSON lines with nginx-like field names), alb (AWS Application Load Balancer), "
                             "cloudfront (CloudFront's standard log), "
                             "or the server's own format "
                             "string as in its config: nginx's log_format ('$remote_addr ... \"$http_access_control_request_headers\"') "
                             "or Apache's LogFormat (%h ... \\\"%{Access-Control-Request-Headers}i\\\")"},
           {"--window", "MS", "how long after its preflight a request still counts as its follow-up (default 5000)"},
           {"--bucket", "DURATION", "the width of the time buckets orphan rates are also counted by: 30s, 15m, 1h, 1d "
                                    "(default 1h)"},
           {"--out", "DIR", "where report.json and report.html go (default: reports)"},
           {"--json", "FILE", "write the JSON report (schemaVersion 1, with \"logs\") here instead of DIR/report.json"},
           {"--html", "FILE", "write the HTML report (each endpoint's orphan rate by time as a chart) here instead of "
                              "beside the JSON report"},
           {"--sql", "DIALECT", "read no file: print the query that computes the same per-endpoint table where ALB or "
                                "CloudFront logs already are (--format alb|cloudfront; athena or duckdb)"},
           {"--table", "NAME", "the table --sql reads (default: alb_access_logs or cloudfront_standard_logs, as AWS's "
                               "Athena guide creates them)"},
       },
       logs_command},
      {"record", "URL --out RECORDING.jsonl",
       "open URL in headless Chromium and save every DevTools event of the page",
       with_browser_options({
           {"--out", "RECORDING.jsonl", "where to write the recording (JSON Lines, one CDP event per line)"},
           {"--timeout", "S", "give up waiting for the network to go idle after S seconds (default 30)"},
           {"--idle", "MS", "the network counts as idle after MS ms with no request in flight (default 500)"},
       }),
       record_command},
      {"watch", "",
       "run your own suite (Playwright, Puppeteer, Selenium...) against a Chromium silentcors watches; report every "
       "page it visited",
       with_browser_options({
           {"--out", "DIR", "where report.json, junit.xml, summary.md and report.html go (default: reports)"},
           {"--json", "FILE", "write the JSON report (schemaVersion 1) here instead of DIR/report.json"},
           {"--junit", "FILE", "write the JUnit XML here instead of DIR/junit.xml"},
           {"--html", "FILE", "write the HTML report (self-contained: open it from a CI artefact) here instead of DIR/report.html"},
           {"--codequality", "FILE", "also write GitLab's Code Quality JSON (on GitHub Actions, findings become annotations by themselves)"},
           {"--record", "DIR", "also save each page visit's DevTools events as DIR/<NNN>-<page>.jsonl"},
       }),
       watch_command, "-- COMMAND [ARGS...]"},
      {"merge", "REPORT.json...",
       "combine the report.json of each shard (run --shard I/N) into the reports one unsharded run gives; exit code "
       "as that run's",
       {
           {"--out", "DIR", "where report.json, junit.xml, summary.md and report.html go (default: reports)"},
           {"--json", "FILE", "write the merged JSON report here instead of DIR/report.json"},
           {"--junit", "FILE", "write the merged JUnit XML here instead of DIR/junit.xml"},
           {"--markdown", "FILE", "write the merged Markdown summary here instead of DIR/summary.md"},
           {"--html", "FILE", "write the merged HTML report here instead of DIR/report.html"},
           {"--codequality", "FILE", "also write GitLab's Code Quality JSON of the merged findings"},
       },
       merge_command},
      {"fixture", "",
       "serve the built-in two-origin test app until interrupted (default: an API that refuses traceparent)",
       {
           {"--config", "FILE", "routes' CORS policies and pages, as in a scenario's \"fixture\" field"},
       },
       fixture_command},
  };
  return table;
}

}  // namespace silentcors::cli
