// A target held for us (waitForDebuggerOnStart) is resumed only once the
// browser has ANSWERED the commands that turn on what we record, not merely
// once they are sent: Chromium resumes a held target for every client at
// the first Runtime.runIfWaitingForDebugger, from any client, and a suite's
// own (Playwright's, Puppeteer's) can come first. Sent without waiting, a
// popup's first requests were missed under load (Network.enable answered
// 25 ms after the page had already made them). Waiting for the answers
// makes our part of the hold hold.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "browser/cdp_client.h"

namespace silentcors::page {

using Command = std::pair<std::string, nlohmann::json>;  // method, params

// Sends `commands` on `session` in order, then Runtime.runIfWaitingForDebugger
// once every one of them is answered (or failed: a target must never stay
// paused on our account), then calls `resumed` (if any): the moment a
// suite's own resume may go (browser/devtools_gate.h). Returns at once; safe
// on the transport's thread.
void enable_then_resume(browser::CdpClient& cdp, const std::string& session, const std::vector<Command>& commands,
                        std::function<void()> resumed = {});

}  // namespace silentcors::page
