// Each tracing SDK that npm ships, loaded for real (tests/sdk, pinned and
// bundled) on a page in real Chromium, against the rehearsal of it that
// `silentcors audit --sdk NAME --sdk-config FILE` runs: for a table of
// propagation settings (strings and RegExps: an exact URL, an origin with and
// without its slash, an upper-case host, a shorter port, a path, RegExp
// flags) and a table of calls (query strings, an upper-case host, the page's
// own origin, a relative URL; each by fetch and by XHR), the server's log
// must show the same header names on the same calls, and every value in its
// header's format. `ctest -L sdk`.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analysis/http_headers.h"
#include "e2e_support.h"
#include "fixture/fixture_app.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSdk = fs::path(SILENTCORS_TEST_DATA) / "sdk";

struct Sdk {
  const char* label;    // the test's name
  const char* name;     // dist/matching/<name>.js and `--sdk <name>`
  const char* setting;  // its propagation setting, as --sdk-config names it
  const char* options;  // further settings of the real SDK (JSON)
};

void PrintTo(const Sdk& sdk, std::ostream* os) { *os << sdk.label; }

const Sdk kSdks[] = {
    {"otel", "otel", "propagateTraceHeaderCorsUrls", "{}"},
    {"faro", "faro", "propagateTraceHeaderCorsUrls", "{}"},
    // Injection 'sampled' (the default) with every trace sampled, and 'all'
    // with none sampled: an audit rehearses the worst case, so both must
    // send what the rehearsal sends.
    {"datadog_sampled", "datadog", "allowedTracingUrls", R"({"traceSampleRate": 100})"},
    {"datadog_all", "datadog", "allowedTracingUrls", R"({"traceSampleRate": 0, "traceContextInjection": "all"})"},
    {"sentry", "sentry", "tracePropagationTargets", "{}"},
};

// One propagation setting. {{API}} is the API's origin, {{PORT}} its port,
// {{SHORT_PORT}} its port without the last digit. A target starting with
// "{" is a JSON object: Datadog's {match, propagatorTypes}, for Datadog only.
struct Setting {
  const char* what;
  std::vector<std::string> targets;
  const char* only_for = nullptr;  // an SDK's name
};

const Setting kSettings[] = {
    {"an exact URL", {"{{API}}/api/orders"}},
    {"an origin without its slash", {"{{API}}"}},
    {"an origin with its slash", {"{{API}}/"}},
    {"an upper-case host", {"http://LOCALHOST:{{PORT}}/api/"}},
    {"a shorter port", {"http://127.0.0.1:{{SHORT_PORT}}"}},
    {"a path", {"/api/orders"}},
    {"an anchored RegExp", {R"(/^http:\/\/127\.0\.0\.1:{{PORT}}\/api\//)"}},
    {"a case-insensitive RegExp", {R"(/LOCALHOST:{{PORT}}\/API/i)"}},
    {"a global RegExp", {"/orders/g"}},
    // The first target that matches chooses the propagators.
    {"propagatorTypes by target",
     {R"({"match": "{{API}}/api/orders", "propagatorTypes": ["tracecontext"]})",
      R"({"match": "/^http:\\/\\/127\\.0\\.0\\.1:{{PORT}}\\//", "propagatorTypes": ["b3multi", "datadog"]})",
      R"({"match": "{{FRONTEND}}/", "propagatorTypes": null})"},
     "datadog"},
};

// Every page makes each call twice: by fetch (GET) and by XHR (POST).
const char* const kCalls[] = {
    "{{API}}/api/orders",
    "{{API}}/api/orders?id=1",
    "{{API}}/api/orders/42",
    "{{API}}/other",
    "{{API}}/other?next=/api/orders",
    "http://LOCALHOST:{{PORT}}/api/orders",
    "{{API}}",
    "/api/orders/same-origin",
    "{{FRONTEND}}/api/orders/same-origin-absolute",
};

// The format each tracing header's value must have, whoever sent it: a
// server that parses them must not be fooled by the rehearsal.
const std::map<std::string, std::regex> kFormats = {
    {"traceparent", std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]")},
    {"tracestate", std::regex(R"([a-z0-9_*/@-]+=[^,=]+(,[a-z0-9_*/@-]+=[^,=]+)*)")},
    {"baggage", std::regex(R"([^=,\s]+=[^,]*(,\s*[^=,\s]+=[^,]*)*)")},
    {"sentry-trace", std::regex("[0-9a-f]{32}-[0-9a-f]{16}(-[01])?")},
    {"x-datadog-trace-id", std::regex("[0-9]{1,20}")},
    {"x-datadog-parent-id", std::regex("[0-9]{1,20}")},
    {"x-datadog-sampling-priority", std::regex("-?[0-9]")},
    {"x-datadog-origin", std::regex("rum")},
    {"x-b3-traceid", std::regex("[0-9a-f]{16}|[0-9a-f]{32}")},
    {"x-b3-spanid", std::regex("[0-9a-f]{16}")},
    {"x-b3-sampled", std::regex("[01]")},
};

// Headers Chromium sends of its own: anything else a page's script added.
bool browser_header(const std::string& name) {
  static const std::set<std::string> names = {"accept",         "accept-encoding", "accept-language", "cache-control",
                                              "connection",     "content-length",  "content-type",    "cookie",   "host",
                                              "origin",         "pragma",          "referer",         "user-agent"};
  return names.contains(name) || name.starts_with("sec-");
}

std::string replaced(std::string text, const fixture::FixtureApp& app) {
  const std::string port = std::to_string(app.api_port());
  const std::pair<std::string, std::string> values[] = {{"{{API}}", app.api_origin()},
                                                        {"{{FRONTEND}}", app.frontend_origin()},
                                                        {"{{SHORT_PORT}}", port.substr(0, port.size() - 1)},
                                                        {"{{PORT}}", port}};
  for (const auto& [name, value] : values) {
    for (std::size_t at; (at = text.find(name)) != std::string::npos;) text.replace(at, name.size(), value);
  }
  return text;
}

// As encodeURIComponent would, for the page's fragment.
std::string percent_encoded(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

// Per call ("GET 127.0.0.1:PORT /api/orders?id=1"): the headers the page's
// scripts added (name -> every value seen).
using Sent = std::map<std::string, std::map<std::string, std::set<std::string>>>;

Sent sent_by_page(const std::vector<fixture::LoggedRequest>& log) {
  Sent sent;
  for (const auto& request : log) {
    if (request.method == "OPTIONS") continue;
    // The calls only: not the page, its bundle, the SDK's own beacons.
    if (request.side != fixture::Side::kApi && !request.target.starts_with("/api/")) continue;
    auto& headers = sent[request.method + " " + request.header("Host").value_or("?") + " " + request.target];
    for (const auto& [name, value] : request.headers) {
      if (const std::string lowered = to_lower_ascii(name); !browser_header(lowered)) headers[lowered].insert(value);
    }
  }
  return sent;
}

std::string names(const std::map<std::string, std::set<std::string>>& headers) {
  std::string out;
  for (const auto& [name, values] : headers) out += (out.empty() ? "" : ", ") + name;
  return "[" + out + "]";
}

std::string replaced_script(std::string page, const std::string& script) {
  return page.replace(page.find("SCRIPT"), 6, script);
}

// The setting's targets as --sdk-config and the page take them.
json targets_of(const Setting& setting, const fixture::FixtureApp& app) {
  json targets = json::array();
  for (const auto& t : setting.targets) {
    const std::string text = replaced(t, app);
    targets.push_back(text.starts_with("{") ? json::parse(text) : json(text));
  }
  return targets;
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

class SdkMatching : public ::testing::TestWithParam<Sdk> {
 protected:
  void TearDown() override { EXPECT_TRUE(nothing_left_behind(tmp.str())); }

  // A scenario opening `page` of `app` with the setting's targets and the calls.
  fs::path scenario(const std::string& file, const std::string& page, const Setting& setting,
                    const fixture::FixtureApp& app) {
    json calls = json::array();
    for (const char* call : kCalls) {
      calls.push_back({{"url", replaced(call, app)}, {"via", "fetch"}});
      calls.push_back({{"url", replaced(call, app)}, {"via", "xhr"}});
    }
    const json config = {{"targets", targets_of(setting, app)}, {"calls", calls}, {"options", json::parse(GetParam().options)}};
    const json scenario = {
        {"name", file},
        {"url", app.page_url(page) + "#" + percent_encoded(config.dump())},
        {"steps", json::array({{{"waitFor", {{"js", "document.title === 'done'"}}}, {"timeoutMs", 20000}}})}};
    const fs::path path = tmp.path() / (file + ".json");
    write(path, scenario.dump(2));
    return path;
  }

  TempDir tmp;
};

TEST_P(SdkMatching, TheRehearsalDecoratesTheCallsTheRealSdkDecorates) {
  const Sdk& sdk = GetParam();
  const fs::path bundle = kSdk / "dist" / "matching" / (std::string(sdk.name) + ".js");
  ASSERT_TRUE(fs::is_regular_file(bundle))
      << bundle.string() << " is missing: run scripts/setup --tests (it bundles tests/sdk with build.mjs)";

  // One fixture per setting: the API allows every header, so every call
  // reaches the server with whatever the page added.
  fixture::FixtureConfig config;
  fixture::RouteConfig route;
  route.path = "/*";
  route.allow_methods = "GET, POST";
  route.allow_headers = "*";
  config.routes = {route};
  const fs::path none_bundle = kSdk / "dist" / "matching" / "none.js";
  ASSERT_TRUE(fs::is_regular_file(none_bundle));
  // The real SDK's page, and the same calls from a page without an SDK (the
  // page the rehearsal runs on).
  const std::string page = "<!doctype html><title>running</title><script src=\"/SCRIPT\"></script>";
  config.pages = {{"/real.html", replaced_script(page, "real.js")}, {"/none.html", replaced_script(page, "none.js")}};
  config.files = {{"/real.js", bundle}, {"/none.js", none_bundle}};
  config.intake = {"/intake/*"};
  std::vector<const Setting*> settings;
  for (const auto& setting : kSettings) {
    if (!setting.only_for || std::string(setting.only_for) == sdk.name) settings.push_back(&setting);
  }
  std::vector<std::unique_ptr<fixture::FixtureApp>> apps;
  std::vector<std::string> real_scenarios;
  for (const Setting* setting : settings) {
    apps.push_back(std::make_unique<fixture::FixtureApp>(config));
    apps.back()->start();
    real_scenarios.push_back(scenario("real-" + std::to_string(apps.size()), "/real.html", *setting, *apps.back()).string());
  }

  // The real SDK: every setting's page, in one run.
  std::vector<std::string> args = {"run"};
  args.insert(args.end(), real_scenarios.begin(), real_scenarios.end());
  const CommandResult real_run = run_silentcors(args, tmp.str(), std::chrono::seconds(300));
  ASSERT_TRUE(real_run.exit_code == 0 || real_run.exit_code == 1) << real_run.out << real_run.err;

  std::string differences;
  int decorated = 0, plain = 0;
  for (std::size_t i = 0; i < apps.size(); ++i) {
    auto& app = *apps[i];
    const Setting& setting = *settings[i];
    const Sent real = sent_by_page(app.requests());
    app.clear_requests();

    // The rehearsal: the same calls from a page without an SDK, audited
    // with the same setting.
    const json targets = targets_of(setting, app);
    const fs::path sdk_config = tmp.path() / ("sdks-" + std::to_string(i) + ".json");
    write(sdk_config, json{{sdk.name, {{sdk.setting, targets}}}}.dump());
    const fs::path none_scenario = scenario("none-" + std::to_string(i), "/none.html", setting, app);
    const CommandResult audit = run_silentcors(
        {"audit", none_scenario.string(), "--sdk", sdk.name, "--sdk-config", sdk_config.string()}, tmp.str(),
        std::chrono::seconds(120));
    ASSERT_TRUE(audit.exit_code == 0 || audit.exit_code == 1) << audit.out << audit.err;
    const Sent rehearsed = sent_by_page(app.requests());


    const std::string where = std::string(setting.what) + " " + targets.dump() + ": ";
    EXPECT_EQ(real.size(), std::size(kCalls) * 2) << where << "calls missing from the real SDK's page";
    EXPECT_EQ(rehearsed.size(), std::size(kCalls) * 2) << where << "calls missing from the rehearsal's page";
    for (const auto& [call, headers] : real) {
      const auto other = rehearsed.find(call);
      const std::string rehearsal = other == rehearsed.end() ? "(no such call)" : names(other->second);
      if (names(headers) != rehearsal) {
        differences += where + call + ": " + sdk.label + " sent " + names(headers) + ", the rehearsal " + rehearsal + "\n";
      }
      ++(headers.empty() ? plain : decorated);
    }
    for (const Sent* log : {&real, &rehearsed}) {
      for (const auto& [call, headers] : *log) {
        for (const auto& [name, values] : headers) {
          const auto format = kFormats.find(name);
          for (const auto& value : values) {
            EXPECT_TRUE(format != kFormats.end() && std::regex_match(value, format->second))
                << (log == &real ? sdk.label : "the rehearsal") << " sent " << name << ": " << value << " on " << call
                << (format == kFormats.end() ? " (no format known for it)" : "");
          }
        }
      }
    }
  }
  EXPECT_EQ(differences, "") << "the rehearsal of " << sdk.label << " differs from the real SDK";
  // Neither all nor nothing: the table tells the SDK's matching apart.
  EXPECT_GT(decorated, 0);
  EXPECT_GT(plain, 0);
}

INSTANTIATE_TEST_SUITE_P(Sdks, SdkMatching, ::testing::ValuesIn(kSdks),
                         [](const ::testing::TestParamInfo<Sdk>& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace silentcors::e2e
