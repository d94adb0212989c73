#include "report/html_stats.h"

#include <algorithm>
#include <cstdio>

#include "report/html_escape.h"
#include "report/html_parts.h"
#include "report/report_text.h"

namespace silentcors::report {

namespace {

using html::number;

std::string two_by_two(const char* caption, const char* unit, const std::string& with, const OutcomeCounts& present,
                       const OutcomeCounts& absent) {
  auto row = [](const std::string& label, const OutcomeCounts& counts) {
    return "<tr><th scope=\"row\">" + label + "</th><td>" + std::to_string(counts.failed) + "</td><td>" +
           std::to_string(counts.ok) + "</td></tr>";
  };
  return std::string("<figure><table class=\"tt\"><caption>") + caption + "</caption><tr><th>" + unit +
         "</th><th>failed</th><th>ok</th></tr>" + row("with " + with, present) + row("without", absent) +
         "</table></figure>";
}

// The rate on a 0-100% scale: the interval as a band, the rate as a dot,
// the projection at full sampling as a diamond. Every coordinate is a
// number this function computed.
std::string rate_chart(const Intermittency& i) {
  constexpr double kLeft = 10, kWidth = 300;
  auto x = [&](double fraction) { return kLeft + kWidth * std::clamp(fraction, 0.0, 1.0); };
  std::string label = "flake rate " + percent(i.rate) + "%, 95% interval " + percent(i.rate_interval.first) + "-" +
                      percent(i.rate_interval.second) + "%";
  if (i.projected_rate_at_full_sampling) {
    label += ", at full sampling " + percent(*i.projected_rate_at_full_sampling) + "%";
  }
  std::string svg = "<figure><svg class=\"rate\" width=\"320\" height=\"48\" viewBox=\"0 0 320 48\" role=\"img\" aria-label=\"" +
                    html_text(label) + "\"><title>" + html_text(label) + "</title>";
  svg += "<line x1=\"10\" y1=\"20\" x2=\"310\" y2=\"20\" stroke=\"#999\"/>";
  for (int tick = 0; tick <= 4; ++tick) {
    const std::string tx = number(x(tick / 4.0), 1);
    svg += "<line x1=\"" + tx + "\" y1=\"16\" x2=\"" + tx + "\" y2=\"24\" stroke=\"#999\"/>";
    svg += "<text x=\"" + tx + "\" y=\"40\" font-size=\"10\" text-anchor=\"middle\" fill=\"#666\">" +
           std::to_string(tick * 25) + "%</text>";
  }
  const double lo = x(i.rate_interval.first), hi = x(i.rate_interval.second);
  svg += "<rect class=\"interval\" x=\"" + number(lo, 1) + "\" y=\"14\" width=\"" + number(std::max(hi - lo, 1.0), 1) +
         "\" height=\"12\" fill=\"#ef9a9a\" fill-opacity=\"0.7\"/>";
  svg += "<circle class=\"rate-dot\" cx=\"" + number(x(i.rate), 1) + "\" cy=\"20\" r=\"4\" fill=\"#c62828\"/>";
  if (i.projected_rate_at_full_sampling) {
    const double px = x(*i.projected_rate_at_full_sampling);
    svg += "<path class=\"projection\" d=\"M" + number(px, 1) + " 3 l5 6 l-5 6 l-5 -6 z\" fill=\"#5e35b1\"/>";
  }
  svg += "</svg><figcaption>rate " + percent(i.rate) + "% (dot), 95% Wilson interval " +
         percent(i.rate_interval.first) + "&ndash;" + percent(i.rate_interval.second) + "% (band)";
  if (i.projected_rate_at_full_sampling) {
    svg += ", at full sampling " + percent(*i.projected_rate_at_full_sampling) + "% (diamond)";
  }
  return svg + "</figcaption></figure>";
}

std::string run_strip(const Intermittency& i) {
  if (i.run_marks.size() < 2) return "";
  std::string out = "<div class=\"strip\" aria-label=\"runs in order\">";
  for (std::size_t n = 0; n < i.run_marks.size(); ++n) {
    const auto& mark = i.run_marks[n];
    std::string css;
    if (mark.failed) css += "f";
    if (mark.carried) css += css.empty() ? "c" : " c";
    const std::string title = "run " + std::to_string(n + 1) + ": " + mark.run + (mark.failed ? ": failed" : ": ok") +
                              (i.explained_by.empty() ? "" : mark.carried ? ", carried the header" : ", without the header");
    out += "<i" + (css.empty() ? std::string() : " class=\"" + css + "\"") + " title=\"" + html_text(title) + "\"></i>";
  }
  out += "</div><p class=\"legend\">Each box is a run, in order: red failed, green passed";
  if (!i.explained_by.empty()) out += "; a purple top: it carried " + html_text(join(i.explained_by, ", "));
  return out + ".</p>";
}

}  // namespace

std::string html_intermittency(const Intermittency& i) {
  std::string out = "<section class=\"intermittent\"><h4>Intermittent: " + html_text(intermittency_sentence(i)) + "</h4>";
  const std::string with = i.explained_by.empty() ? std::string("the header") : html_text(join(i.explained_by, ", "));
  out += "<div class=\"stats\">";
  if (!i.explained_by.empty()) {
    out += two_by_two("Requests", "requests", with, i.present, i.absent);
    if (i.runs) out += two_by_two("Runs", "runs", with, i.runs->present, i.runs->absent);
  } else {
    out += "<p>Not explained by any request header: " + std::to_string(i.failed) + " of " + std::to_string(i.total) +
           " requests failed" +
           (i.runs ? ", in " + std::to_string(i.runs->failed) + " of " + std::to_string(i.runs->total) + " runs" : "") +
           ".</p>";
  }
  out += rate_chart(i) + "</div>";
  std::string facts;
  if (i.p_value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", *i.p_value);
    facts += "p = " + std::string(buf) + (i.p_method.empty() ? "" : " (" + html_text(i.p_method) + ")");
  }
  if (i.projected_rate_at_full_sampling) {
    if (!facts.empty()) facts += "; ";
    facts += "if every " + std::string(i.runs ? "run" : "request") + " carried it (sample ratio 1.0): fails " +
             percent(*i.projected_rate_at_full_sampling) + "%";
  }
  if (!facts.empty()) out += "<p>" + facts + "</p>";
  return out + run_strip(i) + "</section>";
}

}  // namespace silentcors::report
