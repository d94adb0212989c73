#include "logs/log_format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "analysis/http_headers.h"


namespace silentcors::logs {

namespace {

using Field = LogFormat::Field;

// A request header's field, by its name (lower case, dashes).
Field header_field(const std::string& name) {
  if (name == "user-agent") return Field::kUserAgent;
  if (name == "origin") return Field::kOrigin;
  if (name == "access-control-request-method") return Field::kRequestMethod;
  if (name == "access-control-request-headers") return Field::kRequestHeaders;
  return Field::kIgnored;
}

Field nginx_field(const std::string& variable) {
  static const std::map<std::string, Field> kFields = {
      {"remote_addr", Field::kClient},        {"binary_remote_addr", Field::kIgnored},
      {"time_local", Field::kTimeLocal},      {"time_iso8601", Field::kTimeIso},
      {"msec", Field::kMsec},                 {"request", Field::kRequest},
      {"request_method", Field::kMethod},     {"request_uri", Field::kUri},
      {"uri", Field::kUri},                   {"document_uri", Field::kUri},
      {"status", Field::kStatus},
  };
  if (auto it = kFields.find(variable); it != kFields.end()) return it->second;
  if (variable.rfind("http_", 0) == 0) {
    std::string name = variable.substr(5);
    std::replace(name.begin(), name.end(), '_', '-');
    return header_field(name);
  }
  return Field::kIgnored;
}

void add_literal(std::vector<LogFormat::Part>& parts, std::string_view text) {
  if (text.empty()) return;
  if (!parts.empty() && parts.back().literal) {
    parts.back().text += text;
  } else {
    parts.push_back({true, std::string(text), Field::kIgnored});
  }
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// nginx: $name or ${name}; the rest is literal. Quotes around the whole
// string (as pasted from nginx.conf, in pieces) are the user's, not the log's.
std::optional<std::vector<LogFormat::Part>> compile_nginx(std::string_view spec, std::string& error) {
  std::vector<LogFormat::Part> parts;
  for (std::size_t i = 0; i < spec.size();) {
    if (spec[i] != '$') {
      const std::size_t next = spec.find('$', i);
      add_literal(parts, spec.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i));
      i = next == std::string_view::npos ? spec.size() : next;
      continue;
    }
    std::size_t start = i + 1, end;
    if (start < spec.size() && spec[start] == '{') {
      end = spec.find('}', start);
      if (end == std::string_view::npos) {
        error = "an unclosed ${ in the nginx format";
        return std::nullopt;
      }
      parts.push_back({false, std::string(spec.substr(start + 1, end - start - 1)), Field::kIgnored});
      i = end + 1;
    } else {
      end = start;
      while (end < spec.size() && is_name_char(spec[end])) ++end;
      if (end == start) {
        add_literal(parts, "$");
        i = start;
        continue;
      }
      parts.push_back({false, std::string(spec.substr(start, end - start)), Field::kIgnored});
      i = end;
    }
    parts.back().field = nginx_field(to_lower_ascii(parts.back().text));
  }
  return parts;
}

// Apache: %[<>][!codes]{arg}X directives; \" and \\ as in httpd.conf.
std::optional<std::vector<LogFormat::Part>> compile_apache(std::string_view spec, std::string& error) {
  std::vector<LogFormat::Part> parts;
  for (std::size_t i = 0; i < spec.size();) {
    const char c = spec[i];
    if (c == '\\' && i + 1 < spec.size()) {
      const char next = spec[i + 1];
      add_literal(parts, next == 'n' ? "\n" : next == 't' ? "\t" : std::string(1, next));
      i += 2;
      continue;
    }
    if (c != '%') {
      add_literal(parts, spec.substr(i, 1));
      ++i;
      continue;
    }
    std::size_t at = i + 1;
    if (at < spec.size() && spec[at] == '%') {
      add_literal(parts, "%");
      i = at + 1;
      continue;
    }
    while (at < spec.size() && (spec[at] == '<' || spec[at] == '>' || spec[at] == '!' || spec[at] == ',' ||
                                std::isdigit(static_cast<unsigned char>(spec[at])))) {
      ++at;
    }
    std::string argument;
    if (at < spec.size() && spec[at] == '{') {
      const std::size_t close = spec.find('}', at);
      if (close == std::string_view::npos) {
        error = "an unclosed %{ in the Apache format";
        return std::nullopt;
      }
      argument = std::string(spec.substr(at + 1, close - at - 1));
      at = close + 1;
    }
    if (at >= spec.size()) {
      error = "a % at the end of the Apache format";
      return std::nullopt;
    }
    const char directive = spec[at];
    Field field = Field::kIgnored;
    switch (directive) {
      case 'h': case 'a': field = Field::kClient; break;
      case 't': field = argument.empty() ? Field::kTimeLocal : Field::kIgnored; break;
      case 'r': field = Field::kRequest; break;
      case 'm': field = Field::kMethod; break;
      case 'U': field = Field::kUri; break;
      case 's': field = Field::kStatus; break;
      case 'i': field = header_field(to_lower_ascii(argument)); break;
      case 'l': case 'u': case 'b': case 'B': case 'D': case 'T': case 'q': case 'H': case 'v': case 'V':
      case 'p': case 'P': case 'X': case 'I': case 'O': case 'S': case 'k': case 'L': case 'R': case 'f':
      case 'A': case 'e': case 'n': case 'o': case 'C': case 'M': case 'c': case '^':
        break;
      default:
        error = std::string("%") + directive + " is no Apache log directive";
        return std::nullopt;
    }
    parts.push_back({false, std::string(spec.substr(i, at + 1 - i)), field});
    i = at + 1;
  }
  return parts;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// What a field's text reads as when the field is "-": absent.
std::optional<std::string> present(std::string text) {
  if (text == "-" || text.empty()) return std::nullopt;
  return text;
}

std::nullopt_t fail(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

// nginx.conf quotes a format in pieces: '$remote_addr - ' '"$request" ...'.
// Pasted with its quotes, the pieces are joined.
std::string unquote_nginx_pieces(std::string_view spec) {
  std::string out;
  std::size_t i = 0;
  while (i < spec.size()) {
    while (i < spec.size() && std::isspace(static_cast<unsigned char>(spec[i]))) ++i;
    if (i >= spec.size()) break;
    if (spec[i] != '\'') return std::string(spec);
    const std::size_t close = spec.find('\'', i + 1);
    if (close == std::string_view::npos) return std::string(spec);
    out += spec.substr(i + 1, close - i - 1);
    i = close + 1;
  }
  return out;
}

}  // namespace

std::optional<LogFormat> LogFormat::compile(std::string_view pasted, std::string& error) {
  const std::string unquoted = unquote_nginx_pieces(pasted);
  const std::string_view spec = unquoted;
  std::optional<std::vector<Part>> parts;
  if (spec.find('$') != std::string_view::npos) {
    parts = compile_nginx(spec, error);
  } else if (spec.find('%') != std::string_view::npos) {
    parts = compile_apache(spec, error);
  } else {
    error = "\"" + std::string(spec) +
            "\" is no format: give combined, common, an nginx log_format string ($remote_addr ...) or an Apache "
            "LogFormat string (%h ...)";
    return std::nullopt;
  }
  if (!parts) return std::nullopt;
  LogFormat format;
  format.parts_ = std::move(*parts);
  const auto missing = [&](std::initializer_list<Field> any, const char* what) {
    if (std::none_of(any.begin(), any.end(), [&](Field f) { return format.has(f); })) {
      error = std::string("the format logs no ") + what + ", which pairing needs";
      return true;
    }
    return false;
  };
  if (missing({Field::kClient}, "client address ($remote_addr, %h)") ||
      missing({Field::kTimeLocal, Field::kTimeIso, Field::kMsec}, "time ($time_local, $time_iso8601, $msec, %t)") ||
      missing({Field::kRequest, Field::kMethod}, "method ($request, $request_method, %r, %m)") ||
      missing({Field::kRequest, Field::kUri}, "path ($request, $request_uri, %r, %U)")) {
    return std::nullopt;
  }
  return format;
}

bool LogFormat::has(Field field) const {
  return std::any_of(parts_.begin(), parts_.end(), [&](const Part& p) { return !p.literal && p.field == field; });
}

std::optional<AccessLogEntry> LogFormat::parse(std::string_view line, std::string* why) const {
  AccessLogEntry e;
  bool have_time = false;
  std::size_t at = 0;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    const Part& part = parts_[i];
    if (part.literal) {
      if (line.substr(at, part.text.size()) != part.text) {
        return fail(why, "the line does not match the format at byte " + std::to_string(at + 1) + " (expected \"" +
                             part.text + "\")");
      }
      at += part.text.size();
      continue;
    }
    // A field runs to where the next literal starts (a field in quotes: to
    // the quote that is not escaped), or to the end of the line.
    const bool quoted = at > 0 && line[at - 1] == '"';
    const std::string* next = i + 1 < parts_.size() && parts_[i + 1].literal ? &parts_[i + 1].text : nullptr;
    std::size_t end = line.size();
    std::string text;
    if (quoted) {
      std::size_t k = at;
      for (; k < line.size() && line[k] != '"'; ++k) {
        if (line[k] == '\\' && k + 1 < line.size()) {
          const char n = line[k + 1];
          if (n == 'x' && k + 3 < line.size()) {
            int value = 0;
            if (std::from_chars(line.data() + k + 2, line.data() + k + 4, value, 16).ec == std::errc()) {
              text += static_cast<char>(value);
              k += 3;
              continue;
            }
          }
          text += n;
          ++k;
          continue;
        }
        text += line[k];
      }
      end = k;
    } else {
      if (next) {
        end = line.find(*next, at);
        if (end == std::string_view::npos) return fail(why, "the line ends before \"" + *next + "\"");
      }
      text = std::string(line.substr(at, end - at));
    }
    at = end;
    switch (part.field) {
      case Field::kClient: e.client = text; break;
      case Field::kTimeLocal: {
        std::string_view t = text;
        if (t.size() >= 2 && t.front() == '[' && t.back() == ']') t = t.substr(1, t.size() - 2);
        const auto ms = parse_common_log_time(t);
        if (!ms) return fail(why, "a time not like 10/Oct/2026:13:55:36 +0000");
        e.time_ms = *ms;
        have_time = true;
        break;
      }
      case Field::kTimeIso: {
        const auto ms = parse_iso8601_time(text);
        if (!ms) return fail(why, "a time not like 2026-10-10T13:55:36+00:00");
        e.time_ms = *ms;
        have_time = true;
        break;
      }
      case Field::kMsec: {
        const auto dot = text.find('.');
        const std::string seconds = text.substr(0, dot), millis = dot == std::string::npos ? "0" : text.substr(dot + 1);
        if (!all_digits(seconds) || !all_digits(millis) || seconds.size() > 12 || millis.size() > 3) {
          return fail(why, "a $msec not like 1791640536.123");
        }
        e.time_ms = std::stoll(seconds) * 1000 + std::stoll(millis) * (millis.size() == 1 ? 100 : millis.size() == 2 ? 10 : 1);
        have_time = true;
        break;
      }
      case Field::kRequest: {
        const auto space = text.find(' ');
        if (space == std::string::npos || space == 0) return fail(why, "a request line without a method and target");
        e.method = text.substr(0, space);
        std::string target = text.substr(space + 1);
        if (const auto proto = target.rfind(" HTTP/"); proto != std::string::npos) target.resize(proto);
        e.path = target.substr(0, target.find_first_of("?#"));
        break;
      }
      case Field::kMethod: e.method = text; break;
      case Field::kUri: e.path = text.substr(0, text.find_first_of("?#")); break;
      case Field::kStatus:
        if (text.size() != 3 || !all_digits(text) || text[0] < '1' || text[0] > '5') return fail(why, "no 3-digit status");
        e.status = std::stoi(text);
        break;
      case Field::kUserAgent: e.user_agent = present(text).value_or(""); break;
      case Field::kOrigin: e.origin = present(text); break;
      case Field::kRequestMethod: e.request_method = present(text); break;
      case Field::kRequestHeaders: e.request_headers = present(text); break;
      case Field::kIgnored: break;
    }
  }
  if (at != line.size()) return fail(why, "more on the line than the format has");
  if (e.client.empty() || !have_time || e.method.empty() || e.path.empty()) {
    return fail(why, "a line without its client, time, method or path");
  }
  return e;
}

}  // namespace silentcors::logs
