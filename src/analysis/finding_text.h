// The words of a finding: one plain sentence of what failed and why, and a
// concrete fix naming what to change and where. Kept apart from the
// classification logic so the two read and change separately.
#pragma once

#include <string>
#include <vector>

#include "analysis/http_headers.h"
#include "analysis/report_model.h"
#include "analysis/request_record.h"

namespace silentcors {

// `finding.status` is the status of the response the failing check ran on:
// an error status on the actual request (an upstream 500 whose response
// lost its CORS headers, as nginx's add_header without `always` does) is
// the real failure, and the words say so.
std::string failure_message(const Finding& finding, bool about_preflight, bool credentialed);
std::string failure_fix(const Finding& finding, bool about_preflight, bool credentialed);

// A warning-severity finding for a request that passed: kind is one of
// authorization-wildcard, header-not-exposed, server-timing-hidden,
// vary-origin-missing.
Finding latent_finding(FindingKind kind, const RequestRecord& main, const std::string& origin,
                       std::vector<std::string> headers);

// Response headers JavaScript cannot read but probably wants to: neither
// CORS-safelisted nor exposed, and not transport or security plumbing.
std::vector<std::string> unexposed_response_headers(const HttpHeaders& response_headers);
// Vary names Origin (or is *): a cache keeps each origin's answer apart.
bool varies_by_origin(const HttpHeaders& response_headers);
// Timing-Allow-Origin lets `origin` see Server-Timing ("*" or the origin).
bool timing_allowed(const HttpHeaders& response_headers, const std::string& origin);

// "a, b and c"
std::string join_words(const std::vector<std::string>& words);

}  // namespace silentcors
