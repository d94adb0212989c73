#include "scenario/tracing_sdks.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <span>

#include "analysis/input_error.h"
#include "scenario/did_you_mean.h"
#include "scenario/js_regexp_syntax.h"
#include "scenario/json_locator.h"
#include "scenario/scenario_fields.h"

namespace silentcors::scenario {

namespace {

constexpr std::string_view kTraceparent[] = {"traceparent"};
// The scenario presets' tables (scenario_fields.h): one list per SDK for
// `tracing.headers` and for `audit`, proved by tests/sdk/sdk_matching_test.cpp.
using fields::kDatadogHeaders;
using fields::kNewRelicHeaders;  // cross-origin with cors_use_tracecontext_headers: the worst case
using fields::kSentryHeaders;
using fields::kW3cHeaders;
using fields::kXrayHeaders;

// Order: the SDKs npm ships and tests/sdk proves first.
constexpr std::array kSdks = {
    TracingSdk{"otel", "OpenTelemetry web (instrumentation-fetch and -xml-http-request)", "propagateTraceHeaderCorsUrls",
               "the whole normalized URL, exactly (https://api.example/ with its slash)", kTraceparent, true},
    TracingSdk{"faro", "Grafana Faro web SDK with @grafana/faro-web-tracing", "propagateTraceHeaderCorsUrls",
               "as OpenTelemetry's (Faro passes the setting to its instrumentations)", kTraceparent, true},
    TracingSdk{"datadog", "Datadog browser RUM 7", "allowedTracingUrls",
               "a prefix of the URL, case-sensitive (https://api.example also matches https://api.example.evil.net/)",
               kDatadogHeaders, true},
    TracingSdk{"sentry", "Sentry browser SDK", "tracePropagationTargets",
               "anywhere in the URL (a substring, query string included)", kSentryHeaders, true},
    TracingSdk{"newrelic", "New Relic browser agent", "allowed_origins",
               "an origin: the same scheme, host and port (the path is ignored)", kNewRelicHeaders, false},
    TracingSdk{"xray", "CloudWatch RUM (aws-rum-web) with X-Ray", "addXRayTraceIdHeader",
               "none: RegExps only, or true for every request", kXrayHeaders, false},
    TracingSdk{"elastic", "Elastic APM RUM", "distributedTracingOrigins", "an origin, compared whole", kTraceparent,
               false},
    TracingSdk{"dynatrace", "Dynatrace RUM JavaScript (its documentation; not on npm)", "urlPattern",
               "a RegExp source, tested case-insensitively anywhere in the URL", kW3cHeaders, false},
};

bool is_regexp_flags(std::string_view flags) {
  return std::all_of(flags.begin(), flags.end(),
                     [](char c) { return std::string_view("dgimsuyv").find(c) != std::string_view::npos; });
}

}  // namespace

std::span<const TracingSdk> tracing_sdks() { return kSdks; }

const TracingSdk* find_tracing_sdk(std::string_view name) {
  for (const auto& sdk : kSdks) {
    if (sdk.name == name) return &sdk;
  }
  return nullptr;
}

PropagationTarget propagation_target(std::string_view text) {
  const auto close = text.rfind('/');
  if (text.size() >= 2 && text.front() == '/' && close > 0 && is_regexp_flags(text.substr(close + 1))) {
    return {true, std::string(text.substr(1, close - 1)), std::string(text.substr(close + 1))};
  }
  return {false, std::string(text), ""};
}

std::string target_text(const PropagationTarget& target) {
  return target.regexp ? "/" + target.text + "/" + target.flags : target.text;
}

std::string targets_text(const std::vector<PropagationTarget>& targets) {
  std::string out;
  for (const auto& t : targets) out += (out.empty() ? "" : ", ") + target_text(t);
  return out;
}

namespace {

std::vector<std::string_view> sdk_names() {
  std::vector<std::string_view> names;
  for (const auto& sdk : kSdks) names.push_back(sdk.name);
  return names;
}

std::string known_names() {
  std::string out;
  for (const auto& name : sdk_names()) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::string unknown_sdk(std::string_view name) {
  const auto names = sdk_names();
  std::string message = "unknown SDK \"" + std::string(name) + "\"";
  if (auto near = closest_name(name, names)) message += "; did you mean \"" + std::string(*near) + "\"?";
  return message + " (known: " + known_names() + ")";
}

}  // namespace

std::vector<const TracingSdk*> sdks_from_list(std::string_view list) {
  std::vector<const TracingSdk*> sdks;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view name = list.substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    start = end + 1;
    if (name.empty()) continue;
    const TracingSdk* sdk = find_tracing_sdk(name);
    if (!sdk) throw InputError("--sdk: " + unknown_sdk(name));
    if (std::find(sdks.begin(), sdks.end(), sdk) == sdks.end()) sdks.push_back(sdk);
  }
  if (sdks.empty()) throw InputError("--sdk names no SDK (known: " + known_names() + ")");
  return sdks;
}

namespace {

class ConfigReader {
 public:
  ConfigReader(const JsonDocument& doc, const std::string& file, SdkConfig& out) : doc_(doc), file_(file), out_(out) {}

  void read() {
    if (!doc_.value.is_object()) return error("", "expected an object of SDK names ({\"datadog\": {...}}), got " +
                                                      std::string(doc_.value.type_name()));
    for (const auto& [name, settings] : doc_.value.items()) {
      const TracingSdk* sdk = find_tracing_sdk(name);
      const std::string path = member_path("", name);
      if (!sdk) {
        error(path, unknown_sdk(name), true);
        continue;
      }
      read_sdk(*sdk, path, settings);
    }
  }

 private:
  void error(const std::string& path, std::string message, bool at_key = false) {
    const SourcePosition at = at_key ? doc_.key_position(path) : doc_.value_position(path);
    out_.errors.push_back({file_, at.line, at.column, path, std::move(message)});
  }

  void read_sdk(const TracingSdk& sdk, const std::string& path, const nlohmann::json& settings) {
    if (!settings.is_object()) {
      return error(path, "expected an object with " + std::string(sdk.setting) + ", got " + settings.type_name());
    }
    SdkMatching matching{std::string(sdk.name), false, {}};
    bool seen = false;
    for (const auto& [key, value] : settings.items()) {
      const std::string field = member_path(path, key);
      if (key != sdk.setting) {
        error(field, "unknown setting for " + std::string(sdk.name) + "; its propagation setting is \"" +
                         std::string(sdk.setting) + "\"", true);
        continue;
      }
      seen = true;
      if (value.is_boolean() && sdk.name == "xray") {
        matching.everywhere = value.get<bool>();  // addXRayTraceIdHeader: true decorates every request.
        continue;
      }
      if (value.is_string() && sdk.name == "dynatrace") {
        add_target(sdk, field, value, matching);
        continue;
      }
      if (!value.is_array()) {
        error(field, "expected an array of strings and \"/RegExp/flags\", got " + std::string(value.type_name()));
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i) add_target(sdk, element_path(field, i), value[i], matching);
    }
    if (!seen) return error(path, "names no " + std::string(sdk.setting) + " (leave " + std::string(sdk.name) +
                                      " out to propagate everywhere)");
    out_.by_sdk[std::string(sdk.name)] = std::move(matching);
  }

  void add_target(const TracingSdk& sdk, const std::string& path, const nlohmann::json& item, SdkMatching& matching) {
    const nlohmann::json* text = &item;
    std::vector<std::string> headers;
    // Datadog's {match, propagatorTypes}: the first target that matches
    // decides, and its propagators choose the headers.
    if (item.is_object() && sdk.name == "datadog" && item.contains("match")) {
      text = &item["match"];
      if (auto types = item.find("propagatorTypes"); types != item.end() && !types->is_null()) {
        auto chosen = datadog_headers(member_path(path, "propagatorTypes"), *types);
        if (!chosen) return;
        headers = std::move(*chosen);
      }
    }
    if (!text->is_string()) {
      return error(path, "expected a string or \"/RegExp/flags\", got " + std::string(text->type_name()));
    }
    PropagationTarget target = propagation_target(text->get<std::string>());
    const bool regexp_only = sdk.name == "xray" || sdk.name == "dynatrace";
    if (regexp_only && !target.regexp) {
      // Their settings hold RegExps only: a plain string is its source.
      target = {true, target.text, sdk.name == "dynatrace" ? "i" : ""};
    }
    if (target.regexp) {
      if (auto bad = js_regexp_syntax_error(target.text)) {
        return error(path, "invalid RegExp /" + target.text + "/: " + bad->message + " (at character " +
                               std::to_string(bad->offset + 1) + ")");
      }
    }
    target.headers = std::move(headers);
    matching.targets.push_back(std::move(target));
  }

  // RUM's makeTracingHeaders: each propagator's headers, in the order given,
  // then baggage (propagateTraceBaggage defaults to true).
  std::optional<std::vector<std::string>> datadog_headers(const std::string& path, const nlohmann::json& types) {
    // The presets' tables; Datadog's own are its preset's first four.
    static_assert(kDatadogHeaders[3] == "x-datadog-trace-id" && kDatadogHeaders[4] == "traceparent");
    static const std::map<std::string, std::span<const std::string_view>> kPropagators = {
        {"datadog", std::span<const std::string_view>(kDatadogHeaders).first(4)},
        {"tracecontext", kW3cHeaders},
        {"b3", fields::kB3Headers},
        {"b3multi", fields::kB3MultiHeaders}};
    if (!types.is_array()) {
      error(path, "expected an array of \"datadog\", \"tracecontext\", \"b3\", \"b3multi\", got " +
                      std::string(types.type_name()));
      return std::nullopt;
    }
    std::vector<std::string> headers;
    for (std::size_t i = 0; i < types.size(); ++i) {
      const auto known = types[i].is_string() ? kPropagators.find(types[i].get<std::string>()) : kPropagators.end();
      if (known == kPropagators.end()) {
        error(element_path(path, i), "unknown propagator " + types[i].dump() +
                                         "; Datadog RUM knows \"datadog\", \"tracecontext\", \"b3\" and \"b3multi\"");
        return std::nullopt;
      }
      for (const auto& h : known->second) {
        if (std::find(headers.begin(), headers.end(), h) == headers.end()) headers.emplace_back(h);
      }
    }
    headers.push_back("baggage");
    return headers;
  }

  const JsonDocument& doc_;
  const std::string& file_;
  SdkConfig& out_;
};

}  // namespace

SdkConfig parse_sdk_config(std::string_view text, const std::string& file) {
  SdkConfig config;
  auto parsed = read_json(text);
  if (auto* syntax = std::get_if<JsonSyntaxError>(&parsed)) {
    config.errors.push_back({file, syntax->position.line, syntax->position.column, syntax->path, syntax->message});
    return config;
  }
  ConfigReader(std::get<JsonDocument>(parsed), file, config).read();
  return config;
}

SdkMatching matching_for(const TracingSdk& sdk, const SdkConfig& config) {
  if (auto it = config.by_sdk.find(sdk.name); it != config.by_sdk.end()) return it->second;
  return {std::string(sdk.name), true, {}};
}

}  // namespace silentcors::scenario
