// report.html of `silentcors logs` (logs_report.h): a page of its own, not
// the run report's, since its verdict is about endpoints and their orphan
// rates, not about findings in a browser.
#include <algorithm>

#include "report/html_escape.h"
#include "report/html_parts.h"
#include "report/html_report.h"
#include "report/logs_report.h"
#include "report/report_text.h"

namespace silentcors::report {

namespace {

using html::number;

std::string pct(double rate) { return percent(rate) + "%"; }

double share(std::int64_t part, std::int64_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

constexpr int kChartWidth = 360, kChartHeight = 64, kPlotTop = 4, kPlotBottom = 50;
constexpr std::int64_t kMostBars = 180;  // More buckets are drawn a few to a bar.

// The orphan rate by bucket as bars (a gap where a bucket had no
// preflight), the baseline as a dashed line, the since as a purple line.
// Each bar's <title> says its bucket and counts.
std::string orphan_chart(const logs::EndpointVerdict& e, std::int64_t bucket_ms) {
  const auto& buckets = e.counts.buckets;
  if (buckets.empty() || bucket_ms <= 0) return "";
  const std::int64_t first = buckets.begin()->first, last = buckets.rbegin()->first;
  const std::int64_t slots = (last - first) / bucket_ms + 1;
  const std::int64_t per_bar = (slots + kMostBars - 1) / kMostBars;
  const std::int64_t bars = (slots + per_bar - 1) / per_bar;
  struct Bar {
    std::int64_t start, preflights = 0, orphaned = 0;
  };
  std::vector<Bar> drawn(static_cast<std::size_t>(bars));
  for (std::int64_t i = 0; i < bars; ++i) drawn[static_cast<std::size_t>(i)].start = first + i * per_bar * bucket_ms;
  for (const auto& [start, counts] : buckets) {
    auto& bar = drawn[static_cast<std::size_t>((start - first) / bucket_ms / per_bar)];
    bar.preflights += counts.first;
    bar.orphaned += counts.second;
  }
  double top = std::max(0.01, e.baseline_rate.value_or(0));
  for (const auto& bar : drawn) top = std::max(top, share(bar.orphaned, bar.preflights));
  const double width = static_cast<double>(kChartWidth) / static_cast<double>(bars);
  auto y = [&](double rate) { return kPlotBottom - rate / top * (kPlotBottom - kPlotTop); };

  const std::string label = "orphan rate by " + std::to_string(bucket_ms / 60000) + "-minute bucket, " +
                            logs_time(first) + " to " + logs_time(last + bucket_ms);
  std::string svg = "<svg class=\"orphans\" width=\"" + std::to_string(kChartWidth) + "\" height=\"" +
                    std::to_string(kChartHeight) + "\" viewBox=\"0 0 " + std::to_string(kChartWidth) + " " +
                    std::to_string(kChartHeight) + "\" role=\"img\" aria-label=\"" + html_text(label) + "\">";
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    const Bar& bar = drawn[i];
    if (bar.preflights == 0) continue;
    const double rate = share(bar.orphaned, bar.preflights);
    svg += "<rect class=\"bucket\" x=\"" + number(static_cast<double>(i) * width, 2) + "\" y=\"" + number(y(rate), 2) +
           "\" width=\"" + number(std::max(width - 1, 0.5), 2) + "\" height=\"" +
           number(std::max(kPlotBottom - y(rate), 0.5), 2) + "\" fill=\"#c62828\"><title>" +
           html_text(logs_time(bar.start) + ": " + std::to_string(bar.orphaned) + " of " +
                     std::to_string(bar.preflights) + " preflights orphaned (" + pct(rate) + ")") +
           "</title></rect>";
  }
  if (e.baseline_rate) {
    svg += "<line class=\"baseline\" x1=\"0\" x2=\"" + std::to_string(kChartWidth) + "\" y1=\"" +
           number(y(*e.baseline_rate), 2) + "\" y2=\"" + number(y(*e.baseline_rate), 2) +
           "\" stroke=\"#555\" stroke-dasharray=\"4 3\"><title>" +
           html_text("baseline (the other endpoints): " + pct(*e.baseline_rate)) + "</title></line>";
  }
  if (e.since) {
    const double x = static_cast<double>((e.since->since_ms - first) / bucket_ms) / static_cast<double>(per_bar) * width;
    svg += "<line class=\"since\" x1=\"" + number(x, 2) + "\" x2=\"" + number(x, 2) + "\" y1=\"0\" y2=\"" +
           std::to_string(kPlotBottom) + "\" stroke=\"#5e35b1\" stroke-width=\"2\"><title>" +
           html_text("since " + logs_time(e.since->since_ms)) + "</title></line>";
  }
  svg += "<text x=\"0\" y=\"62\" font-size=\"10\" fill=\"#666\">" + html_text(logs_time(first)) + "</text>";
  svg += "<text x=\"" + std::to_string(kChartWidth) + "\" y=\"62\" font-size=\"10\" fill=\"#666\" text-anchor=\"end\">" +
         html_text("top " + pct(top)) + "</text>";
  return svg + "</svg>";
}

std::string header_evidence(const logs::EndpointVerdict& e) {
  std::string out;
  for (const auto& h : e.headers) {
    if (e.counts.orphaned == 0) break;
    out += "<li" + std::string(h.goes_with_orphans ? " class=\"bad\"" : "") + "><code>" + html_text(h.name) +
           "</code>: orphaned preflights asked for it in " + html_text(pct(h.orphaned_share)) + " (" +
           std::to_string(h.orphaned_asking) + "/" + std::to_string(e.counts.orphaned) + "), followed ones in " +
           html_text(pct(h.followed_share)) + " (" + std::to_string(h.followed_asking) + "/" +
           std::to_string(e.counts.followed) + "), " + html_text(p_text(h.p_value)) +
           (h.goes_with_orphans ? ": <b>asking for it goes with no follow-up</b>" : "") + "</li>";
  }
  return out.empty() ? "" : "<ul>" + out + "</ul>";
}


}  // namespace

std::string logs_html(const logs::LogSummary& s, int exit_code) {
  const auto above = std::count_if(s.verdict.endpoints.begin(), s.verdict.endpoints.end(),
                                   [](const logs::EndpointVerdict& e) { return e.above_baseline; });
  std::int64_t preflights = 0, orphaned = 0;
  for (const auto& e : s.verdict.endpoints) {
    preflights += e.counts.preflights;
    orphaned += e.counts.orphaned;
  }
  const std::string title =
      s.verdict.endpoints.empty() ? "no OPTIONS request in the logs: no preflight to pair"
      : above                     ? count_of(static_cast<std::size_t>(above), "endpoint", "endpoints") +
                                    " above the baseline orphan rate"
                                  : "no endpoint above the baseline orphan rate";
  std::string out = html_page_head("silentcors logs report");
  out += "<header class=\"verdict" + std::string(above ? " failed" : "") + "\"><h1>silentcors logs: " +
         html_text(title) + "</h1><div class=\"counts\">";
  auto box = [](std::int64_t n, const std::string& label, bool bad) {
    return "<span class=\"count" + std::string(bad && n ? " bad" : "") + "\"><b>" + std::to_string(n) + "</b>" +
           html_text(label) + "</span>";
  };
  out += box(static_cast<std::int64_t>(s.files.size()), "files", false) + box(s.lines_read, "lines read", false) +
         box(s.lines_skipped, "skipped", true) + box(preflights, "preflights", false) +
         box(orphaned, "orphaned", true) + "</div>";
  out += "<p>Exit code <b class=\"exit\">" + std::to_string(exit_code) + "</b>: " +
         html_text(exit_code == 1 ? "an endpoint's orphan rate is above its baseline"
                                  : exit_code == 0 ? "no endpoint's orphan rate is above its baseline"
                                                   : exit_code_meaning(exit_code)) +
         "</p><p class=\"muted\">" +
         html_text("An orphan is a preflight no request followed within " + std::to_string(s.window_ms) +
                   " ms: what a refused CORS preflight leaves behind, though aborted navigations and closed tabs "
                   "leave it too. The log alone cannot say why a request was not sent.") +
         "</p></header><main><section id=\"endpoints\"><h2>Endpoints</h2>";
  if (!s.verdict.endpoints.empty()) {
    out += "<table class=\"matrix\"><tr><th>endpoint</th><th>origin</th><th>preflights</th><th>followed</th>"
           "<th>orphaned</th><th>orphan rate (95% interval)</th><th>baseline</th><th>orphan rate by time</th></tr>";
    for (const auto& e : s.verdict.endpoints) {
      out += "<tr><td><code>" + html_text(logs_endpoint_name(e.key)) + "</code></td><td>" +
             html_text(e.key.origin.empty() ? "-" : e.key.origin) + "</td><td>" + std::to_string(e.counts.preflights) +
             "</td><td>" + std::to_string(e.counts.followed) + "</td><td>" + std::to_string(e.counts.orphaned) +
             "</td><td" + (e.above_baseline ? " class=\"refused\"" : "") + ">" +
             html_text(pct(e.orphan_rate) + " (" + pct(e.interval.first) + "-" + pct(e.interval.second) + ")") +
             "</td><td>" + html_text(e.baseline_rate ? pct(*e.baseline_rate) + ", " + p_text(e.p_value) : "-") +
             "</td><td>" + orphan_chart(e, s.bucket_ms) + "</td></tr>";
    }
    out += "</table>";
  }
  for (const auto& e : s.verdict.endpoints) {
    const std::string evidence = header_evidence(e);
    if (!e.above_baseline && !e.since && evidence.empty()) continue;
    out += "<h3><code>" + html_text(logs_endpoint_name(e.key)) + "</code></h3>";
    if (e.above_baseline) {
      out += "<p class=\"bad\"><b>Above its baseline:</b> " +
             html_text(pct(e.orphan_rate) + " of its preflights were never followed, against " +
                       pct(*e.baseline_rate) + " on the other endpoints (" + p_text(e.p_value) + ").") +
             "</p>";
    }
    if (e.since) out += "<p>" + html_text("Since " + logs_since_text(*e.since)) + "</p>";
    out += evidence;
  }
  if (!s.request_headers_logged) {
    out += "<h3>Which header?</h3><pre style=\"white-space:pre-wrap\">" + html_text(request_headers_advice()) + "</pre>";
  }
  out += "</section><section id=\"input\"><h2>What was read</h2><ul>";
  for (const auto& file : s.files) out += "<li><code>" + html_text(file) + "</code></li>";
  out += "</ul><p>" +
         html_text(std::to_string(s.lines_read) + " lines read, " + std::to_string(s.lines_parsed) + " parsed, " +
                   std::to_string(s.lines_skipped) + " skipped") +
         "</p>";
  if (!s.first_skipped.empty()) {
    out += "<ul>";
    for (const auto& line : s.first_skipped) {
      out += "<li><code>" + html_text(line.file + ":" + std::to_string(line.line)) + "</code> " + html_text(line.why) +
             ": <code>" + html_text(line.text) + "</code></li>";
    }
    out += "</ul>";
  }
  return out + "</section></main></body></html>\n";
}

}  // namespace silentcors::report
