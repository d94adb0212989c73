#include "page/enable_then_resume.h"

#include <atomic>
#include <memory>

namespace silentcors::page {

void enable_then_resume(browser::CdpClient& cdp, const std::string& session, const std::vector<Command>& commands,
                        std::function<void()> resumed) {
  auto resume = [&cdp, session, resumed] {
    cdp.send("Runtime.runIfWaitingForDebugger", nlohmann::json::object(), session);
    if (resumed) resumed();
  };
  if (commands.empty()) return resume();
  // The client outlives every target it watches; each answer counts down.
  auto left = std::make_shared<std::atomic<std::size_t>>(commands.size());
  for (const auto& [method, params] : commands) {
    cdp.send(method, params, session, [left, resume] {
      if (left->fetch_sub(1) == 1) resume();
    });
  }
}

}  // namespace silentcors::page
