// report.html as a person sees it: `silentcors run` on the built-in fixture
// (a POST refused for traceparent and tracestate, and an API whose
// Allow-Headers and a scenario name carry markup, quotes and a javascript:
// URL), then the page opened from file:// in real headless Chromium over
// DevTools. It must show each finding with its headers, fetch nothing,
// keep the hostile values as text (no dialog, no element of theirs), and
// filter. A screenshot is left under the build folder for a person to see.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "browser/browser.h"
#include "e2e_support.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// The hostile values: Chromium and the server pass them on as they are.
constexpr const char* kHostileName = "checkout </style><script>alert('name')</script> \\\"quoted\\\"";
constexpr const char* kHostileAllow = "content-type, </style><script>alert(1)</script>, x\\\" onmouseover=\\\"alert(2)";

std::string scenario_json() {
  return std::string(R"({"name": ")") + kHostileName + R"(", "url": "/shop", "idleMs": 300,
  "fixture": {
    "routes": [
      {"path": "/api/orders", "allowMethods": "GET, POST", "allowHeaders": "content-type"},
      {"path": "/api/evil", "allowHeaders": ")" + kHostileAllow + R"("}
    ],
    "pages": {
      "/shop": "<!doctype html><title>shop</title><script>fetch('{{API}}/api/orders', {method: 'POST', headers: {'content-type': 'application/json', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'a=b'}, body: '{}'}).catch(() => {}); fetch('{{API}}/api/evil?next=javascript:alert(3)', {headers: {'x-evil': '1'}}).catch(() => {}); fetch('{{API}}/api/orders').catch(() => {});</script>"
    }
  }
})";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// What DevTools showed while the report was open.
struct Observed {
  std::mutex mutex;
  std::vector<std::string> requests;  // Network.requestWillBeSent URLs
  std::vector<std::string> dialogs;   // Page.javascriptDialogOpening messages
  bool loaded = false;
};

class HtmlReportInChromium : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("TMPDIR");
    EXPECT_TRUE(nothing_left_behind(tmp.str()));
  }

  json evaluate(browser::CdpClient& cdp, const std::string& session, const std::string& expression) {
    json reply = cdp.call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}}, session);
    if (reply.contains("exceptionDetails")) ADD_FAILURE() << expression << "\n" << reply.dump(2);
    return reply["result"].value("value", json());
  }

  TempDir tmp;
};

TEST_F(HtmlReportInChromium, ShowsEveryFindingFetchesNothingKeepsHostileValuesInertAndFilters) {
  const fs::path scenario = tmp.path() / "checkout.json";
  std::ofstream(scenario) << scenario_json();
  const fs::path out = tmp.path() / "reports";
  CommandResult run = run_silentcors({"run", scenario.string(), "--out", out.string()}, tmp.str());
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  const fs::path html_path = out / "report.html";
  ASSERT_TRUE(fs::exists(html_path)) << run.out;
  const json report = json::parse(read_file(out / "report.json"));
  ASSERT_GE(report.at("findings").size(), 2u) << report.dump(2);

  setenv("TMPDIR", tool_tmpdir(tmp.str()).c_str(), 1);
  browser::Browser chrome(browser::ChromeOptions{});
  browser::CdpClient& cdp = chrome.cdp();
  Observed seen;
  cdp.subscribe([&seen](const browser::CdpEvent& event) {
    std::lock_guard lock(seen.mutex);
    if (event.method() == "Network.requestWillBeSent") {
      seen.requests.push_back(event.params()["request"].value("url", ""));
    } else if (event.method() == "Page.javascriptDialogOpening") {
      seen.dialogs.push_back(event.params().value("message", ""));
    } else if (event.method() == "Page.loadEventFired") {
      seen.loaded = true;
    }
  });
  const std::string target = cdp.call("Target.createTarget", {{"url", "about:blank"}}).at("targetId");
  const std::string session =
      cdp.call("Target.attachToTarget", {{"targetId", target}, {"flatten", true}}).at("sessionId");
  for (const char* domain : {"Network.enable", "Page.enable", "Runtime.enable"}) cdp.call(domain, json::object(), session);
  cdp.call("Emulation.setDeviceMetricsOverride",
           {{"width", 1280}, {"height", 900}, {"deviceScaleFactor", 1}, {"mobile", false}}, session);
  const std::string url = "file://" + fs::absolute(html_path).string();
  cdp.call("Page.navigate", {{"url", url}}, session);
  ASSERT_TRUE(eventually(
      [&] {
        std::lock_guard lock(seen.mutex);
        return seen.loaded;
      },
      std::chrono::seconds(20)));

  // Each finding of report.json has its card, with every refused header marked.
  const json cards = evaluate(cdp, session, R"(Array.from(document.querySelectorAll('article.finding')).map(c => ({
      kind: c.querySelector('.kind').textContent,
      refused: Array.from(c.querySelectorAll('.hdr.refused')).map(h => h.textContent),
      allowed: Array.from(c.querySelectorAll('.hdr.allowed')).map(h => h.textContent),
      text: c.textContent})))");
  ASSERT_EQ(cards.size(), report.at("findings").size()) << cards.dump(2);
  bool saw_traceparent = false, saw_hostile_allow = false;
  for (std::size_t i = 0; i < cards.size(); ++i) {
    const json& f = report["findings"][i];
    EXPECT_EQ(cards[i]["kind"], f.at("kind"));
    for (const auto& header : f.value("headers", json::array())) {
      EXPECT_NE(std::find(cards[i]["refused"].begin(), cards[i]["refused"].end(), header), cards[i]["refused"].end())
          << header << " not marked in card " << i;
    }
    EXPECT_NE(cards[i]["text"].get<std::string>().find(f.at("fix").get<std::string>()), std::string::npos);
    if (f.value("headers", json::array()) == json::array({"traceparent", "tracestate"})) {
      saw_traceparent = true;
      // What the server allowed (headers, then methods), none of what it refused.
      EXPECT_EQ(cards[i]["allowed"], json::array({"content-type", "GET", "POST"}));
    }
    for (const auto& allowed : cards[i]["allowed"]) {
      saw_hostile_allow |= allowed == "</style><script>alert(1)</script>";
    }
  }
  EXPECT_TRUE(saw_traceparent) << cards.dump(2);
  EXPECT_TRUE(saw_hostile_allow) << "the server's hostile Allow-Headers should show as text: " << cards.dump(2);

  // The waterfall: the refused POST, joined to its preflight, marked failed.
  const json pair = evaluate(cdp, session, R"(Array.from(document.querySelectorAll('tbody.pair')).map(g =>
      Array.from(g.rows).map(r => r.className + ' ' + r.cells[3].textContent)))");
  EXPECT_NE(pair.dump().find("pf OPTIONS preflight\",\"main failed POST"), std::string::npos) << pair.dump(2);

  // Hostile values are text: one script (ours), nothing with a handler, no
  // javascript: link, no dialog, and the values readable on the page.
  const json dom = evaluate(cdp, session, R"(({
      scripts: document.scripts.length,
      styles: document.querySelectorAll('style').length,
      handlers: Array.from(document.querySelectorAll('*')).filter(e =>
          Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
      jsLinks: document.querySelectorAll('[href^="javascript:"], [src^="javascript:"]').length,
      text: document.body.innerText}))");
  EXPECT_EQ(dom["scripts"], 1);
  EXPECT_EQ(dom["styles"], 1);
  EXPECT_EQ(dom["handlers"], 0);
  EXPECT_EQ(dom["jsLinks"], 0);
  const std::string text = dom["text"];
  EXPECT_NE(text.find("checkout </style><script>alert('name')</script> \"quoted\""), std::string::npos);
  EXPECT_NE(text.find("javascript:alert(3)"), std::string::npos);

  // The filters work (so the CSP let our script run): by kind, by text, by outcome.
  EXPECT_EQ(evaluate(cdp, session, "document.getElementById('filters').hidden"), false);
  const std::string visible_cards = "Array.from(document.querySelectorAll('article.finding')).filter(c => !c.hidden).length";
  auto set = [&](const std::string& id, const std::string& value) {
    evaluate(cdp, session, "(() => { const e = document.getElementById('" + id + "'); e.value = " + json(value).dump() +
                               "; e.dispatchEvent(new Event('change')); })()");
  };
  set("f-kind", "header-not-allowed");
  std::size_t header_findings = 0;
  for (const auto& f : report["findings"]) header_findings += f["kind"] == "header-not-allowed";
  EXPECT_EQ(evaluate(cdp, session, visible_cards), header_findings);
  set("f-kind", "");
  set("f-text", "tracestate");
  EXPECT_GE(evaluate(cdp, session, visible_cards).get<int>(), 1);
  EXPECT_LT(evaluate(cdp, session, visible_cards).get<std::size_t>(), cards.size());
  set("f-text", "no such text anywhere");
  EXPECT_EQ(evaluate(cdp, session, visible_cards), 0);
  EXPECT_EQ(evaluate(cdp, session, "document.querySelectorAll('details.run:not([hidden])').length"), 0);
  set("f-text", "");
  set("f-outcome", "failed");
  EXPECT_EQ(evaluate(cdp, session, "document.querySelectorAll('details.run:not([hidden])').length"), 1);
  set("f-outcome", "passed");
  EXPECT_EQ(evaluate(cdp, session, "document.querySelectorAll('details.run:not([hidden])').length"), 0);
  set("f-outcome", "");

  // For a person: the whole page, as it opens.
  const json size = evaluate(cdp, session, "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
  cdp.call("Emulation.setDeviceMetricsOverride",
           {{"width", 1280}, {"height", std::min(size[1].get<int>(), 6000)}, {"deviceScaleFactor", 1}, {"mobile", false}},
           session);
  const json shot = cdp.call("Page.captureScreenshot", {{"format", "png"}}, session);
  const std::string png = shot.at("data");
  const fs::path shot_path = fs::path(SILENTCORS_BUILD_DIR) / "tests" / "report-screenshot.png";
  fs::create_directories(shot_path.parent_path());
  {
    // base64 -> bytes
    std::string bytes;
    int value = 0, bits = -8;
    for (char c : png) {
      const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      const char* at = std::strchr(alphabet, c);
      if (!at || c == '\0') continue;
      value = (value << 6) + static_cast<int>(at - alphabet);
      bits += 6;
      if (bits >= 0) {
        bytes.push_back(static_cast<char>((value >> bits) & 0xFF));
        bits -= 8;
      }
    }
    std::ofstream(shot_path, std::ios::binary) << bytes;
    fs::copy_file(html_path, shot_path.parent_path() / "report-screenshot.html", fs::copy_options::overwrite_existing);
  }
  EXPECT_GT(fs::file_size(shot_path), 10000u);

  // Nothing but the file itself was requested; no dialog ever opened.
  std::lock_guard lock(seen.mutex);
  EXPECT_TRUE(seen.dialogs.empty()) << seen.dialogs.front();
  ASSERT_FALSE(seen.requests.empty());
  for (const auto& request : seen.requests) EXPECT_EQ(request, url);
}

}  // namespace
}  // namespace silentcors::e2e
