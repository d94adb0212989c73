#include "page/tracing_rehearsal.h"

#include <nlohmann/json.hpp>

#include "scenario/tracing_sdks.h"

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
  // audit: each SDK's own matching of its own setting, as read in its
  // source (scenario/tracing_sdks.cpp says where; tests/sdk proves it).
  const sdk = config.sdk;
  const compile = (t) => { try { return t.regexp ? new RegExp(t.text, t.flags) : t.text; } catch (e) { return null; } };
  // Each target compiled, beside the headers it chooses (Datadog's
  // propagatorTypes; empty: the SDK's own).
  const entries = sdk ? sdk.targets.map((t) => [compile(t), t.headers]).filter(([t]) => t !== null) : [];
  const targets = entries.map(([t]) => t), targetHeaders = entries.map(([, h]) => h);
  const sameOriginAs = (a, b) => { try { return new URL(b).origin === a.origin; } catch (e) { return false; } };
  const sdkMatches = (raw, absolute) => {
    if (sdk.everywhere) return true;
    const href = absolute.href, same = absolute.origin === location.origin;
    const some = (test) => targets.some((t) => { try { return test(t); } catch (e) { return false; } });
    switch (sdk.sdk) {
      case "otel": case "faro":  // web-common shouldPropagateTraceHeaders, core urlMatches
        return same || some((t) => typeof t === "string" ? href === t : !!href.match(t));
      case "datadog": {  // the first of allowedTracingUrls whose match (matchList, useStartsWith) takes the normalized URL
        const hit = targets.findIndex((t) => {
          try { return typeof t === "string" ? href.startsWith(t) : ((t.lastIndex = 0), t.test(href)); } catch (e) { return false; }
        });
        return hit < 0 ? false : targetHeaders[hit].length ? targetHeaders[hit] : true;
      }
      case "sentry": {  // matchesTracePropagationTargets: lower-cased substring; RegExps made /i, without g and y
        const test = (value) => some((t) => typeof t === "string" ? value.toLowerCase().includes(t.toLowerCase())
            : new RegExp(t.source, t.flags.replace(/[gy]/g, "") + (t.ignoreCase ? "" : "i")).test(value));
        return test(href) || (same && test(absolute.pathname));
      }
      case "newrelic":  // isAllowedOrigin: scheme, host and port; the path is ignored
        return same || some((t) => typeof t === "string" && sameOriginAs(absolute, t));
      case "xray":  // addXRayTraceIdHeader: RegExps tested on the URL as the page wrote it
        return some((t) => typeof t !== "string" && t.test(raw));
      case "elastic":  // distributedTracingOrigins: the origin, compared whole or by RegExp
        return same || some((t) => typeof t === "string" ? t === absolute.origin : t.test(absolute.origin));
      case "dynatrace":
        return same || some((t) => typeof t !== "string" && t.test(href));
    }
    return false;
  };
  const matches = (url) => {
    let absolute;
    try { absolute = new URL(url, location.href); } catch (e) { return false; }
    if (sdk) return sdkMatches(String(url), absolute);
    // With no patterns, SDKs propagate to their own origin only.
    if (patterns.length === 0) return absolute.origin === location.origin;
    return patterns.some((pattern) => pattern.test(absolute.href));
  };
  const datadog = (sdk && sdk.sdk === "datadog") || config.headers.includes("x-datadog-origin");
  const valuesFor = (headers) => {
    const trace = hex(32), span = hex(16), values = {};
    for (const name of headers) {
      switch (name) {
        case "traceparent": values[name] = "00-" + trace + "-" + span + "-01"; break;
        case "tracestate": values[name] = "silentcors=rehearsal"; break;
        case "baggage":  // As each SDK words it: Datadog RUM's session, Sentry's trace.
          values[name] = datadog ? "session.id=" + hex(32)
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
    const matched = matches(url);  // false, true, or the headers its target chose
    if (!matched) return null;
    state.matched++;
    if (runSampled === false || (runSampled === null && sample() >= config.sampleRatio)) return null;
    state.sampled++;
    return valuesFor(Array.isArray(matched) ? matched : config.headers);
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
                           {"seed", seed & 0xffffffffu},
                           {"sdk", nullptr}};
  if (tracing.sdk) {
    nlohmann::json targets = nlohmann::json::array();
    for (const auto& t : tracing.sdk->targets) {
      targets.push_back({{"regexp", t.regexp}, {"text", t.text}, {"flags", t.flags}, {"headers", t.headers}});
    }
    config["sdk"] = {{"sdk", tracing.sdk->sdk}, {"everywhere", tracing.sdk->everywhere}, {"targets", targets}};
  }
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
  if (tracing.sdk) {
    if (tracing.sdk->everywhere) {
      return tracing.sdk->sdk + ": the pages made no fetch or XHR request, so there was nothing to decorate";
    }
    const auto* sdk = scenario::find_tracing_sdk(tracing.sdk->sdk);
    const std::string targets = scenario::targets_text(tracing.sdk->targets);
    return tracing.sdk->sdk + ": no request matched " + std::string(sdk ? sdk->setting : "its setting") + " [" +
           targets + "] (" + std::to_string(seen) + " fetch/XHR requests seen), so it would decorate nothing here";
  }
  std::string patterns;
  for (const auto& p : tracing.propagate_to) patterns += (patterns.empty() ? "" : ", ") + ("/" + p + "/");
  if (patterns.empty()) patterns = "(none: the page's own origin only)";
  return "tracing rehearsal: no request matched propagateTo " + patterns + " (" + std::to_string(seen) +
         " fetch/XHR requests seen), so no tracing header was added. Check the patterns: a wrong one silently "
         "links no traces.";
}

}  // namespace silentcors::page
