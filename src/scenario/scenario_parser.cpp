#include "scenario/scenario_parser.h"

#include "analysis/http_headers.h"
#include "analysis/url_parts.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <utility>

#include "scenario/did_you_mean.h"
#include "scenario/js_regexp_syntax.h"
#include "scenario/json_locator.h"
#include "scenario/scenario_fields.h"

namespace silentcors::scenario {
namespace {

using nlohmann::json;
using Names = std::span<const std::string_view>;

constexpr std::int64_t kMinInt = std::numeric_limits<std::int64_t>::min();

std::string quote(std::string_view text) { return json(text).dump(-1, ' ', false, json::error_handler_t::replace); }

std::string type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "object";
    case json::value_t::array:
      return "array";
    case json::value_t::string:
      return "string";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::null:
      return "null";
    default:
      return "number";
  }
}

// "a string" + "CSS selector" -> "a string (CSS selector)".
std::string with(std::string_view base, std::string_view what) {
  std::string out(base);
  if (!what.empty()) out += " (" + std::string(what) + ")";
  return out;
}

std::string join(Names names) {
  std::string out;
  for (std::string_view name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

bool contains(Names names, std::string_view name) { return std::find(names.begin(), names.end(), name) != names.end(); }

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos; }

bool has_space(std::string_view text) { return text.find_first_of(" \t\n\r\f\v") != std::string_view::npos; }

// RFC 9110 token: what Chromium accepts as a header name.
bool is_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) return false;
  }
  return true;
}

// "https://host[/...]" (http too). The schema's url pattern says the same.
bool is_absolute_http_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  return !has_space(url) && !rest.empty() && std::string_view("/?#").find(rest[0]) == std::string_view::npos;
}

// "/checkout" on the fixture's frontend origin; "//host" would be protocol-relative.
bool is_fixture_path(std::string_view url) { return url.starts_with("/") && !url.starts_with("//") && !has_space(url); }

// A field of an object, present or not, with the path that names it in messages.
struct Field {
  const json* value = nullptr;
  std::string path;
  explicit operator bool() const { return value != nullptr; }
};

class Parser {
 public:
  Parser(const JsonDocument& doc, std::string_view file) : doc_(doc), file_(file) {}

  ParseResult parse() {
    report_duplicate_keys();
    Scenario scenario = parse_root(doc_.value);
    // Problems are found field by field; the author reads them top to bottom.
    std::stable_sort(errors_.begin(), errors_.end(), [](const ScenarioError& a, const ScenarioError& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    ParseResult result;
    result.errors = std::move(errors_);
    if (result.errors.empty()) result.scenario = std::move(scenario);
    return result;
  }

  // A fixture config file: a scenario's "fixture" field on its own.
  std::vector<ScenarioError> parse_fixture() {
    report_duplicate_keys();
    validate_fixture({&doc_.value, ""});
    std::stable_sort(errors_.begin(), errors_.end(), [](const ScenarioError& a, const ScenarioError& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return std::move(errors_);
  }

 private:
  void report_duplicate_keys() {
    for (const DuplicateKey& duplicate : doc_.duplicate_keys) {
      error_at(duplicate.second, duplicate.path,
               "duplicate field (first at line " + std::to_string(duplicate.first.line) + ", column " +
                   std::to_string(duplicate.first.column) + "); only the last one would count, so remove one");
    }
  }

  // --- Reporting -----------------------------------------------------------

  void error_at(SourcePosition where, std::string field, std::string message) {
    errors_.push_back({std::string(file_), where.line, where.column, std::move(field), std::move(message)});
  }
  void value_error(const std::string& path, std::string message) {
    error_at(doc_.value_position(path), path, std::move(message));
  }
  void key_error(const std::string& path, std::string message) {
    error_at(doc_.key_position(path), path, std::move(message));
  }

  // --- Generic field access ------------------------------------------------

  Field field(const json& object, const std::string& object_path, std::string_view key) const {
    const auto it = object.find(std::string(key));
    return {it == object.end() ? nullptr : &*it, member_path(object_path, key)};
  }

  // Reported at the object that lacks the field: that is where it must go.
  bool require(const Field& field, const std::string& object_path, std::string_view hint) {
    if (field) return true;
    error_at(doc_.value_position(object_path), field.path, with("missing required field", hint));
    return false;
  }

  bool check(const Field& field, bool ok, std::string_view expected) {
    if (!ok) value_error(field.path, "expected " + std::string(expected) + ", got " + type_name(*field.value));
    return ok;
  }
  bool object(const Field& field, std::string_view what) {
    return check(field, field.value->is_object(), with("an object", what));
  }
  bool array(const Field& field, std::string_view what) {
    return check(field, field.value->is_array(), "an array of " + std::string(what));
  }

  void unknown_field(const std::string& object_path, const std::string& key, Names known) {
    std::string message = "unknown field " + quote(key);
    if (const auto suggestion = closest_name(key, known)) {
      message += "; did you mean " + quote(*suggestion) + "?";
    } else {
      message += "; expected one of: " + join(known);
    }
    key_error(member_path(object_path, key), std::move(message));
  }
  void reject_unknown_fields(const json& object, const std::string& path, Names known) {
    for (const auto& [key, value] : object.items()) {
      if (!contains(known, key)) unknown_field(path, key, known);
    }
  }

  std::optional<std::string> string(const Field& field, std::string_view what) {
    if (!field || !check(field, field.value->is_string(), with("a string", what))) return std::nullopt;
    return field.value->get<std::string>();
  }
  std::optional<std::string> nonblank_string(const Field& field, std::string_view what) {
    auto text = string(field, what);
    if (text && is_blank(*text)) {
      value_error(field.path, "must not be empty");
      return std::nullopt;
    }
    return text;
  }

  // JSON Schema counts 30000.0 as an integer too, and so does this.
  std::optional<std::int64_t> integer(const Field& field, std::string_view what, std::int64_t min,
                                      std::int64_t max = std::numeric_limits<std::int64_t>::max()) {
    if (!field) return std::nullopt;
    const json& value = *field.value;
    std::optional<std::int64_t> number;
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      value_error(field.path, "must be at most " + std::to_string(max) + ", got " + value.dump());
      return std::nullopt;
    }
    if (value.is_number_integer()) {
      number = value.get<std::int64_t>();
    } else if (value.is_number_float()) {
      const double d = value.get<double>();
      if (std::trunc(d) == d && std::abs(d) < 9e18) number = static_cast<std::int64_t>(d);
    }
    if (!number) {
      const std::string got = value.is_number() ? value.dump() : type_name(value);
      value_error(field.path, "expected " + with("an integer", what) + ", got " + got);
      return std::nullopt;
    }
    if (*number < min || *number > max) {
      const std::string got = ", got " + std::to_string(*number);
      if (max != std::numeric_limits<std::int64_t>::max()) {
        value_error(field.path, "must be between " + std::to_string(min) + " and " + std::to_string(max) + got);
      } else if (min == 1) {
        value_error(field.path, "must be greater than 0" + got);
      } else {
        value_error(field.path, "must be at least " + std::to_string(min) + got);
      }
      return std::nullopt;
    }
    return number;
  }

  std::optional<bool> boolean(const Field& field) {
    if (!field || !check(field, field.value->is_boolean(), "true or false")) return std::nullopt;
    return field.value->get<bool>();
  }

  // A URL a scenario opens: absolute http(s), or a fixture path checked once
  // the whole file is read (the fixture may come after it).
  std::optional<std::string> url(const Field& field) {
    auto text = string(field, "URL");
    if (!text) return std::nullopt;
    if (is_fixture_path(*text)) {
      fixture_urls_.push_back({field.path, *text});
    } else if (!is_absolute_http_url(*text)) {
      value_error(field.path,
                  "expected an absolute http:// or https:// URL, or a path starting with \"/\" "
                  "on the built-in fixture, got " +
                      quote(*text));
      return std::nullopt;
    }
    return text;
  }

  // --- The scenario ----------------------------------------------------------

  Scenario parse_root(const json& root) {
    Scenario scenario;
    scenario.file = std::string(file_);
    if (!root.is_object()) {
      value_error("", "a scenario is a JSON object like {\"name\": \"checkout\", \"url\": \"https://...\"}, got " +
                          type_name(root));
      return scenario;
    }
    const std::string path;  // the root
    reject_unknown_fields(root, path, fields::kScenario);
    string(field(root, path, "$schema"), "path or URL of schema.json");  // for editors only

    const Field name = field(root, path, "name");
    if (require(name, path, "a short name for reports, e.g. \"checkout\"")) {
      scenario.name = nonblank_string(name, "").value_or("");
    }
    const Field url_field = field(root, path, "url");
    if (require(url_field, path, "the page to open")) scenario.url = url(url_field).value_or("");
    scenario.description = string(field(root, path, "description"), "").value_or("");

    const Field timeout = field(root, path, "timeoutMs");
    const Field idle = field(root, path, "idleMs");
    const auto timeout_ms = integer(timeout, "milliseconds", 1);
    const auto idle_ms = integer(idle, "milliseconds", 0);
    scenario.timeout_ms = timeout_ms.value_or(scenario.timeout_ms);
    scenario.idle_ms = idle_ms.value_or(scenario.idle_ms);
    // Otherwise the network can never count as idle before the timeout ends the scenario.
    if (scenario.idle_ms >= scenario.timeout_ms) {
      if (idle_ms) {
        value_error(idle.path, "must be less than timeoutMs (" + std::to_string(scenario.timeout_ms) + ")");
      } else if (timeout_ms && !idle) {
        value_error(timeout.path, "must be greater than idleMs (" + std::to_string(scenario.idle_ms) + " by default)");
      }
    }
    scenario.repeat = integer(field(root, path, "repeat"), "", 1).value_or(1);

    if (const Field f = field(root, path, "viewport")) scenario.viewport = parse_viewport(f);
    if (const Field f = field(root, path, "headers")) scenario.headers = parse_request_headers(f);
    if (const Field f = field(root, path, "steps"); f && array(f, "steps")) {
      for (std::size_t i = 0; i < f.value->size(); ++i) {
        if (auto step = parse_step({&(*f.value)[i], element_path(f.path, i)})) scenario.steps.push_back(*step);
      }
    }
    if (const Field f = field(root, path, "expect")) scenario.expect = parse_expect(f);
    const Field fixture = field(root, path, "fixture");
    if (fixture && validate_fixture(fixture)) scenario.fixture = *fixture.value;
    if (const Field f = field(root, path, "tracing")) scenario.tracing = parse_tracing(f);
    if (const Field f = field(root, path, "servers"); f && object(f, "origin to server kind")) {
      for (const auto& [origin, kind] : f.value->items()) {
        const Field item{&kind, member_path(f.path, origin)};
        // A key that is no origin would never match a request (a trailing
        // slash, a bare host): said here, as --server says it.
        if (const std::string meant = origin_of(origin); meant != origin) {
          value_error(item.path, quote(origin) + " is not an origin (scheme://host[:port], no path)" +
                                     (meant == "null" ? std::string() : "; did you mean " + quote(meant) + "?"));
          continue;
        }
        auto name = string(item, "server kind");
        if (!name) continue;
        if (auto server = server_named(*name)) {
          scenario.servers[origin] = *server;
        } else {
          value_error(item.path, "unknown server " + quote(*name) + "; expected one of: " + server_names());
        }
      }
    }

    if (!fixture) {
      for (const auto& [url_path, url_text] : fixture_urls_) {
        value_error(url_path, quote(url_text) +
                                  " is a path on the built-in fixture, but this scenario has no "
                                  "\"fixture\"; use an absolute http(s) URL or add a \"fixture\"");
      }
    }
    return scenario;
  }

  std::optional<Viewport> parse_viewport(const Field& f) {
    if (!object(f, "such as {\"width\": 1280, \"height\": 720}")) return std::nullopt;
    reject_unknown_fields(*f.value, f.path, fields::kViewport);
    // Chromium's Emulation.setDeviceMetricsOverride refuses anything larger.
    constexpr std::int64_t kMaxPixels = 10'000'000;
    const Field width = field(*f.value, f.path, "width");
    const Field height = field(*f.value, f.path, "height");
    require(width, f.path, "pixels");
    require(height, f.path, "pixels");
    const auto w = integer(width, "pixels", 1, kMaxPixels);
    const auto h = integer(height, "pixels", 1, kMaxPixels);
    if (!w || !h) return std::nullopt;
    return Viewport{static_cast<int>(*w), static_cast<int>(*h)};
  }

  // Headers the page's requests carry. Checked here because Chromium would
  // only refuse them at run time, far from the line that is wrong.
  std::map<std::string, std::string> parse_request_headers(const Field& f) {
    std::map<std::string, std::string> headers;
    if (!object(f, "header name to value")) return headers;
    std::map<std::string, std::string> seen;  // lower-case name -> name as written
    for (const auto& [name, value] : f.value->items()) {
      const std::string path = member_path(f.path, name);
      if (!is_header_name(name)) {
        key_error(path, "not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)");
      } else if (auto [it, fresh] = seen.emplace(to_lower_ascii(name), name); !fresh) {
        key_error(path, "same header as " + quote(it->second) + " (header names ignore case); keep one");
      }
      const auto text = string({&value, path}, "header value");
      if (text && text->find_first_of("\r\n") != std::string::npos) {
        value_error(path, "a header value cannot contain a line break");
      } else if (text) {
        headers[name] = *text;
      }
    }
    return headers;
  }

  // --- Steps -----------------------------------------------------------------

  std::optional<Step> parse_step(const Field& f) {
    if (!object(f, "a step such as {\"click\": \"#buy\"}")) return std::nullopt;
    const std::size_t errors_before = errors_.size();
    const json& step = *f.value;

    // Action keys in file order, so "also has" points at the second one written.
    std::vector<std::string> actions;
    for (const auto& action : fields::kStepActions) {
      if (step.contains(std::string(action.name))) actions.emplace_back(action.name);
    }
    std::sort(actions.begin(), actions.end(), [&](const std::string& a, const std::string& b) {
      return doc_.key_position(member_path(f.path, a)) < doc_.key_position(member_path(f.path, b));
    });
    for (std::size_t i = 1; i < actions.size(); ++i) {
      key_error(member_path(f.path, actions[i]), "a step has exactly one action, and this one already has " +
                                                     quote(actions[0]) + "; put " + quote(actions[i]) +
                                                     " in a step of its own");
    }
    if (actions.empty()) {
      const std::size_t before = errors_.size();
      reject_unknown_fields(step, f.path, fields::kStepKeys);
      // A misspelt action ("clik") already explains the missing action.
      if (errors_.size() == before)
        value_error(f.path, "a step needs one action: goto, click, fill, press, waitFor or evaluate");
      return std::nullopt;
    }

    const auto& action = *std::find_if(std::begin(fields::kStepActions), std::end(fields::kStepActions),
                                       [&](const fields::StepAction& a) { return a.name == actions[0]; });
    std::vector<std::string_view> allowed{action.name};
    allowed.insert(allowed.end(), action.options.begin(), action.options.end());
    for (const auto& [key, value] : step.items()) {
      // Extra actions were reported above.
      if (contains(allowed, key) || std::find(actions.begin(), actions.end(), key) != actions.end()) continue;
      if (key == "text") {
        key_error(member_path(f.path, key), "\"text\" only goes with \"fill\"");
      } else if (key == "selector") {
        std::string message = "\"selector\" only goes with \"press\"";
        if (action.name == "click" || action.name == "fill" || action.name == "waitFor") {
          message += "; the selector of " + quote(action.name) + " is its own value, e.g. {" + quote(action.name) +
                     ": \"#buy\"}";
        }
        key_error(member_path(f.path, key), message);
      } else {
        unknown_field(f.path, key, allowed);
      }
    }

    Step result;
    result.position = doc_.value_position(f.path);
    result.timeout_ms = integer(field(step, f.path, "timeoutMs"), "milliseconds", 1);
    const Field value = field(step, f.path, action.name);
    if (action.name == "goto") {
      result.action = Goto{url(value).value_or("")};
    } else if (action.name == "click") {
      result.action = Click{nonblank_string(value, "CSS selector").value_or("")};
    } else if (action.name == "fill") {
      const Field text = field(step, f.path, "text");
      require(text, f.path, "the text to type");
      result.action =
          Fill{nonblank_string(value, "CSS selector").value_or(""), string(text, "text to type").value_or("")};
    } else if (action.name == "press") {
      auto key = string(value, "key name such as \"Enter\"");
      if (key && key->empty()) value_error(value.path, "must not be empty");
      result.action = Press{key.value_or(""), nonblank_string(field(step, f.path, "selector"), "CSS selector")};
    } else if (action.name == "waitFor") {
      result.action = parse_wait_for(value);
    } else {
      result.action = Evaluate{nonblank_string(value, "JavaScript code").value_or("")};
    }
    if (errors_.size() != errors_before) return std::nullopt;
    return result;
  }

  WaitFor parse_wait_for(const Field& f) {
    const json& value = *f.value;
    if (value.is_string()) {
      const std::string text = value.get<std::string>();
      if (text == fields::kNetworkIdle) return {WaitFor::Kind::kNetworkIdle, "", 0};
      if (is_blank(text)) value_error(f.path, "must not be empty");
      // "networkidle" would otherwise wait for an element named <networkidle>.
      const std::string_view idle[] = {fields::kNetworkIdle};
      if (closest_name(text, idle))
        value_error(f.path, "did you mean \"networkIdle\"? (any other string is a CSS selector)");
      return {WaitFor::Kind::kSelector, text, 0};
    }
    if (value.is_number()) return {WaitFor::Kind::kDelay, "", integer(f, "milliseconds", 0).value_or(0)};
    if (!value.is_object()) {
      check(f, false,
            "a CSS selector, \"networkIdle\", milliseconds, {\"js\": \"condition\"} or {\"selector\": \"...\"}");
      return {};
    }
    reject_unknown_fields(value, f.path, fields::kWaitForObject);
    const Field js = field(value, f.path, "js");
    const Field selector = field(value, f.path, "selector");
    if (js && selector) {
      const Field& second = doc_.key_position(js.path) < doc_.key_position(selector.path) ? selector : js;
      key_error(second.path, "waitFor takes either \"js\" or \"selector\", not both");
    } else if (js) {
      return {WaitFor::Kind::kJsCondition, nonblank_string(js, "JavaScript expression").value_or(""), 0};
    } else if (selector) {
      return {WaitFor::Kind::kSelector, nonblank_string(selector, "CSS selector").value_or(""), 0};
    } else if (value.empty()) {
      value_error(f.path, "expected {\"js\": \"condition\"} or {\"selector\": \"...\"}, got an empty object");
    }
    return {};
  }

  // --- Expectations ----------------------------------------------------------

  Expect parse_expect(const Field& f) {
    Expect expect;
    if (!object(f, "")) return expect;
    reject_unknown_fields(*f.value, f.path, fields::kExpect);
    expect.no_errors = boolean(field(*f.value, f.path, "noErrors")).value_or(true);
    if (const Field allow = field(*f.value, f.path, "allow"); allow && array(allow, "allow rules")) {
      for (std::size_t i = 0; i < allow.value->size(); ++i) {
        const Field rule{&(*allow.value)[i], element_path(allow.path, i)};
        if (!object(rule, "such as {\"kind\": \"header-not-exposed\", \"reason\": \"OPS-123\"}")) continue;
        reject_unknown_fields(*rule.value, rule.path, fields::kAllowRule);
        const auto pattern = parse_pattern(rule);
        const Field reason = field(*rule.value, rule.path, "reason");
        require(reason, rule.path, "why this finding is acceptable, e.g. a ticket number");
        const auto why = nonblank_string(reason, "");
        if (pattern && why) expect.allow.push_back({*pattern, *why});
      }
    }
    if (const Field findings = field(*f.value, f.path, "findings"); findings && array(findings, "findings")) {
      for (std::size_t i = 0; i < findings.value->size(); ++i) {
        const Field entry{&(*findings.value)[i], element_path(findings.path, i)};
        if (!object(entry, "such as {\"kind\": \"header-not-allowed\", \"header\": \"traceparent\"}")) continue;
        reject_unknown_fields(*entry.value, entry.path, fields::kFindingPattern);
        if (auto pattern = parse_pattern(entry)) expect.findings.push_back(*pattern);
      }
    }
    return expect;
  }

  // kind/header/url, shared by allow rules and expected findings.
  std::optional<FindingPattern> parse_pattern(const Field& f) {
    const std::size_t errors_before = errors_.size();
    FindingPattern pattern;
    const Field kind = field(*f.value, f.path, "kind");
    require(kind, f.path, "a finding kind such as \"header-not-allowed\"");
    if (auto text = string(kind, "finding kind")) {
      if (!contains(fields::kFindingKinds, *text)) {
        std::string message = "unknown kind " + quote(*text);
        if (auto suggestion = closest_name(*text, fields::kFindingKinds)) {
          message += "; did you mean " + quote(*suggestion) + "?";
        } else {
          message += "; expected one of: " + join(fields::kFindingKinds);
        }
        value_error(kind.path, message);
      }
      pattern.kind = *text;
    }
    const Field header = field(*f.value, f.path, "header");
    if (auto name = string(header, "header name")) {
      if (!is_header_name(*name)) value_error(header.path, "not a valid header name, got " + quote(*name));
      pattern.header = to_lower_ascii(*name);  // the report lists headers in lower case
    }
    pattern.url = nonblank_string(field(*f.value, f.path, "url"), "URL glob, * matches anything");
    if (errors_.size() != errors_before) return std::nullopt;
    return pattern;
  }

  // --- Fixture: only its outline; the fixture app owns the meaning ----------

  bool validate_fixture(const Field& f) {
    if (!object(f, "routes, pages, files and intake of the built-in fixture app")) return false;
    const std::size_t errors_before = errors_.size();
    reject_unknown_fields(*f.value, f.path, fields::kFixture);
    if (const Field routes = field(*f.value, f.path, "routes"); routes && array(routes, "routes")) {
      for (std::size_t i = 0; i < routes.value->size(); ++i) {
        validate_route({&(*routes.value)[i], element_path(routes.path, i)});
      }
    }
    if (const Field pages = field(*f.value, f.path, "pages"); pages && object(pages, "page path to HTML")) {
      for (const auto& [page, html] : pages.value->items()) {
        const std::string path = member_path(pages.path, page);
        if (!page.starts_with("/")) key_error(path, "a page path starts with \"/\"");
        string({&html, path}, "HTML");
      }
    }
    // Whether each file exists is the fixture app's to check (it resolves the
    // names against this file's directory); its message is located here too.
    if (const Field files = field(*f.value, f.path, "files"); files && object(files, "path to file name")) {
      for (const auto& [url_path, name] : files.value->items()) {
        const std::string path = member_path(files.path, url_path);
        if (!url_path.starts_with("/")) key_error(path, "a file's path starts with \"/\"");
        nonblank_string({&name, path}, "file name, relative to this scenario file");
      }
    }
    if (const Field intake = field(*f.value, f.path, "intake"); intake && array(intake, "paths")) {
      for (std::size_t i = 0; i < intake.value->size(); ++i) {
        const Field item{&(*intake.value)[i], element_path(intake.path, i)};
        if (auto text = string(item, "URL path"); text && !text->starts_with("/")) {
          value_error(item.path, "an intake path starts with \"/\", got " + quote(*text));
        }
      }
    }
    return errors_.size() == errors_before;
  }

  void validate_route(const Field& f) {
    if (!object(f, "such as {\"path\": \"/api/orders\", \"allowOrigin\": \"*\"}")) return;
    const json& route = *f.value;
    reject_unknown_fields(route, f.path, fields::kFixtureRoute);
    const Field path = field(route, f.path, "path");
    require(path, f.path, "such as \"/api/orders\"");
    if (auto text = string(path, "URL path"); text && !text->starts_with("/")) {
      value_error(path.path, "a route path starts with \"/\", got " + quote(*text));
    }
    // The ranges below are the fixture app's own (src/fixture/fixture_config.cpp),
    // so a scenario that passes here is not refused later without a position.
    // null means "do not send this header", which differs from leaving the field out (the fixture's default).
    if (const Field origin = field(route, f.path, "allowOrigin")) {
      const json& v = *origin.value;
      const bool ok =
          v.is_null() || v.is_string() ||
          (v.is_array() && !v.empty() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); }));
      check(origin, ok, "a string, a non-empty array of strings or null");
    }
    for (std::string_view name :
         {"allowMethods", "allowHeaders", "exposeHeaders", "timingAllowOrigin", "preflightRedirect"}) {
      if (const Field header = field(route, f.path, name)) {
        check(header, header.value->is_string() || header.value->is_null(), "a string or null");
      }
    }
    boolean(field(route, f.path, "allowCredentials"));
    if (const Field max_age = field(route, f.path, "maxAge"); max_age && !max_age.value->is_null()) {
      integer(max_age, "seconds, or null", 0, 86400);
    }
    integer(field(route, f.path, "preflightStatus"), "HTTP status", 200, 599);
    integer(field(route, f.path, "status"), "HTTP status", 200, 599);
    string(field(route, f.path, "body"), "");
    integer(field(route, f.path, "delayMs"), "milliseconds", 0, 600000);
    integer(field(route, f.path, "preflightDelayMs"), "milliseconds", 0, 600000);
    boolean(field(route, f.path, "corsOnErrors"));
    boolean(field(route, f.path, "varyOrigin"));
    if (const Field headers = field(route, f.path, "responseHeaders");
        headers && object(headers, "header name to value")) {
      for (const auto& [name, value] : headers.value->items())
        string({&value, member_path(headers.path, name)}, "header value");
    }
  }

  // --- Tracing ----------------------------------------------------------------

  std::optional<Tracing> parse_tracing(const Field& f) {
    if (!object(f, "such as {\"headers\": \"w3c\"}")) return std::nullopt;
    const std::size_t errors_before = errors_.size();
    reject_unknown_fields(*f.value, f.path, fields::kTracing);
    Tracing tracing;
    const Field headers = field(*f.value, f.path, "headers");
    require(headers, f.path, "a tracing format such as \"w3c\", or a list of header names");
    if (headers && headers.value->is_string()) {
      const std::string name = headers.value->get<std::string>();
      std::vector<std::string_view> names;
      for (const auto& preset : fields::kTracingPresets) {
        names.push_back(preset.name);
        if (preset.name != name) continue;
        tracing.preset = preset.preset;
        tracing.headers.assign(preset.headers.begin(), preset.headers.end());
      }
      if (tracing.headers.empty()) {
        const auto suggestion = closest_name(name, names);
        value_error(headers.path,
                    "unknown tracing format " + quote(name) +
                        (suggestion ? "; did you mean " + quote(*suggestion) + "?"
                                    : "; expected one of: " + join(names) + ", or a list of header names"));
      }
    } else if (headers && headers.value->is_array()) {
      if (headers.value->empty()) value_error(headers.path, "must list at least one header name");
      for (std::size_t i = 0; i < headers.value->size(); ++i) {
        const Field item{&(*headers.value)[i], element_path(headers.path, i)};
        if (auto name = string(item, "header name")) {
          if (!is_header_name(*name)) value_error(item.path, "not a valid header name, got " + quote(*name));
          tracing.headers.push_back(to_lower_ascii(*name));
        }
      }
    } else if (headers) {
      check(headers, false, "a tracing format such as \"w3c\" or an array of header names");
    }
    if (const Field targets = field(*f.value, f.path, "propagateTo");
        targets && array(targets, "regular expressions")) {
      for (std::size_t i = 0; i < targets.value->size(); ++i) {
        const Field item{&(*targets.value)[i], element_path(targets.path, i)};
        auto regex = nonblank_string(item, "JavaScript regular expression");
        if (!regex) continue;
        // The page compiles it with new RegExp(): one it cannot compile
        // would rehearse nothing while the run passed.
        if (const auto error = js_regexp_syntax_error(*regex)) {
          std::size_t character = 1;  // 1-based, counting UTF-8 sequences once.
          for (std::size_t b = 0; b < error->offset; ++b) character += (static_cast<unsigned char>((*regex)[b]) & 0xC0) != 0x80;
          value_error(item.path, "not a regular expression the page can compile (new RegExp would throw \"" +
                                     error->message + "\" at character " + std::to_string(character) + " of " +
                                     quote(*regex) + ")");
          continue;
        }
        tracing.propagate_to.push_back(*regex);
      }
    }
    if (const Field ratio = field(*f.value, f.path, "sampleRatio");
        ratio && check(ratio, ratio.value->is_number(), "a number from 0 to 1")) {
      tracing.sample_ratio = ratio.value->get<double>();
      if (!(tracing.sample_ratio >= 0 && tracing.sample_ratio <= 1)) {
        value_error(ratio.path, "must be between 0 and 1, got " + ratio.value->dump());
      }
    }
    if (const Field by = field(*f.value, f.path, "sampleBy")) {
      if (auto text = string(by, "\"request\" or \"run\"")) {
        if (*text == "run") {
          tracing.sample_per_run = true;
        } else if (*text != "request") {
          value_error(by.path, "expected \"request\" or \"run\", got " + quote(*text));
        }
      }
    }
    tracing.seed = integer(field(*f.value, f.path, "seed"), "random seed", kMinInt);
    if (errors_.size() != errors_before) return std::nullopt;
    return tracing;
  }

  const JsonDocument& doc_;
  std::string_view file_;
  std::vector<ScenarioError> errors_;
  std::vector<std::pair<std::string, std::string>> fixture_urls_;  // path, URL: they need a fixture
};

}  // namespace

ParseResult parse_scenario(std::string_view text, std::string_view file_name) {
  auto read = read_json(text);
  if (auto* syntax = std::get_if<JsonSyntaxError>(&read)) {
    ParseResult result;
    result.errors.push_back(
        {std::string(file_name), syntax->position.line, syntax->position.column, syntax->path, syntax->message});
    return result;
  }
  return Parser(std::get<JsonDocument>(read), file_name).parse();
}

FixtureParse parse_fixture_config(std::string_view text, std::string_view file_name) {
  auto read = read_json(text);
  FixtureParse result;
  if (auto* syntax = std::get_if<JsonSyntaxError>(&read)) {
    result.errors.push_back(
        {std::string(file_name), syntax->position.line, syntax->position.column, syntax->path, syntax->message});
    return result;
  }
  const JsonDocument& doc = std::get<JsonDocument>(read);
  result.errors = Parser(doc, file_name).parse_fixture();
  if (result.errors.empty()) result.config = doc.value;
  return result;
}

ParseResult load_scenario_file(const std::filesystem::path& path) {
  auto unreadable = [&](std::string reason) {
    ParseResult result;
    result.errors.push_back({path.string(), 0, 0, "", "cannot read file: " + reason});
    return result;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return unreadable("it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable(std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return unreadable(std::strerror(errno));
  return parse_scenario(text.str(), path.string());
}

}  // namespace silentcors::scenario
