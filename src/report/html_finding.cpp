#include "report/html_finding.h"

#include "report/html_escape.h"
#include "report/html_parts.h"
#include "report/html_stats.h"
#include "report/report_text.h"

namespace silentcors::report {

namespace {

std::string fact(const std::string& label, const std::string& escaped_value) {
  return "<dt>" + html_text(label) + "</dt><dd>" + escaped_value + "</dd>";
}

// A list value as the server sent it, item by item; `refused` items (the
// method a preflight did not allow) in red.
std::string sent_list(const std::optional<std::string>& value, const std::string& refused = "") {
  if (!value) return "<span class=\"hdr none\">not sent</span>";
  const auto items = html::list_items(*value);
  if (items.empty()) return "<span class=\"hdr none\">empty</span>";
  std::string out;
  for (const auto& item : items) out += html::chip(item, item == refused ? "refused" : "allowed");
  return out;
}

// Kinds whose point is the request headers against Allow-Headers: for them
// an absent Allow-Headers is worth saying ("not sent").
bool about_request_headers(const Finding& f) {
  return f.kind == FindingKind::kHeaderNotAllowed || f.kind == FindingKind::kAuthorizationWildcard;
}

}  // namespace

std::string html_header_comparison(const Finding& f) {
  std::string out;
  if (!f.headers.empty()) {
    std::string chips;
    for (const auto& h : f.headers) chips += html::chip(h, "refused");
    const bool request_side = about_request_headers(f) || f.allow_headers;
    out += fact(request_side ? "Refused request headers" : "Headers", chips);
  }
  if (f.allow_headers || about_request_headers(f)) {
    out += fact("Server's Access-Control-Allow-Headers", sent_list(f.allow_headers));
  }
  if (f.allow_methods || f.kind == FindingKind::kMethodNotAllowed) {
    out += fact("Server's Access-Control-Allow-Methods",
                sent_list(f.allow_methods, f.kind == FindingKind::kMethodNotAllowed ? f.method : ""));
  }
  if (f.allow_origin) out += fact("Server's Access-Control-Allow-Origin", "<code>" + html_text(*f.allow_origin) + "</code>");
  return out;
}

std::string html_finding_card(const Finding& f, const std::string& anchor) {
  const std::string kind(name_of(f.kind));
  const bool error = f.severity == "error";
  std::string out = "<article class=\"card finding" + std::string(error ? " error" : "") + "\" id=\"" +
                    html_text(anchor) + "\" data-filter=\"finding\" data-outcome=\"" +
                    std::string(html::finding_outcome(f)) + "\" data-kinds=\"" + html_text(kind) + "\">";
  out += "<h3><span class=\"sev" + std::string(error ? " error" : "") + "\">" + html_text(f.severity) +
         "</span> <span class=\"kind\">" + html_text(kind) + "</span> <span class=\"url\">" +
         html_text(f.method + " " + f.url) + "</span></h3>";
  out += "<p class=\"message\">" + html_text(f.message) + "</p><dl class=\"facts\">";
  out += html_header_comparison(f);
  if (!f.origin.empty()) out += fact("Page origin", "<code>" + html_text(f.origin) + "</code>");
  if (const std::string s = preflight_sentence(f); !s.empty()) out += fact("Server answered", html_text(s));
  if (f.status && f.status != f.preflight_status) out += fact("HTTP status", std::to_string(*f.status));
  if (f.chrome) {
    std::string said = html_text(chrome_sentence(f)) + "<br><code>corsError: " + html_text(f.chrome->cors_error) +
                       "</code>";
    if (!f.chrome->failed_parameter.empty()) {
      said += " <code>failedParameter: " + html_text(f.chrome->failed_parameter) + "</code>";
    }
    out += fact("Chromium said", said);
  }
  if (!f.corroboration.empty()) {
    std::string lines;
    for (const auto& line : f.corroboration) lines += (lines.empty() ? "" : "<br>") + html_text(line);
    out += fact("Also reported by Chromium", lines);
  }
  if (!f.disagreement.empty()) out += fact("Disagreement", html_text(f.disagreement));
  if (const std::string s = orphan_sentence(f); !s.empty()) out += fact("Server logs", html_text(s));
  for (const auto& also : f.also_fails) out += fact("Fails next", html_text(also));
  std::string seen = count_of(f.occurrences, "occurrence", "occurrences");
  if (!f.scenario.empty()) seen += " in " + f.scenario;
  out += fact("Seen", html_text(seen));
  if (!f.sources.empty()) out += fact("In", html_text(join(f.sources, ", ")));
  out += fact("Fix", "<strong>" + html_text(f.fix) + "</strong>");
  out += "</dl>";
  if (f.fix_snippet) {
    const bool known = f.server && f.server->confidence != "unknown";
    out += known ? "<p>Fix for <b>" + html_text(f.fix_snippet->server) + "</b> (" + html_text(f.server->evidence) +
                       "):</p>"
                 : std::string("<p>Fix, as headers (server unknown: <code>--server ORIGIN=KIND</code> names it):</p>");
    out += "<pre class=\"snippet\">" + html_text(f.fix_snippet->text) + "</pre>";
  }
  if (f.intermittent) out += html_intermittency(*f.intermittent);
  return out + "</article>";
}

std::string html_finding_line(const Finding& f, const std::string& anchor) {
  const bool error = f.severity == "error";
  std::string out = "<li class=\"ref\"><span class=\"sev" + std::string(error ? " error" : "") + "\">" +
                    html_text(f.severity) + "</span> <span class=\"kind\">" + html_text(name_of(f.kind)) +
                    "</span> <span class=\"url\">" + html_text(f.method + " " + f.url) + "</span>";
  out += "<dl class=\"facts\">" + html_header_comparison(f);
  if (const std::string chrome = chrome_sentence(f); !chrome.empty()) out += fact("Chromium said", html_text(chrome));
  out += fact("Fix", html_text(f.fix)) + "</dl>";
  if (!anchor.empty()) out += "<a href=\"#" + html_text(anchor) + "\">the finding, its snippet and statistics</a>";
  return out + "</li>";
}

}  // namespace silentcors::report
