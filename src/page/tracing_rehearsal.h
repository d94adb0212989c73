// Tracing rehearsal: the audit before a tracing SDK ships. A script run in
// every frame before the page's own adds the SDK's headers, with valid
// values, to the page's fetch() and XMLHttpRequest calls whose URL matches
// `propagateTo` (JavaScript RegExp, tested in the page, as OpenTelemetry's
// propagateTraceHeaderCorsUrls, Datadog's allowedTracingUrls and Sentry's
// tracePropagationTargets are), at the sample ratio. Chromium's own CORS
// logic then decides, so the run shows which backends break when tracing
// turns on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "scenario/scenario.h"

namespace silentcors::page {

// The script for Page.addScriptToEvaluateOnNewDocument. `seed` makes the
// sampling decisions reproducible (the same seed samples the same requests).
std::string tracing_init_script(const scenario::Tracing& tracing, double sample_ratio, uint64_t seed);

// Evaluated in the page after the run: {"seen": n, "matched": n, "sampled": n}
// for the page's last document, or null when the script did not run.
extern const char* const kTracingCountersExpression;

// What a user should know about the rehearsal, from those counters: above
// all that no request matched propagateTo (a wrong pattern silently links
// no traces). Nothing when it matched.
std::optional<std::string> tracing_note(const scenario::Tracing& tracing, const nlohmann::json& counters);

}  // namespace silentcors::page
