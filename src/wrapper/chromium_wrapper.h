// silentcors-chromium under `silentcors watch`: starts the real Chromium as
// the suite asked, tells watch where the browser's DevTools are, and keeps
// the suite's commands back until watch has attached, so not even a first
// request is missed. Then it stands between suite and browser:
//  - pipe (Playwright): it relays fds 3 and 4, holding a suite's resume of a
//    target until watch has set that target up (ResumeHold);
//  - port (Puppeteer): the "DevTools listening on" line a suite reads waits
//    for the attach, and names a DevToolsGate of the relay's (the same hold).
// A suite that reads Chromium's DevToolsActivePort file instead
// (chromedriver) is watched without the hold. Over a pipe the real
// Chromium's exit status is the wrapper's, given once every process of that
// Chromium has ended (descendants.h), and signals are passed on to it; over
// a port Chromium is the wrapper's own process (exec), its relay a child.
#pragma once

#include <chrono>
#include <string>

#include "wrapper/wrapped_launch.h"

namespace silentcors::wrapper {

// How long the suite waits for watch to attach before it goes on unwatched.
constexpr std::chrono::seconds kAttachLimit{30};

// Runs Chromium (`real_chromium`) and relays until it exits; returns the
// wrapper's exit status.
int run_wrapped(const std::string& real_chromium, const WrappedLaunch& launch, const std::string& watch_socket);

// Replaces this process with the real Chromium (no watch, or nothing to
// watch). Returns only if it cannot be started, with the exit status 127.
int exec_chromium(const std::string& real_chromium, const std::vector<std::string>& args);

}  // namespace silentcors::wrapper
