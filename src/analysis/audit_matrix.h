// `audit`'s answer: every endpoint the pages called, against every tracing
// SDK asked for. Built from the verdicts of one baseline run (the pages as
// they are) and one run per SDK (its headers on every request it would
// decorate), per target. Pure: verdicts in, matrix out.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/classifier.h"
#include "analysis/pattern_warning.h"
#include "analysis/report_model.h"

namespace silentcors {

// A cell's verdict (report.json audit.endpoints[].sdks.<sdk>.verdict).
inline constexpr const char* kAuditReady = "ready";
inline constexpr const char* kAuditRefused = "refused";
inline constexpr const char* kAuditNotDecorated = "not-decorated";
inline constexpr const char* kAuditNotCalled = "not-called";

struct AuditCell {
  std::string verdict = kAuditNotCalled;
  std::vector<std::string> headers;  // Refused: EVERY refused request header, sorted.
  std::string kind;                  // Refused: the finding's kind.
};

struct AuditEndpoint {
  std::string method;
  std::string url;     // Without its query.
  std::string origin;  // The page's.
  // The pages as they are, no SDK: "ready" (called and passed), "refused"
  // (broken before any SDK), or "not-called".
  AuditCell baseline;
  std::map<std::string, AuditCell> sdks;
  // One fix for every SDK asked for: the union of the headers they need.
  std::string fix;
  std::optional<Finding::Snippet> fix_snippet;
  std::optional<Finding::Server> server;
  // Can the backend's trace come back to the page (RequestVerdict::linking,
  // the best any response of the endpoint showed); "" when no response passed.
  std::string linking;
};

struct AuditMatrix {
  std::vector<std::string> sdks;  // Columns, in the order asked.
  std::vector<AuditEndpoint> endpoints;  // By URL, then method, then origin.
  // Pattern hygiene: settings that do not do what the team means
  // (scenario/target_hygiene.h) and third parties decorated (below).
  std::vector<PatternWarning> patterns;
  bool any_refused() const;
};

// One run's verdicts: the baseline (sdk "") or one SDK's.
struct AuditRun {
  std::string sdk;
  std::vector<std::string> sdk_headers;  // The headers that SDK adds; empty for the baseline.
  const std::vector<RequestVerdict>* verdicts = nullptr;
  // Origins to read as others: a fixture that started on new ports for
  // this run is the same app as the baseline's ({run's origin, baseline's}).
  std::vector<std::pair<std::string, std::string>> same_as;
};

AuditMatrix build_audit_matrix(const std::vector<std::string>& sdks, const std::vector<AuditRun>& runs);

// Endpoints an SDK decorated on another site than the pages' (url_parts.h
// site_of): a third party (a payment or analytics API) that refuses the
// header breaks the flow, and gets the trace id and baggage either way.
// `settings`: each SDK's setting as written, "" when none was given.
std::vector<PatternWarning> third_party_warnings(const AuditMatrix& matrix,
                                                 const std::map<std::string, std::string>& settings);

}  // namespace silentcors
