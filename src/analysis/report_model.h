// The one report model every writer (console, JSON, JUnit, Markdown) reads.
// Field names follow the report contract: docs/report.md and docs/report.schema.json.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/finding_kind.h"

namespace silentcors {

// Requests of one endpoint split by whether they carried a header.
struct OutcomeCounts {
  uint64_t failed = 0;
  uint64_t ok = 0;
};

// The runs (page loads) that called one endpoint: how many failed, split
// by whether any of their requests carried the explaining header(s).
struct RunTable {
  uint64_t failed = 0;
  uint64_t total = 0;
  OutcomeCounts present;
  OutcomeCounts absent;
};

// Present on a finding whose failures come and go (docs/report.md, "intermittent").
// Counts belong to one scenario (one recording in `analyze`).
struct Intermittency {
  uint64_t failed = 0;  // Requests.
  uint64_t total = 0;
  // Headers whose presence explains the failures; several when they always
  // travel together. Empty: the failures are not explained by any header.
  std::vector<std::string> explained_by;
  OutcomeCounts present;  // Requests with the explaining header(s); zero when unexplained.
  OutcomeCounts absent;
  // Valid when requests cluster by run, and adjusted (Bonferroni) for the
  // header sets tried and for the looks of triage's early stop: below the
  // report's bar (kExplainedBelow) it explains the failures.
  std::optional<double> p_value;
  std::string p_method;              // The test: fisher-runs, stratified-exact-by-run, fisher-requests.
  std::optional<double> p_unadjusted;
  uint64_t candidates = 0;           // Header sets tried.
  uint64_t looks = 1;                // Looks the stopping rule may take.
  // With more than one run: the fraction of RUNS that failed (what a suite
  // owner sees as the flake rate); with one, of requests.
  double rate = 0;
  std::pair<double, double> rate_interval{0, 1};  // Wilson 95%
  // The failure rate if every request (run) carried the header(s): what a
  // sample ratio of 1.0 would do.
  std::optional<double> projected_rate_at_full_sampling;
  std::optional<RunTable> runs;  // With more than one run.
  // Run by run, in run order: did it fail, did it carry the explaining
  // header(s). For the HTML report's strip; not in report.json.
  struct RunMark {
    std::string run;  // The source's label.
    bool failed = false;
    bool carried = false;
  };
  std::vector<RunMark> run_marks;
};

// What Chromium itself said (Network.loadingFailed corsErrorStatus).
struct ChromeEvidence {
  std::string cors_error;
  std::string failed_parameter;
};

struct Finding {
  FindingKind kind = FindingKind::kOtherCors;  // Its report name: name_of(kind).
  std::string severity;  // "error" or "warning"
  std::string method;
  std::string url;
  std::string origin;
  std::vector<std::string> headers;  // EVERY refused request header, lower-case, sorted
  std::optional<ChromeEvidence> chrome;
  uint64_t occurrences = 1;
  std::string scenario;  // Set by `run`.
  std::string message;   // One sentence in plain words.
  std::string fix;       // What to change, where.
  // The fix in the configuration language of the server that answered
  // (fixSnippet), and who that is and how sure (server).
  struct Snippet {
    std::string server;
    std::string text;
  };
  std::optional<Snippet> fix_snippet;
  struct Server {
    std::string name;
    std::string confidence;  // stated, certain, likely
    std::string evidence;
  };
  std::optional<Server> server;
  bool credentialed = false;  // Inferred: only judging it with credentials reproduces Chromium.

  // The HTTP status of the response the failing check ran on (preflight or
  // actual): a CORS error on a 500 hides the real failure.
  std::optional<int> status;

  // Evidence beyond the contract's fields.
  std::optional<int> preflight_status;
  std::optional<std::string> allow_headers;  // The preflight's Access-Control-Allow-Headers, as sent.
  std::optional<std::string> allow_methods;
  std::optional<std::string> allow_origin;
  // The server answered the OPTIONS and never saw the request it was for:
  // what backend logs show.
  bool orphan_preflight = false;
  // What will fail next once this is fixed (our rules see past Chromium's first error).
  std::vector<std::string> also_fails;
  // Where our rules and Chromium disagree, both are kept and this says how.
  std::string disagreement;
  // Corroboration: Audits CorsIssue, console "cors" messages.
  std::vector<std::string> corroboration;
  std::optional<Intermittency> intermittent;
  std::vector<std::string> sources;  // Recordings or scenario runs it was seen in.
};

// One request of a run as the HTML report draws it on a waterfall. Not in
// report.json: it is as long as the page's request list.
struct TimelineRequest {
  enum class Outcome { kOk, kCorsFailure, kFailed, kCanceled, kPending };
  std::string id;  // Chromium's requestId, unique within the run.
  // Milliseconds from the run's first request; absent when the recording
  // has no timestamps (a protocol log from another client may not).
  std::optional<double> start_ms;
  std::optional<double> duration_ms;  // To its end, else to its response.
  std::string method;
  std::string url;
  std::string type;  // Fetch, XHR, Preflight, Document...
  std::optional<int> status;
  std::string error_text;  // net::ERR_FAILED...
  std::string cors_error;  // Chromium's corsError, when CORS failed it.
  Outcome outcome = Outcome::kPending;
  bool preflight = false;
  std::string preflight_for;      // A preflight: the id of the request it was for.
  std::vector<size_t> findings;  // Indexes into the Report's findings this request produced.
};

// The requests of one run (one recording, one scenario repeat, one page
// visit), by start time.
struct RunTimeline {
  std::string source;  // The run's label, as in Finding::sources.
  std::vector<TimelineRequest> requests;
  uint64_t left_out = 0;  // Requests past the cap (kept compact for huge recordings).
};

struct Summary {
  uint64_t requests = 0;         // Main requests (preflights not counted)
  uint64_t preflights = 0;
  uint64_t failed_requests = 0;  // Every failure, CORS or not, and HTTP 5xx answers
  uint64_t cors_failures = 0;
  uint64_t canceled_requests = 0;  // Aborted by the page (AbortController, navigation).
  uint64_t cross_origin_requests = 0;  // Fetch/XHR to another origin: what CORS applies to.
  uint64_t findings = 0;
  uint64_t errors = 0;    // Findings of severity error
  uint64_t warnings = 0;  // Findings of severity warning
  // Non-CORS failures by errorText (net::ERR_CONNECTION_REFUSED: 2, ...)
  // and server errors by status ("HTTP 503": 1):
  // counted, never reported as CORS findings.
  std::map<std::string, uint64_t> other_failures;
};

struct Report {
  Summary summary;
  std::vector<Finding> findings;
  // Things the user should know about the input itself (a truncated
  // recording, a tracing pattern that matched nothing).
  std::vector<std::string> notes;
  // Per run, its requests on a time line (HTML report); empty where the
  // analysis was asked not to keep them (the combined report of a suite).
  std::vector<RunTimeline> timelines;
};

}  // namespace silentcors
