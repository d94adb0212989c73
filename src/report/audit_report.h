// `audit`'s matrix in each form a team reads it: a console table, the
// Markdown summary, report.json's "audit" (docs/report.md), JUnit (one test
// case per endpoint and SDK, failing where the SDK would be refused) and a
// section of report.html.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/audit_matrix.h"

namespace silentcors::report {

// report.json's "audit": {"sdks", "endpoints": [{method, url, origin,
// baseline, sdks {<sdk>: {verdict, headers, kind}}, fix, fixSnippet, server,
// linking}], "notes"}.
nlohmann::json audit_to_json(const AuditMatrix& matrix, const std::vector<std::string>& notes);

// One row per endpoint, one column per SDK, then each refused endpoint's
// headers and fix.
std::string audit_console(const AuditMatrix& matrix, bool color);

std::string audit_markdown(const AuditMatrix& matrix, const std::vector<std::string>& notes);

std::string audit_junit(const AuditMatrix& matrix);

std::string audit_html_section(const AuditMatrix& matrix, const std::vector<std::string>& notes);

// "ready", "refused: traceparent, tracestate", "not decorated", "not called".
std::string cell_text(const AuditCell& cell);

}  // namespace silentcors::report
