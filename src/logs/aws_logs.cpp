#include "logs/aws_logs.h"

#include <algorithm>

namespace silentcors::logs {

namespace {

std::nullopt_t fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return std::nullopt;
}

// ALB's fields: words, or "quoted text" (a \" inside stays a quote).
std::vector<std::string> alb_fields(std::string_view line, std::size_t wanted) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (i < line.size() && fields.size() < wanted) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    std::string field;
    if (line[i] == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        field += line[i];
      }
      if (i >= line.size()) break;  // An unclosed quote: the field is cut off.
      ++i;
    } else {
      while (i < line.size() && line[i] != ' ') field += line[i++];
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

bool status_code(std::string_view text, int& status) {
  if (text.size() != 3 || text[0] < '1' || text[0] > '5' || !std::all_of(text.begin(), text.end(), [](char c) {
        return c >= '0' && c <= '9';
      })) {
    return false;
  }
  status = (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
  return true;
}

// "https://www.example.com:443/api/cart?x=1" or "/api/cart?x=1" -> "/api/cart".
std::string path_of(std::string_view target) {
  if (const auto scheme = target.find("://"); scheme != std::string_view::npos) {
    const auto slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  return std::string(target.substr(0, target.find_first_of("?#")));
}

// "192.168.131.39:2817" -> "192.168.131.39" (the port changes with each
// connection; a preflight and its request may come on two).
std::string without_port(const std::string& address) {
  const auto colon = address.rfind(':');
  return colon == std::string::npos ? address : address.substr(0, colon);
}

// The documented columns of a CloudFront standard log, in order.
constexpr std::string_view kCloudFrontFields =
    "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) "
    "cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken "
    "x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "
    "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
    "sc-range-start sc-range-end";

}  // namespace

std::optional<AccessLogEntry> parse_alb(std::string_view line, std::string* why) {
  // type time elb client:port target:port 3 timings elb_status target_status
  // received sent "request" "user_agent" ... request_creation_time is 22nd.
  const std::vector<std::string> f = alb_fields(line, 22);
  if (f.size() < 14) return fail(why, "fewer than the 14 fields an ALB entry starts with");
  static constexpr std::string_view kTypes[] = {"http", "https", "h2", "grpcs", "ws", "wss"};
  if (std::find(std::begin(kTypes), std::end(kTypes), f[0]) == std::end(kTypes)) {
    return fail(why, "not an ALB entry (its type is none of http, https, h2, grpcs, ws, wss)");
  }
  AccessLogEntry e;
  std::optional<std::int64_t> ms;
  if (f.size() >= 22) ms = parse_iso8601_time(f[21]);
  if (!ms) ms = parse_iso8601_time(f[1]);
  if (!ms) return fail(why, "a time not like 2018-07-02T22:23:00.186641Z");
  e.time_ms = *ms;
  if (f[3] == "-") return fail(why, "no client:port");
  e.client = without_port(f[3]);
  if (!status_code(f[8], e.status)) return fail(why, "no elb_status_code");
  // "GET https://www.example.com:443/ HTTP/1.1"; "- - -" when the request was malformed.
  const std::string& request = f[12];
  const auto space = request.find(' ');
  if (space == std::string::npos || space == 0 || request.rfind("- ", 0) == 0) {
    return fail(why, "no \"METHOD URL PROTOCOL\" request");
  }
  e.method = request.substr(0, space);
  std::string target = request.substr(space + 1);
  if (const auto end = target.rfind(' '); end != std::string::npos) target.resize(end);
  e.path = path_of(target);
  if (e.path.empty()) return fail(why, "a request without a URL");
  if (f[13] != "-") e.user_agent = f[13];
  return e;
}

CloudFrontLog::CloudFrontLog() { name_columns(kCloudFrontFields); }

void CloudFrontLog::name_columns(std::string_view fields) {
  date_ = time_ = client_ = method_ = path_ = status_ = agent_ = -1;
  int column = 0;
  std::size_t i = 0;
  while (i < fields.size()) {
    while (i < fields.size() && (fields[i] == ' ' || fields[i] == '\t')) ++i;
    if (i >= fields.size()) break;
    const std::size_t end = std::min(fields.find_first_of(" \t", i), fields.size());
    const std::string_view name = fields.substr(i, end - i);
    if (name == "date") date_ = column;
    else if (name == "time") time_ = column;
    else if (name == "c-ip") client_ = column;
    else if (name == "cs-method") method_ = column;
    else if (name == "cs-uri-stem") path_ = column;
    else if (name == "sc-status") status_ = column;
    else if (name == "cs(User-Agent)") agent_ = column;
    ++column;
    i = end;
  }
}

bool CloudFrontLog::header(std::string_view line) {
  if (line.empty() || line[0] != '#') return false;
  constexpr std::string_view kFields = "#Fields:";
  if (line.substr(0, kFields.size()) == kFields) name_columns(line.substr(kFields.size()));
  return true;
}

std::optional<AccessLogEntry> CloudFrontLog::parse(std::string_view line, std::string* why) const {
  if (date_ < 0 || time_ < 0 || client_ < 0 || method_ < 0 || path_ < 0) {
    return fail(why, "the #Fields line names no date, time, c-ip, cs-method or cs-uri-stem");
  }
  std::vector<std::string_view> columns;
  for (std::size_t at = 0;;) {
    const std::size_t tab = line.find('\t', at);
    columns.push_back(line.substr(at, tab == std::string_view::npos ? std::string_view::npos : tab - at));
    if (tab == std::string_view::npos) break;
    at = tab + 1;
  }
  const int needed = std::max({date_, time_, client_, method_, path_, status_, agent_});
  if (static_cast<int>(columns.size()) <= needed) return fail(why, "fewer tab-separated fields than #Fields names");
  // date and time are UTC: 2019-12-04 and 21:02:31.
  const auto ms = parse_iso8601_time(std::string(columns[date_]) + "T" + std::string(columns[time_]) + "Z");
  if (!ms) return fail(why, "a date and time not like 2019-12-04 21:02:31");
  AccessLogEntry e;
  e.time_ms = *ms;
  e.client = std::string(columns[client_]);
  e.method = std::string(columns[method_]);
  e.path = std::string(columns[path_]);
  if (e.client.empty() || e.client == "-" || e.method.empty() || e.method == "-" || e.path.empty() ||
      e.path[0] != '/') {
    return fail(why, "no c-ip, cs-method or cs-uri-stem");
  }
  if (status_ >= 0 && !status_code(columns[status_], e.status)) return fail(why, "no 3-digit sc-status");
  // Kept as logged (URL-encoded): a client's lines all spell it the same way.
  if (agent_ >= 0 && columns[agent_] != "-") e.user_agent = std::string(columns[agent_]);
  return e;
}

}  // namespace silentcors::logs
