#include "browser/orphaned_profile.h"

#include <signal.h>

#include <filesystem>
#include <system_error>
#include <thread>

#include "browser/process_table.h"

namespace fs = std::filesystem;

namespace silentcors::browser {

bool remove_orphaned_profile(const std::string& profile_dir, std::chrono::milliseconds timeout, std::string& error) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    // Processes that still write to the profile would make removal fail or
    // create files again; they are orphans of the dead reaper (init reaps
    // them), so there is nothing to wait on but their disappearance.
    auto alive = processes_mentioning(profile_dir);
    for (const auto& process : alive) ::kill(process.pid, SIGKILL);
    std::error_code ec;
    if (alive.empty()) {
      fs::remove_all(profile_dir, ec);
      if (!ec && !fs::exists(profile_dir, ec) && !ec) return true;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      error = alive.empty() ? "could not remove " + profile_dir + (ec ? ": " + ec.message() : std::string())
                            : std::to_string(alive.size()) + " Chromium processes did not exit";
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace silentcors::browser
