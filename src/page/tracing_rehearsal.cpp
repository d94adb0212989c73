#include "page/tracing_rehearsal.h"

#include <nlohmann/json.hpp>

namespace silentcors::page {

namespace {

// Runs once per document, before any page script. Values are valid for
// each format, with one trace id per request shared by every header, as an
// SDK would send them. Sampling uses a seeded generator (mulberry32) so a
// run can be repeated exactly; ids use crypto randomness.
constexpr const char* kScript = R"js((() => {
  if (window.__silentcorsTracing) return;
  const config = __CONFIG__;
  const state = window.__silentcorsTracing = {seen: 0, matched: 0, sampled: 0};
  const patterns = config.propagateTo.map((source) => new RegExp(source));
  let seed = config.seed >>> 0;
  const sample = () => {
    seed = (seed + 0x6D2B79F5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (digits) => {
    const bytes = crypto.getRandomValues(new Uint8Array(digits / 2));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };
  const decimal = () => (BigInt("0x" + hex(16)) & 0x7fffffffffffffffn).toString();
  const matches = (url) => {
    let absolute;
    try { absolute = new URL(url, location.href); } catch (e) { return false; }
    // With no patterns, SDKs propagate to their own origin only.
    if (patterns.length === 0) return absolute.origin === location.origin;
    return patterns.some((pattern) => pattern.test(absolute.href));
  };
  const valuesFor = () => {
    const trace = hex(32), span = hex(16), values = {};
    for (const name of config.headers) {
      switch (name) {
        case "traceparent": values[name] = "00-" + trace + "-" + span + "-01"; break;
        case "tracestate": values[name] = "silentcors=rehearsal"; break;
        case "baggage":  // As each SDK words it: Datadog RUM's session, Sentry's trace.
          values[name] = config.headers.includes("x-datadog-origin") ? "session.id=" + hex(32)
                                                                      : "sentry-trace_id=" + trace + ",sentry-sampled=true";
          break;
        case "sentry-trace": values[name] = trace + "-" + span + "-1"; break;
        case "x-datadog-trace-id": values[name] = decimal(); break;
        case "x-datadog-parent-id": values[name] = decimal(); break;
        case "x-datadog-sampling-priority": values[name] = "1"; break;
        case "x-datadog-origin": values[name] = "rum"; break;
        case "x-amzn-trace-id":
          values[name] = "Root=1-" + hex(8) + "-" + trace.slice(0, 24) + ";Parent=" + span + ";Sampled=1"; break;
        case "b3": values[name] = trace + "-" + span + "-1"; break;
        case "x-b3-traceid": values[name] = trace; break;
        case "x-b3-spanid": values[name] = span; break;
        case "x-b3-sampled": values[name] = "1"; break;
        case "newrelic":
          values[name] = btoa(JSON.stringify({v: [0, 1], d: {ty: "Browser", ac: "1", ap: "1", id: span, tr: trace,
                                                             ti: Date.now()}}));
          break;
        default: values[name] = "silentcors-rehearsal";
      }
    }
    return values;
  };
  // Per run: one draw for the page load (the same seed gives every document
  // of the run the same first draw, so the run decides once).
  const runSampled = config.sampleBy === "run" ? sample() < config.sampleRatio : null;
  const decide = (url) => {
    state.seen++;
    if (!matches(url)) return null;
    state.matched++;
    if (runSampled === false || (runSampled === null && sample() >= config.sampleRatio)) return null;
    state.sampled++;
    return valuesFor();
  };

  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = input instanceof Request ? input.url : String(input);
    const add = decide(url);
    if (!add) return originalFetch.call(this, input, init);
    const headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
    for (const [name, value] of Object.entries(add)) headers.set(name, value);
    return originalFetch.call(this, input, Object.assign({}, init, {headers}));
  };
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.__silentcorsUrl = url;
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    const add = decide(this.__silentcorsUrl);
    if (add) {
      for (const [name, value] of Object.entries(add)) {
        try { this.setRequestHeader(name, value); } catch (e) { /* as an SDK would: never break the page */ }
      }
    }
    return send.call(this, body);
  };
})();)js";

}  // namespace

const char* const kTracingCountersExpression = "window.__silentcorsTracing || null";

std::string tracing_init_script(const scenario::Tracing& tracing, double sample_ratio, uint64_t seed) {
  nlohmann::json config = {{"headers", tracing.headers},
                           {"propagateTo", tracing.propagate_to},
                           {"sampleRatio", sample_ratio},
                           {"sampleBy", tracing.sample_per_run ? "run" : "request"},
                           {"seed", seed & 0xffffffffu}};
  std::string script = kScript;
  const std::string placeholder = "__CONFIG__";
  script.replace(script.find(placeholder), placeholder.size(), config.dump());
  return script;
}

std::optional<std::string> tracing_note(const scenario::Tracing& tracing, const nlohmann::json& counters) {
  if (!counters.is_object()) return std::nullopt;
  const auto seen = counters.value("seen", 0);
  const auto matched = counters.value("matched", 0);
  if (matched > 0) return std::nullopt;
  std::string patterns;
  for (const auto& p : tracing.propagate_to) patterns += (patterns.empty() ? "" : ", ") + ("/" + p + "/");
  if (patterns.empty()) patterns = "(none: the page's own origin only)";
  return "tracing rehearsal: no request matched propagateTo " + patterns + " (" + std::to_string(seen) +
         " fetch/XHR requests seen), so no tracing header was added. Check the patterns: a wrong one silently "
         "links no traces.";
}

}  // namespace silentcors::page
