// The floor a run of silentcors is measured against (scripts/bench-vs-playwright):
// the least a CDP client must do to load a page and know it is done. One page
// in one context, reused for every run, cache disabled (so every request
// preflights, as in silentcors), navigate, then wait for a condition the page
// sets (document.title === 'done'). No events recorded, no analysis, no reset.
//   cdp_floor URL RUNS [CONDITION]
// Prints "start_ms X" (launch to the first page loaded: Chromium's start, as
// scripts/bench-vs-playwright reports it) and "ms/run X" for the RUNS runs
// after that first, warm-up run.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>

#include "browser/browser.h"

using nlohmann::json;
using namespace silentcors::browser;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::chrono::seconds kTimeout{30};

// Resolves when the condition holds: checked on every DOM change and every
// 5 ms, so the floor does not pay a polling period silentcors would not.
std::string wait_script(const std::string& condition) {
  return "new Promise((resolve) => { const check = () => { if (" + condition +
         ") { resolve(true); return true; } return false; };"
         " if (check()) return;"
         " const o = new MutationObserver(() => { if (check()) { o.disconnect(); clearInterval(t); } });"
         " o.observe(document, {childList: true, subtree: true, characterData: true});"
         " const t = setInterval(() => { if (check()) { o.disconnect(); clearInterval(t); } }, 5); })";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: cdp_floor URL RUNS [CONDITION]\n";
    return 2;
  }
  const std::string url = argv[1];
  const int runs = std::atoi(argv[2]);
  const std::string condition = argc > 3 ? argv[3] : "document.title === 'done'";
  try {
    const auto launched = Clock::now();
    Browser browser(ChromeOptions{});
    CdpClient& cdp = browser.cdp();
    const std::string context =
        cdp.call("Target.createBrowserContext", json::object()).at("browserContextId").get<std::string>();
    const std::string target = cdp.call("Target.createTarget", {{"url", "about:blank"}, {"browserContextId", context}})
                                   .at("targetId")
                                   .get<std::string>();
    const std::string session =
        cdp.call("Target.attachToTarget", {{"targetId", target}, {"flatten", true}}).at("sessionId").get<std::string>();

    // The load event of the document a navigation started: a script can only
    // wait in a document that exists.
    std::mutex mutex;
    std::condition_variable loaded;
    int loads = 0;
    cdp.subscribe([&](const CdpEvent& event) {
      if (event.method() != "Page.loadEventFired" || event.session_id() != session) return;
      std::lock_guard lock(mutex);
      ++loads;
      loaded.notify_all();
    });
    cdp.call("Page.enable", json::object(), session);
    cdp.call("Network.enable", json::object(), session);
    cdp.call("Network.setCacheDisabled", {{"cacheDisabled", true}}, session);

    const json wait = {{"expression", wait_script(condition)}, {"awaitPromise", true}, {"returnByValue", true}};
    auto one_run = [&] {
      int before;
      {
        std::lock_guard lock(mutex);
        before = loads;
      }
      json nav = cdp.call("Page.navigate", {{"url", url}}, session);
      if (nav.contains("errorText")) throw CdpError("navigate: " + nav["errorText"].get<std::string>());
      {
        std::unique_lock lock(mutex);
        if (!loaded.wait_for(lock, kTimeout, [&] { return loads > before; })) throw CdpError("no load event");
      }
      json result = cdp.call("Runtime.evaluate", wait, session);
      if (result.contains("exceptionDetails")) throw CdpError("condition: " + result["exceptionDetails"].dump());
    };
    one_run();  // Warm-up: first navigation of a fresh process.
    const auto started = Clock::now();
    std::cout << "start_ms " << std::chrono::duration<double, std::milli>(started - launched).count() << "\n";
    for (int i = 0; i < runs; ++i) one_run();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    if (runs > 0) std::cout << "ms/run " << ms / runs << "\n";
    cdp.call("Target.closeTarget", {{"targetId", target}});
    cdp.call("Target.disposeBrowserContext", {{"browserContextId", context}});
  } catch (const std::exception& e) {
    std::cerr << "cdp_floor: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
