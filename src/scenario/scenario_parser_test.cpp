#include "scenario/scenario_parser.h"

#include <gtest/gtest.h>

#include <fstream>

namespace silentcors::scenario {
namespace {

using nlohmann::json;

Scenario parse_ok(std::string_view text) {
  ParseResult result = parse_scenario(text, "s.json");
  for (const auto& error : result.errors) ADD_FAILURE() << format(error);
  if (!result.scenario) return {};
  return *result.scenario;
}

// Every error, formatted exactly as the user sees it.
std::vector<std::string> errors_of(std::string_view text, std::string_view file = "s.json") {
  ParseResult result = parse_scenario(text, file);
  EXPECT_EQ(result.ok(), result.scenario.has_value());
  std::vector<std::string> out;
  for (const auto& error : result.errors) out.push_back(format(error));
  return out;
}

using Errors = std::vector<std::string>;

TEST(ParseScenario, MinimalScenarioGetsTheDefaults) {
  const Scenario s = parse_ok(R"({"name": "checkout", "url": "https://staging.example/checkout"})");
  EXPECT_EQ(s.file, "s.json");
  EXPECT_EQ(s.name, "checkout");
  EXPECT_EQ(s.url, "https://staging.example/checkout");
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.timeout_ms, 30000);
  EXPECT_EQ(s.idle_ms, 500);
  EXPECT_EQ(s.repeat, 1);
  EXPECT_FALSE(s.viewport);
  EXPECT_TRUE(s.headers.empty());
  EXPECT_TRUE(s.steps.empty());
  EXPECT_TRUE(s.expect.no_errors);
  EXPECT_TRUE(s.expect.allow.empty());
  EXPECT_TRUE(s.expect.findings.empty());
  EXPECT_FALSE(s.fixture);
  EXPECT_FALSE(s.tracing);
}

TEST(ParseScenario, EveryFieldIsParsed) {
  const Scenario s = parse_ok(R"json({
    "$schema": "../scenarios/schema.json",
    "name": "checkout",
    "url": "/checkout",
    "description": "tracing headers on the orders API",
    "timeoutMs": 60000.0,
    "idleMs": 0,
    "repeat": 20,
    "viewport": {"width": 1280, "height": 720},
    "headers": {"Authorization": "Bearer t", "X-Env": ""},
    "steps": [
      {"goto": "https://staging.example/cart", "timeoutMs": 5000},
      {"click": "#buy"},
      {"fill": "#email", "text": ""},
      {"press": "Enter"},
      {"press": "Tab", "selector": "#search"},
      {"waitFor": "#receipt"},
      {"waitFor": "networkIdle"},
      {"waitFor": 250},
      {"waitFor": {"js": "window.ready"}},
      {"waitFor": {"selector": ".row"}},
      {"evaluate": "localStorage.clear()"}
    ],
    "expect": {
      "noErrors": false,
      "allow": [{"kind": "header-not-exposed", "header": "X-Request-Id", "url": "https://api.example/*",
                 "reason": "OPS-123"}],
      "findings": [{"kind": "header-not-allowed", "header": "traceparent"}, {"kind": "other-cors"}]
    },
    "fixture": {
      "routes": [{"path": "/api/orders", "allowOrigin": ["https://a.test", "https://b.test"], "allowMethods": null,
                  "allowHeaders": "content-type", "allowCredentials": true, "exposeHeaders": null,
                  "timingAllowOrigin": "*", "maxAge": null, "preflightStatus": 204, "preflightRedirect": "/x",
                  "status": 200, "responseHeaders": {"Server-Timing": "db;dur=5"}, "body": "{}", "delayMs": 10}],
      "pages": {"/checkout": "<button id=buy>Buy</button>"}
    },
    "tracing": {"headers": "w3c", "propagateTo": ["^https://api\\.example/"], "sampleRatio": 0.25, "seed": 7}
  })json");
  EXPECT_EQ(s.url, "/checkout");
  EXPECT_EQ(s.description, "tracing headers on the orders API");
  EXPECT_EQ(s.timeout_ms, 60000);
  EXPECT_EQ(s.idle_ms, 0);
  EXPECT_EQ(s.repeat, 20);
  ASSERT_TRUE(s.viewport);
  EXPECT_EQ(s.viewport->width, 1280);
  EXPECT_EQ(s.viewport->height, 720);
  EXPECT_EQ(s.headers, (std::map<std::string, std::string>{{"Authorization", "Bearer t"}, {"X-Env", ""}}));

  ASSERT_EQ(s.steps.size(), 11u);
  EXPECT_EQ(std::get<Goto>(s.steps[0].action).url, "https://staging.example/cart");
  EXPECT_EQ(s.steps[0].timeout_ms, 5000);
  EXPECT_EQ(s.steps[0].position, (SourcePosition{12, 7}));
  EXPECT_EQ(std::get<Click>(s.steps[1].action).selector, "#buy");
  EXPECT_FALSE(s.steps[1].timeout_ms);
  EXPECT_EQ(std::get<Fill>(s.steps[2].action).selector, "#email");
  EXPECT_EQ(std::get<Fill>(s.steps[2].action).text, "");
  EXPECT_EQ(std::get<Press>(s.steps[3].action).key, "Enter");
  EXPECT_FALSE(std::get<Press>(s.steps[3].action).selector);
  EXPECT_EQ(std::get<Press>(s.steps[4].action).selector, "#search");
  const auto wait = [&](std::size_t i) { return std::get<WaitFor>(s.steps[i].action); };
  EXPECT_EQ(wait(5).kind, WaitFor::Kind::kSelector);
  EXPECT_EQ(wait(5).text, "#receipt");
  EXPECT_EQ(wait(6).kind, WaitFor::Kind::kNetworkIdle);
  EXPECT_EQ(wait(7).kind, WaitFor::Kind::kDelay);
  EXPECT_EQ(wait(7).delay_ms, 250);
  EXPECT_EQ(wait(8).kind, WaitFor::Kind::kJsCondition);
  EXPECT_EQ(wait(8).text, "window.ready");
  EXPECT_EQ(wait(9).kind, WaitFor::Kind::kSelector);
  EXPECT_EQ(wait(9).text, ".row");
  EXPECT_EQ(std::get<Evaluate>(s.steps[10].action).code, "localStorage.clear()");

  EXPECT_FALSE(s.expect.no_errors);
  ASSERT_EQ(s.expect.allow.size(), 1u);
  EXPECT_EQ(s.expect.allow[0].pattern.kind, "header-not-exposed");
  EXPECT_EQ(s.expect.allow[0].pattern.header, "x-request-id");  // lower-cased, as in the report
  EXPECT_EQ(s.expect.allow[0].pattern.url, "https://api.example/*");
  EXPECT_EQ(s.expect.allow[0].reason, "OPS-123");
  ASSERT_EQ(s.expect.findings.size(), 2u);
  EXPECT_EQ(s.expect.findings[0].header, "traceparent");
  EXPECT_EQ(s.expect.findings[1].kind, "other-cors");
  EXPECT_FALSE(s.expect.findings[1].header);
  EXPECT_FALSE(s.expect.findings[1].url);

  ASSERT_TRUE(s.fixture);
  EXPECT_TRUE((*s.fixture)["routes"][0]["maxAge"].is_null());
  EXPECT_TRUE((*s.fixture)["routes"][0]["allowMethods"].is_null());  // kept: null differs from absent
  EXPECT_EQ((*s.fixture)["pages"]["/checkout"], "<button id=buy>Buy</button>");

  ASSERT_TRUE(s.tracing);
  EXPECT_EQ(s.tracing->preset, TracingPreset::kW3c);
  EXPECT_EQ(s.tracing->headers, (std::vector<std::string>{"traceparent", "tracestate"}));
  EXPECT_EQ(s.tracing->propagate_to, (std::vector<std::string>{"^https://api\\.example/"}));
  EXPECT_EQ(s.tracing->sample_ratio, 0.25);
  EXPECT_EQ(s.tracing->seed, 7);
}

TEST(ParseScenario, TracingDefaultsAndCustomHeaders) {
  const Scenario s = parse_ok(R"({"name": "n", "url": "https://a.test/",
                                  "tracing": {"headers": ["X-Correlation-Id", "baggage"]}})");
  ASSERT_TRUE(s.tracing);
  EXPECT_EQ(s.tracing->preset, TracingPreset::kCustom);
  EXPECT_EQ(s.tracing->headers, (std::vector<std::string>{"x-correlation-id", "baggage"}));
  EXPECT_TRUE(s.tracing->propagate_to.empty());  // same-origin only
  EXPECT_EQ(s.tracing->sample_ratio, 1.0);
  EXPECT_FALSE(s.tracing->sample_per_run);
  EXPECT_FALSE(s.tracing->seed);
  EXPECT_EQ(parse_ok(R"({"name": "n", "url": "https://a.test/", "tracing": {"headers": "b3multi"}})").tracing->headers,
            (std::vector<std::string>{"x-b3-traceid", "x-b3-spanid", "x-b3-sampled"}));
}

TEST(ParseScenario, TheDatadogPresetSendsWhatDatadogRumSends) {
  // Datadog browser RUM 7.x sends baggage too (propagateTraceBaggage is on
  // by default): the rehearsal sent 6 of its 7 headers, so it could pass an
  // API the real SDK breaks (issue 19). tests/sdk/sdk_triage_test.cpp sees
  // the same 7 refused on a page running the real SDK in Chromium.
  EXPECT_EQ(parse_ok(R"({"name": "n", "url": "https://a.test/", "tracing": {"headers": "datadog"}})").tracing->headers,
            (std::vector<std::string>{"x-datadog-origin", "x-datadog-parent-id", "x-datadog-sampling-priority",
                                      "x-datadog-trace-id", "traceparent", "tracestate", "baggage"}));
}

TEST(ParseScenario, TracingSamplesPerRunLikeASessionSampler) {
  EXPECT_TRUE(parse_ok(R"({"name": "n", "url": "https://a.test/", "tracing": {"headers": "datadog", "sampleBy": "run"}})")
                  .tracing->sample_per_run);
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "tracing": {"headers": "w3c", "sampleBy": "session"}})"),
            (Errors{"s.json:1:83: tracing.sampleBy: expected \"request\" or \"run\", got \"session\""}));
}

TEST(ParseScenario, ServersNameWhoAnswersAnOrigin) {
  const Scenario s = parse_ok(R"({"name": "n", "url": "https://a.test/", "servers": {"https://api.a.test": "fastapi"}})");
  EXPECT_EQ(s.servers.at("https://api.a.test"), ServerKind::kStarlette);
  const auto errors = errors_of(R"({"name": "n", "url": "https://a.test/", "servers": {"https://api.a.test": "iis"}})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("s.json:1:75: servers[\"https://api.a.test\"]: unknown server \"iis\"; expected one of: http, express", 0), 0u)
      << errors[0];
}

// Issue 18 item 9: such keys never matched a request and were ignored in
// silence, while --server refuses them.
TEST(ParseScenario, AServersKeyThatIsNoOriginIsNamedWithItsFix) {
  const auto slash = errors_of(R"({"name": "n", "url": "https://a.test/", "servers": {"https://api.a.test/": "nginx"}})");
  ASSERT_EQ(slash.size(), 1u);
  EXPECT_NE(slash[0].find("servers[\"https://api.a.test/\"]: \"https://api.a.test/\" is not an origin (scheme://host[:port], "
                          "no path); did you mean \"https://api.a.test\"?"),
            std::string::npos)
      << slash[0];
  const auto bare = errors_of(R"({"name": "n", "url": "https://a.test/", "servers": {"api.a.test": "nginx"}})");
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_NE(bare[0].find("\"api.a.test\" is not an origin"), std::string::npos) << bare[0];
}

TEST(ParseScenario, CommentsAreAllowed) {
  const Scenario s = parse_ok(R"(
    // Checkout on staging: the orders API refuses traceparent (OPS-123).
    {
      "name": "checkout", /* shown in the JUnit report */
      "url": "https://staging.example/checkout" // opened first
      /* "repeat": 5, disabled for now */
    })");
  EXPECT_EQ(s.name, "checkout");
  EXPECT_EQ(s.repeat, 1);
}

TEST(ParseScenario, ReportsAllErrorsAtOnceInFileOrder) {
  const std::string text =
      "{\n"                                         // 1
      "  \"name\": \"\",\n"                         // 2
      "  \"url\": \"https://staging.example/\",\n"  // 3
      "  \"tiemoutMs\": 5000,\n"                    // 4
      "  \"repeat\": 0,\n"                          // 5
      "  \"steps\": [\n"                            // 6
      "    {\"click\": \"#a\"},\n"                  // 7
      "    {\"click\": 42},\n"                      // 8
      "    {\"fill\": \"#email\"},\n"               // 9
      "    {\"waitFor\": true}\n"                   // 10
      "  ],\n"                                      // 11
      "  \"viewport\": {\"width\": \"1280\"}\n"     // 12
      "}\n";
  EXPECT_EQ(errors_of(text, "checkout.json"),
            (Errors{
                "checkout.json:2:11: name: must not be empty",
                "checkout.json:4:3: tiemoutMs: unknown field \"tiemoutMs\"; did you mean \"timeoutMs\"?",
                "checkout.json:5:13: repeat: must be greater than 0, got 0",
                "checkout.json:8:15: steps[1].click: expected a string (CSS selector), got number",
                "checkout.json:9:5: steps[2].text: missing required field (the text to type)",
                "checkout.json:10:17: steps[3].waitFor: expected a CSS selector, \"networkIdle\", milliseconds, "
                "{\"js\": \"condition\"} or {\"selector\": \"...\"}, got boolean",
                "checkout.json:12:15: viewport.height: missing required field (pixels)",
                "checkout.json:12:25: viewport.width: expected an integer (pixels), got string",
            }));
}

TEST(ParseScenario, SyntaxErrorIsReportedAtItsPosition) {
  EXPECT_EQ(errors_of("{\n  \"name\": \"checkout\"\n  \"url\": \"https://a.test/\"\n}", "checkout.json"),
            (Errors{"checkout.json:3:3: missing ',' before this field"}));
  EXPECT_EQ(errors_of("{\"name\": \"n\", \"url\": \"https://a.test/\", \"steps\": [{\"click\": \"#a\",}]}"),
            (Errors{"s.json:1:65: steps[0]: remove this trailing ','; JSON does not allow a ',' before '}'"}));
}

TEST(ParseScenario, MissingRequiredFieldsPointAtTheObject) {
  EXPECT_EQ(errors_of("{}"),
            (Errors{
                "s.json:1:1: name: missing required field (a short name for reports, e.g. \"checkout\")",
                "s.json:1:1: url: missing required field (the page to open)",
            }));
  EXPECT_EQ(errors_of("[]"),
            (Errors{"s.json:1:1: a scenario is a JSON object like {\"name\": \"checkout\", \"url\": \"https://...\"}, "
                    "got array"}));
}

TEST(ParseScenario, UnknownFieldsSuggestTheClosestName) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "step": [], "fixtures_dir": "x",
                          "expect": {"allow": [{"kind": "other-cors", "reason": "r", "urls": "*"}]}})"),
            (Errors{
                "s.json:1:41: step: unknown field \"step\"; did you mean \"steps\"?",
                "s.json:1:53: fixtures_dir: unknown field \"fixtures_dir\"; expected one of: $schema, name, url, "
                "description, timeoutMs, idleMs, repeat, viewport, headers, steps, expect, fixture, tracing, servers",
                "s.json:2:86: expect.allow[0].urls: unknown field \"urls\"; did you mean \"url\"?",
            }));
}

TEST(ParseScenario, WrongTypes) {
  EXPECT_EQ(errors_of(R"({"name": 7, "url": ["https://a.test/"], "description": null, "timeoutMs": 1.5,
                          "idleMs": "500", "headers": [], "steps": {}, "expect": {"noErrors": "yes"},
                          "tracing": {"headers": 1, "sampleRatio": 2, "seed": "x"}})"),
            (Errors{
                "s.json:1:10: name: expected a string, got number",
                "s.json:1:20: url: expected a string (URL), got array",
                "s.json:1:56: description: expected a string, got null",
                "s.json:1:75: timeoutMs: expected an integer (milliseconds), got 1.5",
                "s.json:2:37: idleMs: expected an integer (milliseconds), got string",
                "s.json:2:55: headers: expected an object (header name to value), got array",
                "s.json:2:68: steps: expected an array of steps, got object",
                "s.json:2:95: expect.noErrors: expected true or false, got string",
                "s.json:3:50: tracing.headers: expected a tracing format such as \"w3c\" or an array of header names, "
                "got number",
                "s.json:3:68: tracing.sampleRatio: must be between 0 and 1, got 2",
                "s.json:3:79: tracing.seed: expected an integer (random seed), got string",
            }));
}

TEST(ParseScenario, StepWithTwoActions) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "steps": [
                           {"fill": "#q", "text": "x", "click": "#go"}]})"),
            (Errors{"s.json:2:56: steps[0].click: a step has exactly one action, and this one already has \"fill\"; "
                    "put \"click\" in a step of its own"}));
}

TEST(ParseScenario, StepWithoutAnActionOrWithOptionsOfAnother) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "steps": [
                           {"timeoutMs": 5},
                           {"clik": "#go"},
                           {"click": "#go", "text": "x", "selector": "#b", "timout": 1}]})"),
            (Errors{
                "s.json:2:28: steps[0]: a step needs one action: goto, click, fill, press, waitFor or evaluate",
                "s.json:3:29: steps[1].clik: unknown field \"clik\"; did you mean \"click\"?",
                "s.json:4:45: steps[2].text: \"text\" only goes with \"fill\"",
                "s.json:4:58: steps[2].selector: \"selector\" only goes with \"press\"; the selector of \"click\" is "
                "its own value, e.g. {\"click\": \"#buy\"}",
                "s.json:4:76: steps[2].timout: unknown field \"timout\"; did you mean \"timeoutMs\"?",
            }));
}

TEST(ParseScenario, WaitForForms) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "steps": [
                           {"waitFor": "networkidle"}, {"waitFor": -1}, {"waitFor": {}},
                           {"waitFor": {"js": "a", "selector": "b"}}, {"waitFor": ""}]})"),
            (Errors{
                "s.json:2:40: steps[0].waitFor: did you mean \"networkIdle\"? (any other string is a CSS selector)",
                "s.json:2:68: steps[1].waitFor: must be at least 0, got -1",
                "s.json:2:85: steps[2].waitFor: expected {\"js\": \"condition\"} or {\"selector\": \"...\"}, got an "
                "empty object",
                "s.json:3:52: steps[3].waitFor.selector: waitFor takes either \"js\" or \"selector\", not both",
                "s.json:3:83: steps[4].waitFor: must not be empty",
            }));
}

TEST(ParseScenario, AllowEntryNeedsAReason) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "expect": {"allow": [
                           {"kind": "header-not-exposed", "header": "x-request-id"},
                           {"kind": "header-not-exposed", "reason": "  "}]}})"),
            (Errors{
                "s.json:2:28: expect.allow[0].reason: missing required field (why this finding is acceptable, e.g. a "
                "ticket number)",
                "s.json:3:69: expect.allow[1].reason: must not be empty",
            }));
}

TEST(ParseScenario, FindingKindsAndHeadersAreChecked) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "expect": {"findings": [
                           {"kind": "header-not-alowed", "header": "trace parent"}, {"header": "b3"},
                           {"kind": "cors"}]}})"),
            (Errors{
                "s.json:2:37: expect.findings[0].kind: unknown kind \"header-not-alowed\"; did you mean "
                "\"header-not-allowed\"?",
                "s.json:2:68: expect.findings[0].header: not a valid header name, got \"trace parent\"",
                "s.json:2:85: expect.findings[1].kind: missing required field (a finding kind such as "
                "\"header-not-allowed\")",
                "s.json:3:37: expect.findings[2].kind: unknown kind \"cors\"; expected one of: header-not-allowed, "
                "method-not-allowed, preflight-status, preflight-redirect, missing-allow-origin, "
                "allow-origin-mismatch, multiple-allow-origin, credentials-not-allowed, wildcard-with-credentials, "
                "header-not-exposed, server-timing-hidden, authorization-wildcard, vary-origin-missing, other-cors",
            }));
}

TEST(ParseScenario, RelativeUrlNeedsAFixture) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "/checkout", "steps": [{"goto": "/cart"}]})"),
            (Errors{
                "s.json:1:22: url: \"/checkout\" is a path on the built-in fixture, but this scenario has no "
                "\"fixture\"; use an absolute http(s) URL or add a \"fixture\"",
                "s.json:1:54: steps[0].goto: \"/cart\" is a path on the built-in fixture, but this scenario has no "
                "\"fixture\"; use an absolute http(s) URL or add a \"fixture\"",
            }));
  EXPECT_EQ(parse_ok(R"({"name": "n", "url": "/", "fixture": {}})").url, "/");
}

TEST(ParseScenario, UrlsMustBeHttpOrAFixturePath) {
  for (const char* bad : {"staging.example/checkout", "ftp://a.test/", "https://", "https:///x", "//a.test/x",
                          "https://a.test/a b", "about:blank", ""}) {
    EXPECT_EQ(errors_of(R"({"name": "n", "url": )" + json(bad).dump() + "}"),
              (Errors{"s.json:1:22: url: expected an absolute http:// or https:// URL, or a path starting with \"/\" "
                      "on the built-in fixture, got " +
                      json(bad).dump()}))
        << bad;
  }
  for (const char* good : {"http://localhost:8080", "https://a.test/x?y#z", "https://a.test?q", "http://[::1]:80/"}) {
    EXPECT_EQ(parse_ok(R"({"name": "n", "url": )" + json(good).dump() + "}").url, good);
  }
}

TEST(ParseScenario, TimeoutMustLeaveRoomForIdle) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "timeoutMs": 400})"),
            (Errors{"s.json:1:54: timeoutMs: must be greater than idleMs (500 by default)"}));
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "timeoutMs": 1000, "idleMs": 1000})"),
            (Errors{"s.json:1:70: idleMs: must be less than timeoutMs (1000)"}));
}

TEST(ParseScenario, RequestHeadersAreCheckedBeforeChromiumRefusesThem) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "headers": {
                           "Bad Name": "x", "X-A": "1", "x-a": "2", "X-B": "a\nb", "X-C": 3}})"),
            (Errors{
                "s.json:2:28: headers[\"Bad Name\"]: not a valid header name (letters, digits and !#$%&'*+-.^_`|~ "
                "only)",
                "s.json:2:57: headers.x-a: same header as \"X-A\" (header names ignore case); keep one",
                "s.json:2:76: headers.X-B: a header value cannot contain a line break",
                "s.json:2:91: headers.X-C: expected a string (header value), got number",
            }));
}

TEST(ParseScenario, FixtureOutlineIsValidated) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "/", "fixture": {
                           "routes": [{"allowOrigin": [1], "allowHeaders": 5, "maxAge": "60", "status": 199,
                                       "alowCredentials": true}],
                           "pages": {"checkout": "<p>", "/x": 1},
                           "route": []}})"),
            (Errors{
                "s.json:2:39: fixture.routes[0].path: missing required field (such as \"/api/orders\")",
                "s.json:2:55: fixture.routes[0].allowOrigin: expected a string, a non-empty array of strings or null, "
                "got array",
                "s.json:2:76: fixture.routes[0].allowHeaders: expected a string or null, got number",
                "s.json:2:89: fixture.routes[0].maxAge: expected an integer (seconds, or null), got string",
                "s.json:2:105: fixture.routes[0].status: must be between 200 and 599, got 199",
                "s.json:3:40: fixture.routes[0].alowCredentials: unknown field \"alowCredentials\"; did you mean "
                "\"allowCredentials\"?",
                "s.json:4:38: fixture.pages.checkout: a page path starts with \"/\"",
                "s.json:4:63: fixture.pages[\"/x\"]: expected a string (HTML), got number",
                "s.json:5:28: fixture.route: unknown field \"route\"; did you mean \"routes\"?",
            }));
}

TEST(ParseScenario, FixtureFilesAndIntakeOutlineIsValidated) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "/", "fixture": {
                           "files": {"sdk/a.js": "dist/a.js", "/b.js": "", "/c.js": 3},
                           "intake": ["/intake/*", "beacon", 7]}})"),
            (Errors{
                "s.json:2:38: fixture.files[\"sdk/a.js\"]: a file's path starts with \"/\"",
                "s.json:2:72: fixture.files[\"/b.js\"]: must not be empty",
                "s.json:2:85: fixture.files[\"/c.js\"]: expected a string (file name, relative to this scenario "
                "file), got number",
                "s.json:3:52: fixture.intake[1]: an intake path starts with \"/\", got \"beacon\"",
                "s.json:3:62: fixture.intake[2]: expected a string (URL path), got number",
            }));
  const Scenario s = parse_ok(R"({"name": "n", "url": "/p", "fixture": {"files": {"/sdk/a.js": "dist/a.js"},
                                  "intake": ["/intake/*"], "pages": {"/p": "<p>"}}})");
  EXPECT_EQ((*s.fixture)["files"]["/sdk/a.js"], "dist/a.js");
  EXPECT_EQ((*s.fixture)["intake"][0], "/intake/*");
}

TEST(ParseScenario, UnknownTracingFormatSuggestsOne) {
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "tracing": {"headers": "datadgo"}})"),
            (Errors{"s.json:1:64: tracing.headers: unknown tracing format \"datadgo\"; did you mean \"datadog\"?"}));
  EXPECT_EQ(errors_of(R"({"name": "n", "url": "https://a.test/", "tracing": {"propagateTo": [/^x/]}})"),
            (Errors{"s.json:1:69: tracing.propagateTo: unexpected '/'; comments start with // or /*"}));
}

TEST(ParseScenario, APropagateToThePageCannotCompileIsBadInput) {
  // It was accepted, rehearsed nothing, and the run passed (issue 18 item 1).
  EXPECT_EQ(
      errors_of(R"({"name": "n", "url": "https://a.test/", "tracing": {"headers": "w3c", "propagateTo": ["^ok", "(["]}})"),
      (Errors{"s.json:1:94: tracing.propagateTo[1]: not a regular expression the page can compile (new RegExp would "
              "throw \"Unterminated character class\" at character 2 of \"([\")"}));
}

TEST(ParseScenario, DuplicateFieldsAreErrors) {
  EXPECT_EQ(errors_of("{\"name\": \"a\",\n \"url\": \"https://a.test/\",\n \"name\": \"b\"}"),
            (Errors{"s.json:3:2: name: duplicate field (first at line 1, column 2); only the last one would count, so "
                    "remove one"}));
}

TEST(LoadScenarioFile, ReadsTheFile) {
  const std::filesystem::path path = std::filesystem::path(testing::TempDir()) / "scenario_parser_test_ok.json";
  std::ofstream(path) << R"({"name": "from disk", "url": "https://a.test/"})";
  const ParseResult result = load_scenario_file(path);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.scenario->name, "from disk");
  EXPECT_EQ(result.scenario->file, path.string());
  std::filesystem::remove(path);
}

TEST(LoadScenarioFile, UnreadableFileIsOneErrorNamingIt) {
  const ParseResult missing = load_scenario_file("/nonexistent/checkout.json");
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_FALSE(missing.scenario);
  EXPECT_EQ(format(missing.errors[0]), "/nonexistent/checkout.json: cannot read file: No such file or directory");

  const ParseResult directory = load_scenario_file(testing::TempDir());
  ASSERT_EQ(directory.errors.size(), 1u);
  EXPECT_EQ(directory.errors[0].message, "cannot read file: it is a directory");
}

TEST(LoadScenarioFile, SyntaxErrorsNameTheFile) {
  const std::filesystem::path path = std::filesystem::path(testing::TempDir()) / "scenario_parser_test_bad.json";
  std::ofstream(path) << "{\n  \"name\": \"x\",\n  \"url\": 'https://a.test/'\n}\n";
  const ParseResult result = load_scenario_file(path);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(format(result.errors[0]),
            path.string() + ":3:10: url: use double quotes (\") for strings and field names, not single quotes");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace silentcors::scenario
