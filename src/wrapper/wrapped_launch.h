// What silentcors-chromium does with the command line a suite launches it
// with (Playwright's executablePath, PUPPETEER_EXECUTABLE_PATH, Selenium's
// binary): the real Chromium gets every argument the suite gave, and, when
// the suite talks to it over a private pipe, a loopback port beside it for
// `silentcors watch` (Chromium accepts both at once). Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace silentcors::wrapper {

// How the suite reaches the browser.
enum class SuiteChannel {
  kNone,  // No DevTools at all (`--version`, a manual start): nothing to watch.
  kPipe,  // --remote-debugging-pipe: fds 3 and 4 (Playwright).
  kPort,  // --remote-debugging-port=N (Puppeteer, chromedriver).
};

struct WrappedLaunch {
  SuiteChannel channel = SuiteChannel::kNone;
  // The real Chromium's arguments (without argv[0]).
  std::vector<std::string> chromium_args;
};

// `as_root`: Chromium refuses to start as root with its sandbox on, so
// --no-sandbox is added, as silentcors does for every Chromium it starts
// (Playwright passes it itself; Puppeteer and chromedriver do not).
WrappedLaunch plan_wrapped_launch(const std::vector<std::string>& suite_args, bool as_root = false);

// The browser's WebSocket from Chromium's stderr line "DevTools listening on
// ws://127.0.0.1:PORT/devtools/browser/ID"; nullopt for any other line.
std::optional<std::string> devtools_listening_url(std::string_view line);

// The same line naming another WebSocket (the wrapper's gate), as a suite
// that reads it expects it.
std::string devtools_listening_line(const std::string& ws_url);

}  // namespace silentcors::wrapper
