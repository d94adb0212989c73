#include "logs/access_log_entry.h"

#include <array>

namespace silentcors::logs {

namespace {

// Reads `line` left to right, as nginx and Apache write a combined line.
class Cursor {
 public:
  explicit Cursor(std::string_view line) : s_(line) {}

  bool done() const { return at_ >= s_.size(); }
  void skip_spaces() {
    while (at_ < s_.size() && s_[at_] == ' ') ++at_;
  }
  // Up to the next space.
  std::optional<std::string_view> word() {
    skip_spaces();
    const std::size_t start = at_;
    while (at_ < s_.size() && s_[at_] != ' ') ++at_;
    if (at_ == start) return std::nullopt;
    return s_.substr(start, at_ - start);
  }
  // [ ... ]
  std::optional<std::string_view> bracketed() {
    skip_spaces();
    if (at_ >= s_.size() || s_[at_] != '[') return std::nullopt;
    const std::size_t end = s_.find(']', at_);
    if (end == std::string_view::npos) return std::nullopt;
    const auto text = s_.substr(at_ + 1, end - at_ - 1);
    at_ = end + 1;
    return text;
  }
  // " ... " with \" and \\ escaped, as nginx escapes them (\x22 too). A
  // view into the line when nothing in it is escaped (nearly always), else
  // into `unescaped`.
  std::optional<std::string_view> quoted(std::string& unescaped) {
    skip_spaces();
    if (at_ >= s_.size() || s_[at_] != '"') return std::nullopt;
    const std::size_t start = at_ + 1;
    // Two memchr passes: find_first_of would call memchr once per character.
    const std::size_t quote = s_.find('"', start);
    const std::size_t escape = s_.substr(0, quote).find('\\', start);
    if (escape == std::string_view::npos) {
      if (quote == std::string_view::npos) return std::nullopt;  // Cut off inside the quotes.
      at_ = quote + 1;
      return s_.substr(start, quote - start);
    }
    unescaped.assign(s_.substr(start, escape - start));
    for (at_ = escape; at_ < s_.size(); ++at_) {
      const char c = s_[at_];
      if (c == '"') {
        ++at_;
        return std::string_view(unescaped);
      }
      if (c == '\\' && at_ + 1 < s_.size()) {
        const char next = s_[at_ + 1];
        if (next == 'x' && at_ + 3 < s_.size() && hex(s_[at_ + 2]) >= 0 && hex(s_[at_ + 3]) >= 0) {
          unescaped += static_cast<char>(hex(s_[at_ + 2]) * 16 + hex(s_[at_ + 3]));
          at_ += 3;
          continue;
        }
        unescaped += next;
        ++at_;
        continue;
      }
      unescaped += c;
    }
    return std::nullopt;  // Cut off inside the quotes.
  }

 private:
  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  std::string_view s_;
  std::size_t at_ = 0;
};

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::nullopt_t fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_common_log_time(std::string_view t) {
  // dd/Mon/yyyy:hh:mm:ss +zzzz
  if (t.size() != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' || t[17] != ':' || t[20] != ' ') {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned month = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (t.substr(3, 3) == kMonths[i]) month = i + 1;
  }
  const auto day = t.substr(0, 2), year = t.substr(7, 4), hour = t.substr(12, 2), minute = t.substr(15, 2),
             second = t.substr(18, 2), zone = t.substr(22, 4);
  if (!month || !all_digits(day) || !all_digits(year) || !all_digits(hour) || !all_digits(minute) ||
      !all_digits(second) || !all_digits(zone) || (t[21] != '+' && t[21] != '-')) {
    return std::nullopt;
  }
  const std::int64_t offset_s = (number(zone.substr(0, 2)) * 60 + number(zone.substr(2, 2))) * 60;
  const std::int64_t local_s = days_from_civil(number(year), month, static_cast<unsigned>(number(day))) * 86400 +
                               number(hour) * 3600 + number(minute) * 60 + number(second);
  return (local_s - (t[21] == '+' ? offset_s : -offset_s)) * 1000;
}

std::optional<std::int64_t> parse_iso8601_time(std::string_view t) {
  // yyyy-mm-ddThh:mm:ss, then an optional fraction and zone.
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') || t[13] != ':' ||
      t[16] != ':') {
    return std::nullopt;
  }
  const auto year = t.substr(0, 4), month = t.substr(5, 2), day = t.substr(8, 2), hour = t.substr(11, 2),
             minute = t.substr(14, 2), second = t.substr(17, 2);
  for (auto part : {year, month, day, hour, minute, second}) {
    if (!all_digits(part)) return std::nullopt;
  }
  if (number(month) < 1 || number(month) > 12 || number(day) < 1 || number(day) > 31 || number(hour) > 23 ||
      number(minute) > 59 || number(second) > 60) {
    return std::nullopt;
  }
  std::size_t at = 19;
  std::int64_t ms = 0;
  if (at < t.size() && (t[at] == '.' || t[at] == ',')) {
    std::size_t digits = 0;
    for (++at; at < t.size() && t[at] >= '0' && t[at] <= '9'; ++at, ++digits) {
      if (digits < 3) ms = ms * 10 + (t[at] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) ms *= 10;
  }
  std::int64_t offset_s = 0;
  const auto zone = t.substr(at);
  if (zone == "Z" || zone.empty()) {
  } else if ((zone[0] == '+' || zone[0] == '-') && (zone.size() == 6 || zone.size() == 5)) {
    const auto hh = zone.substr(1, 2), mm = zone.size() == 6 ? zone.substr(4, 2) : zone.substr(3, 2);
    if (!all_digits(hh) || !all_digits(mm) || (zone.size() == 6 && zone[3] != ':')) return std::nullopt;
    offset_s = (number(hh) * 60 + number(mm)) * 60 * (zone[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  const std::int64_t local_s =
      days_from_civil(number(year), static_cast<unsigned>(number(month)), static_cast<unsigned>(number(day))) * 86400 +
      number(hour) * 3600 + number(minute) * 60 + number(second);
  return (local_s - offset_s) * 1000 + ms;
}

std::optional<AccessLogEntry> parse_combined(std::string_view line, std::string* why) {
  Cursor in(line);
  AccessLogEntry e;
  const auto client = in.word();
  if (!client) return fail(why, "no client address");
  e.client = std::string(*client);
  if (!in.word() || !in.word()) return fail(why, "no identity and user fields");
  const auto time = in.bracketed();
  if (!time) return fail(why, "no [time]");
  const auto ms = parse_common_log_time(*time);
  if (!ms) return fail(why, "a [time] not like 10/Oct/2026:13:55:36 +0000");
  e.time_ms = *ms;
  std::string unescaped_request, unescaped_referer, unescaped_agent;
  const auto request = in.quoted(unescaped_request);
  if (!request) return fail(why, "no quoted \"METHOD target PROTOCOL\"");
  const auto space = request->find(' ');
  if (space == std::string_view::npos || space == 0) return fail(why, "a request line without a method and target");
  e.method = request->substr(0, space);
  std::string_view target = request->substr(space + 1);
  if (const auto end = target.rfind(" HTTP/"); end != std::string_view::npos) target = target.substr(0, end);
  e.path = target.substr(0, target.find_first_of("?#"));
  if (e.path.empty()) return fail(why, "a request line without a target");
  const auto status = in.word();
  // 100 to 599: "011" (a status run into the quote before it) is none.
  if (!status || status->size() != 3 || !all_digits(*status) || (*status)[0] < '1' || (*status)[0] > '5') {
    return fail(why, "no 3-digit status");
  }
  e.status = number(*status);
  if (!in.word()) return fail(why, "no body size");
  // combined: the referer and user agent; common: neither.
  if (const auto referer = in.quoted(unescaped_referer)) {
    const auto agent = in.quoted(unescaped_agent);
    if (!agent) return fail(why, "a referer without a user agent");
    if (*agent != "-") e.user_agent = *agent;
  }
  return e;
}

}  // namespace silentcors::logs
