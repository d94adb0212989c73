// silentcors-chromium: a Chromium for suites to launch as their own (one line
// of their config) so that `silentcors watch -- COMMAND` sees everything
// without a change to the suite's code. Outside watch (no
// $SILENTCORS_WATCH_SOCKET) it simply is the real Chromium.
//
// The real Chromium: $SILENTCORS_REAL_CHROMIUM (watch sets it to the one it
// would run itself), else what silentcors would find (browser_finder.h).
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "browser/browser_error.h"
#include "browser/browser_finder.h"
#include "wrapper/chromium_wrapper.h"
#include "wrapper/watch_channel.h"
#include "wrapper/wrapped_launch.h"

int main(int argc, char** argv) {
  using namespace silentcors;
  const std::vector<std::string> suite_args(argv + 1, argv + argc);
  std::string real;
  try {
    const char* chosen = std::getenv("SILENTCORS_REAL_CHROMIUM");
    real = browser::find_browser(chosen ? chosen : "");
  } catch (const browser::BrowserError& e) {
    std::cerr << "silentcors-chromium: " << e.what() << "\n";
    return 127;
  }
  const wrapper::WrappedLaunch launch = wrapper::plan_wrapped_launch(suite_args, ::geteuid() == 0);
  const char* socket = std::getenv(wrapper::kWatchSocketEnv);
  if (socket == nullptr || *socket == '\0' || launch.channel == wrapper::SuiteChannel::kNone) {
    return wrapper::exec_chromium(real, suite_args);
  }
  return wrapper::run_wrapped(real, launch, socket);
}
