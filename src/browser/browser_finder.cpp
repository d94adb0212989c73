#include "browser/browser_finder.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include <boost/process/search_path.hpp>

#include "browser/browser_error.h"

namespace silentcors::browser {

namespace {

constexpr const char* kDebianHeadlessShell = "/usr/lib/chromium/chromium-headless-shell";

bool is_executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

std::string resolve(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos) return is_executable(name_or_path) ? name_or_path : "";
  return boost::process::search_path(name_or_path).string();
}

}  // namespace

std::string find_browser(const std::string& explicit_path) {
  if (!explicit_path.empty()) {
    std::string found = resolve(explicit_path);
    if (found.empty()) throw BrowserError("--chrome " + explicit_path + ": no such executable");
    return found;
  }
  if (const char* env = std::getenv("SILENTCORS_CHROME"); env && *env) {
    std::string found = resolve(env);
    if (found.empty()) throw BrowserError(std::string("SILENTCORS_CHROME=") + env + ": no such executable");
    return found;
  }
  // Debian's /usr/bin/chromium-headless-shell is a shell script that runs
  // the browser as its child instead of exec'ing it: the browser would then
  // be no child of the reaper (its PDEATHSIG and signals would reach only the
  // shell), and would outlive a killed reaper. So the binary itself first.
  if (is_executable(kDebianHeadlessShell)) return kDebianHeadlessShell;
  for (const char* name : {"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"}) {
    std::string found = resolve(name);
    if (!found.empty()) return found;
  }
  throw BrowserError(
      "no Chromium found: tried --chrome, $SILENTCORS_CHROME, and chromium-headless-shell, chromium, chromium-browser, "
      "google-chrome on PATH "
      "(on Debian: apt-get install chromium, or run scripts/setup)");
}

}  // namespace silentcors::browser
