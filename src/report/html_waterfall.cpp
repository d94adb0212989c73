#include "report/html_waterfall.h"

#include <algorithm>
#include <map>

#include "report/html_escape.h"
#include "report/html_parts.h"
#include "report/long_values.h"

namespace silentcors::report {

namespace {

using Outcome = TimelineRequest::Outcome;

bool failed(const TimelineRequest& r) { return r.outcome == Outcome::kCorsFailure || r.outcome == Outcome::kFailed; }

std::string status_cell(const TimelineRequest& r) {
  std::string out;
  if (!r.error_text.empty()) out = html_text(r.error_text);
  if (!r.cors_error.empty()) out += (out.empty() ? "" : " ") + std::string("CORS: ") + html_text(r.cors_error);
  if (r.status) out = std::to_string(*r.status) + (out.empty() ? "" : " " + out);
  if (out.empty()) {
    switch (r.outcome) {
      case Outcome::kCanceled: return "canceled";
      case Outcome::kPending: return "<span class=\"muted\">no answer</span>";
      default: return "";
    }
  }
  if (r.outcome == Outcome::kCanceled) out += " (canceled)";
  return out;
}

struct Scale {
  double end_ms = 0;  // The latest end of any request: the full width.
  bool usable() const { return end_ms > 0; }
};

std::string bar(const TimelineRequest& r, const Scale& scale) {
  if (!scale.usable() || !r.start_ms) return "<div class=\"track\"></div>";
  const double left = 100.0 * *r.start_ms / scale.end_ms;
  const double width = r.duration_ms ? std::max(100.0 * *r.duration_ms / scale.end_ms, 0.4) : 0.4;
  // Numbers computed here, the only thing ever put in a style attribute.
  return "<div class=\"track\"><span style=\"left:" + html::number(std::min(left, 99.6), 2) +
         "%;width:" + html::number(std::min(width, 100.0 - std::min(left, 99.6)), 2) + "%\"></span></div>";
}

std::string row(const TimelineRequest& r, std::size_t number, const char* role, const Scale& scale,
                const std::vector<Finding>& findings, const std::function<std::string(std::size_t)>& anchor_of) {
  std::string css = role;
  if (failed(r)) css += " failed";
  std::string out = "<tr data-row class=\"" + css + "\"><td class=\"n\">" + std::to_string(number) + "</td>";
  out += "<td class=\"n\">" + (r.start_ms ? html::number(*r.start_ms, 0) + " ms" : std::string("")) + "</td>";
  out += "<td class=\"n\">" + (r.duration_ms ? html::number(*r.duration_ms, 0) + " ms" : std::string("")) + "</td>";
  std::string method = html_text(r.method);
  if (r.preflight) method += " <span class=\"muted\">preflight</span>";
  out += "<td>" + method + "</td><td class=\"u url\">" + html_text(shorten_long_values(r.url)) + "</td>";
  out += "<td class=\"st\">" + status_cell(r) + "</td><td>";
  for (std::size_t index : r.findings) {
    if (index >= findings.size()) continue;
    const std::string kind(name_of(findings[index].kind));
    const std::string anchor = anchor_of(index);
    const std::string mark = "<span class=\"mark\">&#9888; " + html_text(kind) + "</span>";
    out += anchor.empty() ? mark : "<a href=\"#" + html_text(anchor) + "\">" + mark + "</a>";
    out += " ";
  }
  return out + "</td><td class=\"bar\">" + bar(r, scale) + "</td></tr>";
}

}  // namespace

std::string html_waterfall(const RunTimeline& timeline, const std::vector<Finding>& findings,
                           const std::function<std::string(std::size_t)>& anchor_of) {
  if (timeline.requests.empty()) return "<p class=\"muted\">No requests were recorded.</p>";
  Scale scale;
  for (const auto& r : timeline.requests) {
    if (r.start_ms) scale.end_ms = std::max(scale.end_ms, *r.start_ms + r.duration_ms.value_or(0));
  }
  // Preflights are drawn with the request they were for, just above it.
  std::map<std::string, std::vector<const TimelineRequest*>> preflights_of;
  std::map<std::string, bool> is_main;
  for (const auto& r : timeline.requests) {
    if (!r.preflight) is_main[r.id] = true;
  }
  for (const auto& r : timeline.requests) {
    if (r.preflight && is_main.count(r.preflight_for)) preflights_of[r.preflight_for].push_back(&r);
  }
  std::string out =
      "<table class=\"waterfall\"><thead><tr><th>#</th><th>start</th><th>duration</th><th>method</th><th>URL</th>"
      "<th>status / error</th><th>finding</th><th>time line</th></tr></thead>";
  std::size_t number = 0;
  for (const auto& r : timeline.requests) {
    if (r.preflight && is_main.count(r.preflight_for)) continue;  // Drawn with its request.
    auto pre = preflights_of.find(r.id);
    if (pre == preflights_of.end()) {
      out += "<tbody>" + row(r, ++number, r.preflight ? "pf" : "main", scale, findings, anchor_of) + "</tbody>";
      continue;
    }
    out += "<tbody class=\"pair\">";
    for (const TimelineRequest* p : pre->second) out += row(*p, ++number, "pf", scale, findings, anchor_of);
    out += row(r, ++number, "main", scale, findings, anchor_of) + "</tbody>";
  }
  out += "</table>";
  if (timeline.left_out) {
    out += "<p class=\"muted\">" + std::to_string(timeline.left_out) + " more requests are not drawn.</p>";
  }
  return out;
}

}  // namespace silentcors::report
