#include "report/audit_report.h"

#include <algorithm>

#include "report/html_escape.h"
#include "report/report_text.h"
#include "report/text_escape.h"

namespace silentcors::report {

namespace {

std::string joined(const std::vector<std::string>& items) { return join(items, ", "); }

std::string endpoint_name(const AuditEndpoint& e) { return e.method + " " + e.url; }

nlohmann::json cell_json(const AuditCell& cell) {
  nlohmann::json out = {{"verdict", cell.verdict}, {"headers", cell.headers}};
  out["kind"] = cell.kind.empty() ? nlohmann::json(nullptr) : nlohmann::json(cell.kind);
  return out;
}

// Refused endpoints first (what blocks the rollout), then the rest as sorted.
std::vector<const AuditEndpoint*> in_report_order(const AuditMatrix& matrix) {
  std::vector<const AuditEndpoint*> rows;
  for (const auto& e : matrix.endpoints) rows.push_back(&e);
  const auto refused = [](const AuditEndpoint* e) {
    return std::any_of(e->sdks.begin(), e->sdks.end(), [](const auto& c) { return c.second.verdict == kAuditRefused; });
  };
  std::stable_partition(rows.begin(), rows.end(), refused);
  return rows;
}

bool any_refused(const AuditEndpoint& e) {
  return std::any_of(e.sdks.begin(), e.sdks.end(), [](const auto& c) { return c.second.verdict == kAuditRefused; });
}

}  // namespace

std::string cell_text(const AuditCell& cell) {
  if (cell.verdict == kAuditRefused) return cell.headers.empty() ? "refused (" + cell.kind + ")" : "refused: " + joined(cell.headers);
  if (cell.verdict == kAuditNotDecorated) return "not decorated";
  if (cell.verdict == kAuditNotCalled) return "not called";
  return cell.verdict;
}

nlohmann::json audit_to_json(const AuditMatrix& matrix, const std::vector<std::string>& notes) {
  nlohmann::json endpoints = nlohmann::json::array();
  for (const auto& e : matrix.endpoints) {
    nlohmann::json sdks = nlohmann::json::object();
    for (const auto& sdk : matrix.sdks) sdks[sdk] = cell_json(e.sdks.at(sdk));
    nlohmann::json row = {{"method", e.method},         {"url", e.url},   {"origin", e.origin},
                          {"baseline", cell_json(e.baseline)}, {"sdks", sdks}, {"fix", nullptr},
                          {"fixSnippet", nullptr},      {"linking", e.linking.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.linking)}};
    if (!e.fix.empty()) row["fix"] = valid_utf8(e.fix);
    if (e.fix_snippet) row["fixSnippet"] = {{"server", e.fix_snippet->server}, {"text", valid_utf8(e.fix_snippet->text)}};
    if (e.server) row["server"] = {{"name", e.server->name}, {"confidence", e.server->confidence}, {"evidence", e.server->evidence}};
    endpoints.push_back(std::move(row));
  }
  nlohmann::json patterns = nlohmann::json::array();
  for (const auto& w : matrix.patterns) {
    patterns.push_back({{"sdk", w.sdk},
                        {"target", valid_utf8(w.target)},
                        {"problem", w.problem},
                        {"message", valid_utf8(w.message)},
                        {"example", w.example.empty() ? nlohmann::json(nullptr) : nlohmann::json(valid_utf8(w.example))}});
  }
  nlohmann::json out = {{"sdks", matrix.sdks},
                        {"endpoints", endpoints},
                        {"patterns", patterns},
                        {"notes", nlohmann::json::array()}};
  for (const auto& note : notes) out["notes"].push_back(valid_utf8(note));
  return out;
}

// "otel https://api.shop.example: never-matches: ..." per warning.
std::string pattern_line(const PatternWarning& w) { return w.sdk + " " + w.target + ": " + w.problem + ": " + w.message; }

std::string audit_console(const AuditMatrix& matrix, bool color) {
  std::string patterns;
  if (!matrix.patterns.empty()) patterns = "\npropagation settings:\n";
  for (const auto& w : matrix.patterns) patterns += "  " + terminal_safe(pattern_line(w)) + "\n";
  if (matrix.endpoints.empty()) return "no cross-origin request was made: nothing to audit\n" + patterns;
  const auto paint = [color](const std::string& text, const char* code) {
    return color ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
  };
  const auto rows = in_report_order(matrix);
  std::size_t width = 8;
  for (const auto* e : rows) width = std::max(width, terminal_safe(endpoint_name(*e)).size());
  width = std::min<std::size_t>(width, 60);
  std::size_t column = 8;  // The SDK name or the widest short verdict.
  for (const auto& sdk : matrix.sdks) column = std::max(column, sdk.size());
  column = std::max<std::size_t>(column, std::string("not decorated").size());
  const auto pad = [](std::string text, std::size_t n) {
    if (text.size() > n) text = text.substr(0, n - 1) + "~";
    return text + std::string(n - text.size() + 2, ' ');
  };
  std::string out = pad("endpoint", width) + pad("baseline", 10);
  for (const auto& sdk : matrix.sdks) out += pad(sdk, column);
  out += "\n";
  for (const auto* e : rows) {
    out += pad(terminal_safe(endpoint_name(*e)), width);
    const std::string base = e->baseline.verdict == kAuditRefused ? "refused" : e->baseline.verdict == kAuditReady ? "ok" : "-";
    out += pad(base, 10);
    for (const auto& sdk : matrix.sdks) {
      const AuditCell& cell = e->sdks.at(sdk);
      const std::string text = cell.verdict == kAuditRefused ? "REFUSED" : cell_text(cell);
      const std::string padded = pad(text, column);
      out += cell.verdict == kAuditRefused ? paint(padded, "31;1") : cell.verdict == kAuditReady ? paint(padded, "32") : padded;
    }
    out += "\n";
  }
  for (const auto* e : rows) {
    if (!any_refused(*e)) continue;
    out += "\n" + paint(terminal_safe(endpoint_name(*e)), "1") + " (from pages of " + terminal_safe(e->origin) + ")\n";
    for (const auto& sdk : matrix.sdks) {
      const AuditCell& cell = e->sdks.at(sdk);
      if (cell.verdict != kAuditRefused) continue;
      out += "  " + sdk + ": " + cell.kind + (cell.headers.empty() ? "" : ", refuses " + joined(cell.headers)) + "\n";
    }
    if (e->baseline.verdict == kAuditRefused) out += "  (refused without any SDK too: the pages are broken today)\n";
    if (!e->fix.empty()) out += "  fix: " + terminal_safe(e->fix) + "\n";
    if (e->fix_snippet) {
      out += "  " + terminal_safe(e->fix_snippet->server) + ":\n";
      std::string text = terminal_safe_lines(e->fix_snippet->text);
      std::size_t start = 0;
      while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out += "    " + text.substr(start, end - start) + "\n";
        start = end + 1;
      }
    }
  }
  return out + patterns;
}

std::string audit_markdown(const AuditMatrix& matrix, const std::vector<std::string>& notes) {
  std::string out = "## silentcors audit\n\n";
  if (matrix.endpoints.empty()) {
    out += "No cross-origin request was made: nothing to audit.\n";
  } else {
    out += "| endpoint | page origin | baseline |";
    for (const auto& sdk : matrix.sdks) out += " " + markdown_text(sdk) + " |";
    out += " linking |\n|---|---|---|";
    for (std::size_t i = 0; i < matrix.sdks.size(); ++i) out += "---|";
    out += "---|\n";
    for (const auto* e : in_report_order(matrix)) {
      out += "| " + markdown_code(endpoint_name(*e)) + " | " + markdown_text(e->origin) + " | " +
             markdown_text(e->baseline.verdict) + " |";
      for (const auto& sdk : matrix.sdks) {
        const AuditCell& cell = e->sdks.at(sdk);
        const std::string text = markdown_text(cell_text(cell));
        out += " " + (cell.verdict == kAuditRefused ? "**" + text + "**" : text) + " |";
      }
      out += " " + markdown_text(e->linking.empty() ? "-" : e->linking) + " |\n";
    }
    for (const auto* e : in_report_order(matrix)) {
      if (!any_refused(*e) || e->fix.empty()) continue;
      out += "\n**" + markdown_text(endpoint_name(*e)) + "**: " + markdown_text(e->fix) + "\n";
      if (e->fix_snippet) out += "\n```\n" + e->fix_snippet->text + "\n```\n";
    }
  }
  if (!matrix.patterns.empty()) out += "\n### Propagation settings\n\n";
  for (const auto& w : matrix.patterns) out += "- " + markdown_text(pattern_line(w)) + "\n";
  for (const auto& note : notes) out += "\n> " + markdown_text(note) + "\n";
  return out;
}

std::string audit_junit(const AuditMatrix& matrix) {
  std::size_t tests = 0, failures = 0, skipped = 0;
  std::string cases;
  for (const auto& e : matrix.endpoints) {
    for (const auto& sdk : matrix.sdks) {
      const AuditCell& cell = e.sdks.at(sdk);
      ++tests;
      cases += "    <testcase classname=\"" + xml_attribute("audit." + sdk) + "\" name=\"" +
               xml_attribute(endpoint_name(e) + " <- " + e.origin) + "\" time=\"0\">\n";
      if (cell.verdict == kAuditRefused) {
        ++failures;
        const std::string message = sdk + "'s headers are refused: " + cell.kind +
                                    (cell.headers.empty() ? "" : " (" + joined(cell.headers) + ")");
        cases += "      <failure message=\"" + xml_attribute(message) + "\" type=\"" + xml_attribute(cell.kind) + "\">" +
                 xml_text(message + "\nfix: " + e.fix + (e.fix_snippet ? "\n" + e.fix_snippet->text : "")) +
                 "</failure>\n";
      } else if (cell.verdict != kAuditReady) {
        ++skipped;
        cases += "      <skipped message=\"" + xml_attribute(cell_text(cell)) + "\"/>\n";
      }
      cases += "    </testcase>\n";
    }
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"silentcors audit\" tests=\"" +
         std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\">\n  <testsuite name=\"audit\" tests=\"" +
         std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(skipped) + "\">\n" + cases + "  </testsuite>\n</testsuites>\n";
}

std::string audit_html_section(const AuditMatrix& matrix, const std::vector<std::string>& notes) {
  std::string out = "<section id=\"audit\"><h2>Readiness by tracing SDK</h2>";
  if (matrix.endpoints.empty()) out += "<p>No cross-origin request was made: nothing to audit.</p>";
  if (!matrix.endpoints.empty()) {
    out += "<table class=\"matrix\"><tr><th>endpoint</th><th>page origin</th><th>baseline</th>";
    for (const auto& sdk : matrix.sdks) out += "<th>" + html_text(sdk) + "</th>";
    out += "<th>linking</th></tr>";
    for (const auto* e : in_report_order(matrix)) {
      out += "<tr><td class=\"u\"><code>" + html_text(endpoint_name(*e)) + "</code></td><td>" + html_text(e->origin) +
             "</td><td class=\"" + html_text(e->baseline.verdict) + "\">" + html_text(e->baseline.verdict) + "</td>";
      for (const auto& sdk : matrix.sdks) {
        const AuditCell& cell = e->sdks.at(sdk);
        out += "<td class=\"" + html_text(cell.verdict) + "\">" + html_text(cell_text(cell)) + "</td>";
      }
      out += "<td>" + html_text(e->linking.empty() ? "-" : e->linking) + "</td></tr>";
    }
    out += "</table>";
    for (const auto* e : in_report_order(matrix)) {
      if (!any_refused(*e) || e->fix.empty()) continue;
      out += "<h3><code>" + html_text(endpoint_name(*e)) + "</code></h3><p>" + html_text(e->fix) + "</p>";
      if (e->fix_snippet) {
        out += "<p class=\"muted\">" + html_text(e->fix_snippet->server) + ":</p><pre>" + html_text(e->fix_snippet->text) +
               "</pre>";
      }
    }
  }
  if (!matrix.patterns.empty()) {
    out += "<h3>Propagation settings</h3><ul>";
    for (const auto& w : matrix.patterns) {
      out += "<li><b>" + html_text(w.sdk) + "</b> <code>" + html_text(w.target) + "</code>: " + html_text(w.problem) +
             ": " + html_text(w.message) + "</li>";
    }
    out += "</ul>";
  }
  if (!notes.empty()) {
    out += "<ul>";
    for (const auto& note : notes) out += "<li>" + html_text(note) + "</li>";
    out += "</ul>";
  }
  return out + "</section>";
}

}  // namespace silentcors::report
