// The scenario model: what a QA engineer's scenario file asks the runner to do.
// Parsing and validation live in scenario_parser.h; every value here has
// already been checked, so the runner can use it without further checks.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analysis/server_kind.h"
#include "scenario/json_locator.h"

namespace silentcors::scenario {

struct Viewport {
  int width = 0;
  int height = 0;
};

// Step actions. A URL is either absolute http(s) or a path starting with "/",
// which is relative to the built-in fixture's frontend origin.
struct Goto {
  std::string url;
};
struct Click {
  std::string selector;  // CSS
};
struct Fill {
  std::string selector;
  std::string text;  // may be empty: clears the field
};
struct Press {
  std::string key;                      // e.g. "Enter", "Tab", "Control+A"
  std::optional<std::string> selector;  // focus this element first; else the focused element
};
struct WaitFor {
  enum class Kind {
    kSelector,     // until an element matches `text`
    kNetworkIdle,  // until no request is in flight for the scenario's idleMs
    kDelay,        // a fixed `delay_ms`
    kJsCondition,  // until the JavaScript expression `text` is truthy
  };
  Kind kind = Kind::kNetworkIdle;
  std::string text;
  std::int64_t delay_ms = 0;
};
struct Evaluate {
  std::string code;  // JavaScript run in the page
};

struct Step {
  std::variant<Goto, Click, Fill, Press, WaitFor, Evaluate> action;
  std::optional<std::int64_t> timeout_ms;  // this step only; the scenario timeout still bounds it
  SourcePosition position;                 // of the step object, for runtime messages
};

// The report's finding kinds (docs/report.md, "Kinds"), e.g. "header-not-allowed".
// A pattern matches a finding of that kind, and, when given, with that header
// among its headers (lower-cased here, as in the report) and a URL matching
// the glob (see url_matches_glob).
struct FindingPattern {
  std::string kind;
  std::optional<std::string> header;
  std::optional<std::string> url;
};

// A finding the scenario tolerates. The reason is required so that every
// exception is explained in review ("known: API team ticket OPS-123").
struct AllowRule {
  FindingPattern pattern;
  std::string reason;
};

struct Expect {
  // Any error-severity finding that no allow rule covers fails the scenario.
  bool no_errors = true;
  std::vector<AllowRule> allow;
  // Findings that must appear: a missing one fails the scenario (pins a known-bad page).
  std::vector<FindingPattern> findings;
  // A failure says how a scenario file could tolerate it (expect.allow);
  // `watch` has no scenario file, so its failures say nothing of the kind.
  bool from_scenario_file = true;
};

enum class TracingPreset { kCustom, kW3c, kDatadog, kSentry, kXray, kB3, kB3Multi, kNewRelic };

// One entry of an SDK's propagation setting: a string (what it means is the
// SDK's own: an exact URL, a prefix, a substring, an origin) or a RegExp.
struct PropagationTarget {
  bool regexp = false;
  std::string text;   // The string, or the RegExp's source.
  std::string flags;  // A RegExp's flags.
  // The headers a request this target matches gets, when the target says
  // (Datadog's {match, propagatorTypes}); empty: the SDK's own list.
  std::vector<std::string> headers = {};
  bool operator==(const PropagationTarget&) const = default;
};

// Which requests one SDK decorates, as that SDK decides it.
struct SdkMatching {
  std::string sdk;  // A name of scenario/tracing_sdks.h: its matching rule.
  // No setting given: every request ("what if we propagate everywhere").
  bool everywhere = true;
  std::vector<PropagationTarget> targets;
};

// Rehearses what a tracing SDK would add to requests, to catch CORS contracts
// that break once tracing headers appear.
struct Tracing {
  TracingPreset preset = TracingPreset::kCustom;
  // Lower-case names of the headers to add: the preset's (see
  // fields::kTracingPresets) or the scenario's own list when preset is kCustom.
  std::vector<std::string> headers;
  // JavaScript RegExp sources matched against request URLs, like the SDKs'
  // propagateTraceHeaderCorsUrls / allowedTracingUrls / tracePropagationTargets.
  // Empty: same-origin requests only.
  std::vector<std::string> propagate_to;
  double sample_ratio = 1.0;  // share of requests that get the headers, in [0, 1]
  // One decision per run (page load) instead of per request, as Datadog RUM
  // and CloudWatch RUM sample per session: a run's requests carry the
  // headers together, or none does.
  bool sample_per_run = false;
  std::optional<std::int64_t> seed;
  // `audit`: decide as one SDK decides (its own matching of its own
  // setting, scenario/tracing_sdks.h) instead of by propagate_to.
  std::optional<SdkMatching> sdk;
};

struct Scenario {
  std::string file;  // where it was read from, as given to the parser
  std::string name;
  std::string url;  // absolute http(s), or a "/path" on the fixture (then `fixture` is set)
  std::string description;
  std::int64_t timeout_ms = 30000;  // bounds the whole scenario
  std::int64_t idle_ms = 500;       // network-idle quiet period
  std::int64_t repeat = 1;
  std::optional<Viewport> viewport;
  std::map<std::string, std::string> headers;  // extra request headers for the page, as written
  std::vector<Step> steps;                     // empty: open url, wait for network idle
  Expect expect;
  // Passed through to the built-in fixture app; only its outline is validated here.
  std::optional<nlohmann::json> fixture;
  std::optional<Tracing> tracing;
  // Who answers which origin ("https://api.example.com": express), for the
  // fix snippet; an origin not named here is guessed from its responses.
  ServerHints servers;
};

// The glob of FindingPattern::url: '*' matches any run of characters
// (including '/'); every other character matches itself, case-sensitively.
bool url_matches_glob(std::string_view glob, std::string_view url);

}  // namespace silentcors::scenario
