// The browser tracing SDKs `audit` rehearses: the headers each one adds to
// a request it traces, and the setting that decides which requests that is,
// read with that SDK's own matching (page/tracing_rehearsal.cpp carries the
// matchers; tests/sdk proves them against the real SDKs in Chromium). The
// facts and where they were read: ../shared/DESIGN.md and docs/audit.md.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.h"
#include "scenario/scenario_error.h"

namespace silentcors::scenario {

struct TracingSdk {
  std::string_view name;     // What --sdk and --sdk-config call it.
  std::string_view product;  // What a team installs.
  std::string_view setting;  // The propagation setting --sdk-config takes for it.
  // What a string in that setting means, in the SDK's own matching.
  std::string_view strings;
  std::span<const std::string_view> headers;  // Lower-case, in the order the SDK sets them.
  // The real SDK (the package tests/sdk pins) was run in Chromium beside
  // its rehearsal, call by call, for a table of settings
  // (tests/sdk/sdk_matching_test.cpp); else the matching is the vendor's
  // documentation or source, read but not run here.
  bool proved_in_chromium = false;
};

// Every SDK, in the order --help and the reports list them.
std::span<const TracingSdk> tracing_sdks();
const TracingSdk* find_tracing_sdk(std::string_view name);

// "/source/flags" -> a RegExp, anything else a string, as --sdk-config
// writes RegExps in JSON.
PropagationTarget propagation_target(std::string_view text);
// The form back: "/source/flags" or the string itself.
std::string target_text(const PropagationTarget& target);
// A whole setting: each target's text, comma-separated.
std::string targets_text(const std::vector<PropagationTarget>& targets);

// --sdk LIST ("datadog,otel"): the SDKs in the order given, duplicates
// dropped; a name not known throws InputError naming the known ones.
std::vector<const TracingSdk*> sdks_from_list(std::string_view list);

// --sdk-config FILE: {"<sdk>": {"<its setting>": [strings and "/re/flags"]}}.
// Every problem of the file, located (FILE:LINE:COLUMN: FIELD: MESSAGE);
// an SDK the file does not name propagates everywhere.
struct SdkConfig {
  std::map<std::string, SdkMatching, std::less<>> by_sdk;
  std::vector<ScenarioError> errors;
};
SdkConfig parse_sdk_config(std::string_view text, const std::string& file);

// What `sdk` decorates under `config`: its matching, everywhere when unset.
SdkMatching matching_for(const TracingSdk& sdk, const SdkConfig& config);

}  // namespace silentcors::scenario
