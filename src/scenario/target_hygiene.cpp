#include "scenario/target_hygiene.h"

#include <optional>
#include <regex>

#include "analysis/http_headers.h"
#include "scenario/tracing_sdks.h"

namespace silentcors::scenario {

namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "*", "+" or "{n,}" at `at`: a quantifier without an upper bound. Its
// length, or 0.
std::size_t unbounded_quantifier(std::string_view s, std::size_t at) {
  if (at >= s.size()) return 0;
  if (s[at] == '*' || s[at] == '+') return 1;
  if (s[at] != '{') return 0;
  std::size_t i = at + 1;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == at + 1 || i + 1 >= s.size() || s[i] != ',' || s[i + 1] != '}') return 0;
  return i + 2 - at;
}

// The scheme and host of an absolute http(s) URL string, and what follows.
struct UrlText {
  std::string authority;  // "https://api.shop.example:8443"
  std::string rest;       // "/path?query", or ""
};
std::optional<UrlText> absolute_url(std::string_view text) {
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = text.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https" && scheme != "HTTP" && scheme != "HTTPS") return std::nullopt;
  const auto end = text.find_first_of("/?#", scheme_end + 3);
  if (end == std::string_view::npos) return UrlText{std::string(text), ""};
  return UrlText{std::string(text.substr(0, end)), std::string(text.substr(end))};
}

// "/^https:\/\/api\.shop\.example\//" for a URL string: what to write instead.
std::string anchored_regexp(std::string_view url) {
  std::string out = "/^";
  for (char c : url) {
    if (c == '/' || c == '.' || c == '?' || c == '+' || c == '*' || c == '(' || c == ')' || c == '[' || c == '$' ||
        c == '^' || c == '|' || c == '{' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "/";
}

// What a Sentry string should have been: a RegExp anchored at the start of
// the URL (a host gets its scheme and slash), or of the path for a path
// (which Sentry tests on the page's own origin's requests only).
std::string sentry_instead(const std::string& text, const std::optional<UrlText>& url) {
  if (url) return anchored_regexp(url->authority + (url->rest.empty() ? "/" : url->rest));
  if (!text.empty() && text.front() == '/') return anchored_regexp(text);
  return anchored_regexp("https://" + text + (text.find('/') == std::string::npos ? "/" : ""));
}

// The text a RegExp made only of literals (and anchors, and the dots it is
// asked about) matches, with the unescaped dot at `dot` written as `as`; none
// when the source has any other operator.
std::optional<std::string> literal_text(std::string_view source, std::optional<std::size_t> dot, char as) {
  std::string out;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const char c = source[i];
    if (c == '\\') {
      if (i + 1 >= source.size() || is_alnum(source[i + 1])) return std::nullopt;  // \d, \w, \b...
      out += source[++i];
    } else if ((c == '^' && i == 0) || (c == '$' && i + 1 == source.size())) {
      continue;
    } else if (c == '.') {
      out += dot && *dot == i ? as : '.';
    } else if (is_alnum(c) || std::string_view("-_:/=&%~,;@!'\"<>").find(c) != std::string_view::npos) {
      out += c;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// A URL holding `text`: the text itself when it is one, else on a host.
std::string url_holding(const std::string& text) {
  if (absolute_url(text)) return text;
  if (!text.empty() && text.front() == '/') return "https://api.example" + text;
  return "https://" + text + (text.find('/') == std::string::npos ? "/" : "");
}

// Does the RegExp find a match in `url`? As JavaScript would, for the simple
// sources examples are made from; no when std::regex cannot read it.
bool regexp_finds(const PropagationTarget& target, const std::string& url) {
  // libstdc++'s matcher recurses per character: a long source could exhaust
  // the stack. Settings are short; a long one just gets no example.
  if (target.text.size() > 512 || url.size() > 4096) return false;
  try {
    auto flags = std::regex::ECMAScript;
    if (target.flags.find('i') != std::string::npos) flags |= std::regex::icase;
    return std::regex_search(url, std::regex(target.text, flags));
  } catch (const std::regex_error&) {
    return false;
  }
}

class Checker {
 public:
  Checker(const SdkMatching& matching, std::vector<PatternWarning>& out) : sdk_(matching.sdk), out_(out) {}

  void check(const PropagationTarget& target) {
    target_ = target_text(target);
    if (target.regexp) {
      check_regexp(target);
    } else {
      check_string(target.text);
    }
  }

 private:
  void warn(const char* problem, std::string message, std::string example) {
    out_.push_back({sdk_, target_, problem, std::move(message), std::move(example)});
  }

  void check_regexp(const PropagationTarget& target) {
    if (const std::string group = nested_quantifier(target.text); !group.empty()) {
      warn("backtracking",
           "the repeated group " + group + " repeats a quantifier inside it: a long URL that almost matches makes "
               "the RegExp backtrack for seconds or more on every request, and the page freezes",
           "");
    }
    const auto dots = host_like_dots(target.text);
    if (!dots.empty()) {
      std::string example;
      if (auto text = literal_text(target.text, dots.front(), '-')) {
        example = url_holding(*text);
        if (!regexp_finds(target, example)) example.clear();
      }
      warn("unescaped-dot",
           "an unescaped dot matches any character, so other hosts match too" +
               std::string(example.empty() ? "" : " (" + example + ")") + "; write \\. for a dot",
           example);
    }
    // Unanchored, a RegExp naming a host finds it anywhere: in another
    // site's query string too. Elastic tests the origin alone.
    const bool names_host = target.text.find("\\.") != std::string::npos || target.text.find("://") != std::string::npos ||
                            target.text.find(":\\/\\/") != std::string::npos;
    if (sdk_ != "elastic" && names_host && !target.text.starts_with("^")) {
      std::string example;
      if (auto text = literal_text(target.text, std::nullopt, '.')) {
        example = "https://elsewhere.example/?next=" + *text;
        if (!regexp_finds(target, example)) example.clear();
      }
      if (!example.empty()) {
        warn("over-match",
             "not anchored with ^, it matches a URL that carries the host anywhere, another site's query string "
             "included (" + example + "): anchor it, /^" + target.text + "/" + target.flags,
             example);
      }
    }
  }

  void check_string(const std::string& text) {
    const auto url = absolute_url(text);
    if (sdk_ == "otel" || sdk_ == "faro" || sdk_ == "datadog") {
      const std::string how = sdk_ == "datadog" ? "the start of" : "the whole";
      if (!url) {
        const std::string example = url_holding(text);
        return warn("never-matches",
                    sdk_ + " compares a string with " + how + " absolute URL, so \"" + text + "\" matches no request (" +
                        example + " is not decorated); write a RegExp such as " +
                        anchored_regexp(text.starts_with("/") ? "https://api.example" + text : text),
                    example);
      }
      if (const std::string lowered = to_lower_ascii(url->authority); lowered != url->authority) {
        const std::string example = lowered + url->rest + (url->rest.empty() ? "/" : "");
        return warn("never-matches",
                    sdk_ + " compares a string with " + how + " normalized URL, whose scheme and host are lower case, "
                    "so this matches no request (" + example + " is not decorated); write it in lower case",
                    example);
      }
    }
    if ((sdk_ == "otel" || sdk_ == "faro") && url->rest.empty()) {
      return warn("never-matches",
                  sdk_ + " compares a string with the whole normalized URL, which always has a path, so \"" + text +
                      "\" matches no request (not even " + text + "/); write " + text + "/ for that one URL, or " +
                      anchored_regexp(text + "/") + " for every URL under it",
                  text + "/api");
    }
    if (sdk_ == "datadog" && url->rest.empty()) {
      // A prefix that ends with the host (or a short port) goes on matching.
      std::string example;
      const auto colon = url->authority.rfind(':');
      const bool has_port = colon != std::string::npos && colon > url->authority.find("://");
      if (!has_port) {
        example = text + ".evil.net/";
      } else if (const std::string port = url->authority.substr(colon + 1); port.size() < 5 && !port.empty()) {
        if (std::stol(port + "0") <= 65535) example = text + "0/";
      }
      if (!example.empty()) {
        warn("over-match",
             "datadog matches a string as a prefix of the URL, so \"" + text + "\" also matches " + example +
                 " (another host or port gets the trace id and baggage); end it with its slash: " + text + "/",
             example);
      }
    }
    if (sdk_ == "sentry") {
      const std::string example = "https://elsewhere.example/?next=" + text;
      warn("over-match",
           "sentry matches a string anywhere in the URL, case-insensitively, so any URL carrying it matches, another "
           "site's query string included (" + example + "); write a RegExp anchored at the start, such as " +
               sentry_instead(text, url),
           example);
    }
    if (sdk_ == "elastic" && url && !url->rest.empty()) {
      const std::string example = url->authority + "/";
      warn("never-matches",
           "elastic compares a string with the request's origin (scheme, host and port, no path), so \"" + text +
               "\" matches no request (" + example + " is not decorated); write " + url->authority,
           example);
    }
  }

  std::string sdk_;
  std::string target_;
  std::vector<PatternWarning>& out_;
};

}  // namespace

std::string nested_quantifier(std::string_view s) {
  struct Group {
    std::size_t start;
    bool repeats_inside = false;
  };
  std::vector<Group> open;
  bool in_class = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      open.push_back({i});
    } else if (c == ')' && !open.empty()) {
      const Group group = open.back();
      open.pop_back();
      const std::size_t quantifier = unbounded_quantifier(s, i + 1);
      if (quantifier && group.repeats_inside) return std::string(s.substr(group.start, i + 1 + quantifier - group.start));
      if (group.repeats_inside && !open.empty()) open.back().repeats_inside = true;
    } else if (unbounded_quantifier(s, i) && !open.empty()) {
      open.back().repeats_inside = true;
    }
  }
  return "";
}

std::vector<std::size_t> host_like_dots(std::string_view s) {
  std::vector<std::size_t> dots;
  bool in_class = false;
  bool after_literal = false;  // The previous token is a letter or digit, unescaped.
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      ++i;
      after_literal = false;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      after_literal = false;
    } else if (c == '.' && after_literal && i + 1 < s.size() && is_alnum(s[i + 1])) {
      dots.push_back(i);
      after_literal = false;
    } else {
      after_literal = is_alnum(c);
    }
  }
  return dots;
}

std::vector<PatternWarning> target_warnings(const SdkMatching& matching) {
  std::vector<PatternWarning> warnings;
  if (matching.everywhere) return warnings;
  Checker checker(matching, warnings);
  for (const auto& target : matching.targets) checker.check(target);
  return warnings;
}

}  // namespace silentcors::scenario
