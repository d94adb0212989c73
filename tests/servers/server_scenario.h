// What the framework server tests share on the browser side: the fixture
// page (the page origin) that calls the server under test, and the scenario
// file that opens it.
#pragma once

#include <filesystem>
#include <source_location>
#include <string>

#include <nlohmann/json.hpp>

#include "fixture/fixture_app.h"

namespace silentcors::e2e {

// A W3C traceparent, as OpenTelemetry web sends it.
inline constexpr const char* kTraceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// The `init` of a JSON POST that also sends traceparent: its preflight asks
// for content-type and traceparent.
inline const std::string kJsonPostWithTraceparent =
    std::string("{method: 'POST', headers: {'content-type': 'application/json', traceparent: '") + kTraceparent +
    "'}, body: '{}'}";

// A fixture whose /page calls fetch(`url`, `init`) once (init is JavaScript,
// e.g. "{method: 'POST'}") and reads the body, so the run has one request.
fixture::FixtureConfig page_fetching(const std::string& url, const std::string& init);

// A page that calls `url_before_i` + 1..20 one after another (each its own
// URL, so no preflight is answered from Chromium's cache) with
// Content-Type: application/json, every other call with traceparent too:
// against an API allowing Content-Type only, 20 preflights, 10 refused.
fixture::FixtureConfig page_calling_twenty_half_traced(const std::string& url_before_i, const std::string& method);
// A `logs` endpoint of that page's access log names traceparent: asked for
// by all 10 orphaned preflights and none of the followed ones.
void expect_orphans_asked_for_traceparent(const nlohmann::json& endpoint,
                                          std::source_location where = std::source_location::current());

// DIR/scenario.json opening `page_url`; `servers` (origin -> kind), when
// given, is the scenario's "servers" map: who answers a server that does not
// say so itself (HAProxy sends no Server header).
std::string write_scenario(const std::filesystem::path& dir, const std::string& name, const std::string& page_url,
                           const nlohmann::json& servers = nullptr);

}  // namespace silentcors::e2e
