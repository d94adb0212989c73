#include "report/logs_report.h"

#include <cstdio>
#include <ctime>

#include "report/report_text.h"
#include "report/text_escape.h"

namespace silentcors::report {

std::string logs_time(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string logs_endpoint_name(const logs::EndpointKey& key) {
  return (key.method.empty() ? std::string("?") : key.method) + " " + key.path;
}

// "p = 0.0012", or "p < 1e-300" where the exact tail is beyond a double.
std::string p_text(double p) {
  if (p <= 1e-300) return "p < 1e-300";
  char text[32];
  std::snprintf(text, sizeof text, "p = %.2g", p);
  return text;
}

namespace {

std::string pct(double rate) { return percent(rate) + "%"; }

// One character per bucket, the orphan rate's height; a space for a bucket
// without preflights.
std::string sparkline(const logs::EndpointCounts& counts, std::int64_t bucket_ms) {
  static const char* kBars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  if (counts.buckets.empty()) return "";
  std::string out;
  const std::int64_t first = counts.buckets.begin()->first, last = counts.buckets.rbegin()->first;
  if ((last - first) / bucket_ms > 60) return "";  // Too long for a line.
  for (std::int64_t start = first; start <= last; start += bucket_ms) {
    const auto it = counts.buckets.find(start);
    if (it == counts.buckets.end() || it->second.first == 0) {
      out += " ";
      continue;
    }
    const double rate = static_cast<double>(it->second.second) / static_cast<double>(it->second.first);
    out += kBars[std::min(7, static_cast<int>(rate * 8))];
  }
  return out;
}

nlohmann::json headers_json(const logs::EndpointVerdict& e) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : e.headers) {
    out.push_back({{"name", valid_utf8(h.name)},
                   {"orphaned", h.orphaned_asking},
                   {"followed", h.followed_asking},
                   {"orphanedShare", h.orphaned_share},
                   {"followedShare", h.followed_share},
                   {"p", h.p_value},
                   {"goesWithOrphans", h.goes_with_orphans}});
  }
  return out;
}

nlohmann::json since_json(const logs::EndpointVerdict& e) {
  if (!e.since) return nullptr;
  const auto& c = *e.since;
  return {{"start", logs_time(c.since_ms)},
          {"before", {{"preflights", c.before_preflights}, {"orphaned", c.before_orphaned}}},
          {"after", {{"preflights", c.after_preflights}, {"orphaned", c.after_orphaned}}},
          {"p", c.p_value}};
}

double share(std::int64_t orphaned, std::int64_t preflights) {
  return preflights ? static_cast<double>(orphaned) / static_cast<double>(preflights) : 0;
}

// "orphans asked for traceparent in 100%, followed preflights in 0%, p = 1e-06"
std::string header_line(const logs::EndpointVerdict& e, const logs::HeaderEvidence& h) {
  return "  " + std::string(h.goes_with_orphans ? "HEADER: " : "header: ") + "orphaned preflights asked for " +
         terminal_safe(h.name) + " in " + pct(h.orphaned_share) + " (" + std::to_string(h.orphaned_asking) + "/" +
         std::to_string(e.counts.orphaned) + "), followed ones in " + pct(h.followed_share) + " (" +
         std::to_string(h.followed_asking) + "/" + std::to_string(e.counts.followed) + "), " + p_text(h.p_value) +
         (h.goes_with_orphans ? ": asking for it goes with no follow-up" : "") + "\n";
}

}  // namespace

std::string logs_since_text(const logs::OrphanChange& c) {
  return logs_time(c.since_ms) + ": " + pct(share(c.after_orphaned, c.after_preflights)) + " of " +
         std::to_string(c.after_preflights) + " preflights orphaned from then on, " +
         pct(share(c.before_orphaned, c.before_preflights)) + " of " + std::to_string(c.before_preflights) +
         " before (" + p_text(c.p_value) + ")";
}

std::string request_headers_advice() {
  return "to see which request header the orphaned preflights asked for, log Access-Control-Request-Headers "
         "and Origin:\n"
         "  nginx:   log_format cors '$remote_addr - $remote_user [$time_local] \"$request\" $status "
         "$body_bytes_sent \"$http_referer\" \"$http_user_agent\" \"$http_origin\" "
         "\"$http_access_control_request_headers\"'; access_log /var/log/nginx/access.log cors;\n"
         "  Apache:  LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b \\\"%{Referer}i\\\" \\\"%{User-Agent}i\\\" "
         "\\\"%{Origin}i\\\" \\\"%{Access-Control-Request-Headers}i\\\"\" cors\n"
         "  Caddy:   a log block (its JSON access log has every request header), then --format caddy\n"
         "  HAProxy: http-request capture req.hdr(Origin) len 128 and "
         "http-request capture req.hdr(Access-Control-Request-Headers) len 256 (%hr in the log)\n"
         "  Express: morgan(':remote-addr - :remote-user [:date[clf]] \":method :url HTTP/:http-version\" :status "
         ":res[content-length] \":referrer\" \":user-agent\" \":req[origin]\" \":req[access-control-request-headers]\"')\n"
         "  AWS ALB and CloudFront logs cannot carry request headers: log them where the request lands (one of "
         "the above), or in CloudFront's real-time logs (cs-headers)\n";
}

nlohmann::json logs_to_json(const logs::LogSummary& s) {
  nlohmann::json endpoints = nlohmann::json::array();
  for (const auto& e : s.verdict.endpoints) {
    nlohmann::json buckets = nlohmann::json::array();
    for (const auto& [start, counts] : e.counts.buckets) {
      buckets.push_back({{"start", logs_time(start)}, {"preflights", counts.first}, {"orphaned", counts.second}});
    }
    endpoints.push_back({
        {"method", e.key.method.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.key.method)},
        {"path", valid_utf8(e.key.path)},
        {"origin", e.key.origin.empty() ? nlohmann::json(nullptr) : nlohmann::json(valid_utf8(e.key.origin))},
        {"preflights", e.counts.preflights},
        {"followed", e.counts.followed},
        {"orphaned", e.counts.orphaned},
        {"orphanRate", e.orphan_rate},
        {"orphanRateInterval", {e.interval.first, e.interval.second}},
        {"baselineRate", e.baseline_rate ? nlohmann::json(*e.baseline_rate) : nlohmann::json(nullptr)},
        {"p", e.p_value},
        {"aboveBaseline", e.above_baseline},
        {"buckets", buckets},
        {"since", since_json(e)},
        {"headers", s.request_headers_logged ? headers_json(e) : nlohmann::json(nullptr)},
    });
  }
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& line : s.first_skipped) {
    skipped.push_back({{"file", valid_utf8(line.file)}, {"line", line.line}, {"why", line.why}, {"text", valid_utf8(line.text)}});
  }
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : s.files) files.push_back(valid_utf8(f));
  return {{"files", files},
          {"lines", {{"read", s.lines_read}, {"parsed", s.lines_parsed}, {"skipped", s.lines_skipped}}},
          {"skippedLines", skipped},
          {"windowMs", s.window_ms},
          {"bucketMs", s.bucket_ms},
          {"alpha", s.verdict.alpha},
          {"endpoints", endpoints}};
}

std::string logs_console(const logs::LogSummary& s) {
  std::string out = "read " + count_of(static_cast<std::size_t>(s.lines_read), "line", "lines") + " from " +
                    count_of(s.files.size(), "file", "files") + ": " + std::to_string(s.lines_parsed) + " parsed, " +
                    std::to_string(s.lines_skipped) + " skipped\n";
  for (const auto& line : s.first_skipped) {
    out += "  skipped " + terminal_safe(line.file) + ":" + std::to_string(line.line) + ": " + line.why + ": " +
           terminal_safe(line.text) + "\n";
  }
  if (s.verdict.endpoints.empty()) return out + "no OPTIONS request in the logs: no preflight to pair\n";
  out += "\n";
  char row[512];
  std::snprintf(row, sizeof row, "%-44s %10s %9s %9s  %s\n", "endpoint (preflights by method and path)", "preflights",
                "followed", "orphaned", "orphan rate (95% interval)");
  out += row;
  for (const auto& e : s.verdict.endpoints) {
    std::string name = terminal_safe(logs_endpoint_name(e.key));
    if (name.size() > 44) name = name.substr(0, 43) + "~";
    const std::string rate = pct(e.orphan_rate) + " (" + pct(e.interval.first) + "-" +
                             pct(e.interval.second) + ")";
    std::snprintf(row, sizeof row, "%-44s %10lld %9lld %9lld  %s", name.c_str(),
                  static_cast<long long>(e.counts.preflights), static_cast<long long>(e.counts.followed),
                  static_cast<long long>(e.counts.orphaned), rate.c_str());
    out += row;
    if (const std::string line = sparkline(e.counts, s.bucket_ms); !line.empty()) out += "  " + line;
    out += "\n";
    if (e.above_baseline) {
      out += "  ABOVE BASELINE: " + pct(e.orphan_rate) + " of its preflights were never followed, against " +
             pct(*e.baseline_rate) + " on the other endpoints (" + p_text(e.p_value) +
             "): requests announced and never sent, what a refused CORS preflight leaves behind (the log alone cannot say why)\n";
    }
    if (e.since) out += "  SINCE " + logs_since_text(*e.since) + "\n";
    // The headers that tell, and at most three that do not.
    int quiet = 0;
    for (const auto& h : e.headers) {
      if (e.counts.orphaned == 0) break;
      if (!h.goes_with_orphans && ++quiet > 3) break;
      out += header_line(e, h);
    }
  }
  if (!s.request_headers_logged) out += "\n" + request_headers_advice();
  return out;
}

}  // namespace silentcors::report
