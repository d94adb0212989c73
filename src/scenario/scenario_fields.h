// The vocabulary of scenario files: every field name and enumerated value the
// parser accepts, one list per kind of object. The parser rejects anything
// else, and schema_test.cpp checks scenarios/schema.json against these lists,
// so editors' autocompletion and the parser cannot drift apart.
#pragma once

#include <array>
#include <iterator>
#include <span>
#include <string_view>

#include "analysis/finding_kind.h"
#include "scenario/scenario.h"

namespace silentcors::scenario::fields {

// "$schema" lets an editor find scenarios/schema.json; the parser ignores its value.
inline constexpr std::string_view kScenario[] = {
    "$schema",  "name",    "url",   "description", "timeoutMs", "idleMs",  "repeat",
    "viewport", "headers", "steps", "expect",      "fixture",   "tracing", "servers",
};
inline constexpr std::string_view kViewport[] = {"width", "height"};
inline constexpr std::string_view kExpect[] = {"noErrors", "allow", "findings"};
inline constexpr std::string_view kAllowRule[] = {"kind", "header", "url", "reason"};
inline constexpr std::string_view kFindingPattern[] = {"kind", "header", "url"};
inline constexpr std::string_view kTracing[] = {"headers", "propagateTo", "sampleRatio", "sampleBy", "seed"};
inline constexpr std::string_view kFixture[] = {"routes", "pages", "files", "intake"};
inline constexpr std::string_view kFixtureRoute[] = {
    "path",          "allowOrigin",       "allowMethods", "allowHeaders",    "allowCredentials",
    "exposeHeaders", "timingAllowOrigin", "maxAge",       "preflightStatus", "preflightRedirect",
    "status",        "responseHeaders",   "body",         "delayMs",         "preflightDelayMs",
    "corsOnErrors",  "varyOrigin",
};

// A step is an object with exactly one action key plus that action's options.
inline constexpr std::string_view kStepTimeoutOnly[] = {"timeoutMs"};
inline constexpr std::string_view kFillOptions[] = {"text", "timeoutMs"};
inline constexpr std::string_view kPressOptions[] = {"selector", "timeoutMs"};
struct StepAction {
  std::string_view name;
  std::span<const std::string_view> options;
};
inline constexpr StepAction kStepActions[] = {
    {"goto", kStepTimeoutOnly}, {"click", kStepTimeoutOnly},   {"fill", kFillOptions},
    {"press", kPressOptions},   {"waitFor", kStepTimeoutOnly}, {"evaluate", kStepTimeoutOnly},
};
// Every key any step may have, for "did you mean" on a step without an action.
inline constexpr std::string_view kStepKeys[] = {"goto",     "click", "fill",     "press",    "waitFor",
                                                 "evaluate", "text",  "selector", "timeoutMs"};
// {"waitFor": {...}} takes exactly one of these.
inline constexpr std::string_view kWaitForObject[] = {"js", "selector"};
inline constexpr std::string_view kNetworkIdle = "networkIdle";

// docs/report.md, "Kinds": the values of a finding's `kind`, from the one table.
inline constexpr auto kFindingKinds = [] {
  std::array<std::string_view, std::size(silentcors::kFindingKinds)> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = silentcors::kFindingKinds[i].name;
  return names;
}();

// What each SDK propagator adds to a request it decides to trace.
inline constexpr std::string_view kW3cHeaders[] = {"traceparent", "tracestate"};
// Datadog's browser SDK (RUM 7.x, propagatorTypes by default "tracecontext"
// and "datadog") propagates its own headers, W3C trace context, and baggage
// (session.id; propagateTraceBaggage defaults to true: tracer.mjs and
// configuration.mjs of @datadog/browser-rum-core 7.16.2, tests/sdk).
inline constexpr std::string_view kDatadogHeaders[] = {"x-datadog-origin", "x-datadog-parent-id",
                                                       "x-datadog-sampling-priority", "x-datadog-trace-id",
                                                       "traceparent", "tracestate", "baggage"};
inline constexpr std::string_view kSentryHeaders[] = {"sentry-trace", "baggage"};
inline constexpr std::string_view kXrayHeaders[] = {"x-amzn-trace-id"};
inline constexpr std::string_view kB3Headers[] = {"b3"};
inline constexpr std::string_view kB3MultiHeaders[] = {"x-b3-traceid", "x-b3-spanid", "x-b3-sampled"};
inline constexpr std::string_view kNewRelicHeaders[] = {"newrelic", "traceparent", "tracestate"};
struct TracingPresetInfo {
  std::string_view name;
  TracingPreset preset;
  std::span<const std::string_view> headers;
};
inline constexpr TracingPresetInfo kTracingPresets[] = {
    {"w3c", TracingPreset::kW3c, kW3cHeaders},
    {"datadog", TracingPreset::kDatadog, kDatadogHeaders},
    {"sentry", TracingPreset::kSentry, kSentryHeaders},
    {"xray", TracingPreset::kXray, kXrayHeaders},
    {"b3", TracingPreset::kB3, kB3Headers},
    {"b3multi", TracingPreset::kB3Multi, kB3MultiHeaders},
    {"newrelic", TracingPreset::kNewRelic, kNewRelicHeaders},
};

}  // namespace silentcors::scenario::fields
