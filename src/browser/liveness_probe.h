// Tells a slow page from a dead browser while a run waits. A page that is
// busy still lets the browser process answer Browser.getVersion; a browser
// that was stopped (SIGSTOP, a debugger, a frozen VM) or deadlocked answers
// nothing, yet its socket stays open, so no "connection closed" ever comes.
// When DevTools has been silent for a while, ask; if no answer comes in
// time, abandon the client, which ends the run as an infrastructure error.
#pragma once

#include <chrono>
#include <future>
#include <optional>

#include <nlohmann/json.hpp>

#include "browser/cdp_client.h"

namespace silentcors::browser {

class LivenessProbe {
 public:
  using Clock = std::chrono::steady_clock;
  // Silence shorter than this is normal (an idle page sends nothing).
  static constexpr std::chrono::milliseconds kAskAfterSilence{1000};

  explicit LivenessProbe(CdpClient& cdp, std::chrono::milliseconds hung_after = CdpClient::kHungAfter)
      : cdp_(cdp), hung_after_(hung_after) {}

  // Call often while waiting (not from the transport thread). Returns false
  // once the browser is taken as hung (the client is abandoned then).
  bool check() {
    if (!cdp_.connected()) return false;
    const auto now = Clock::now();
    if (probe_) {
      if (probe_->wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        probe_.reset();  // It answered (or the connection broke: connected() says).
        return cdp_.connected();
      }
      if (now - sent_ < hung_after_) return true;
      cdp_.abandon("the browser stopped answering DevTools (no event for " +
                   std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now - sent_).count() +
                                  kAskAfterSilence.count()) +
                   " ms, and no reply to Browser.getVersion within " + std::to_string(hung_after_.count()) + " ms)");
      probe_.reset();
      return false;
    }
    if (now - cdp_.last_message_at() >= kAskAfterSilence) {
      probe_ = cdp_.send("Browser.getVersion");
      sent_ = now;
    }
    return true;
  }

 private:
  CdpClient& cdp_;
  std::chrono::milliseconds hung_after_;
  std::optional<std::future<nlohmann::json>> probe_;
  Clock::time_point sent_;
};

}  // namespace silentcors::browser
