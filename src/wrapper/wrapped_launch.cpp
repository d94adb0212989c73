#include "wrapper/wrapped_launch.h"

#include <algorithm>

namespace silentcors::wrapper {

namespace {

constexpr std::string_view kListening = "DevTools listening on ";

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

WrappedLaunch plan_wrapped_launch(const std::vector<std::string>& suite_args, bool as_root) {
  WrappedLaunch launch;
  launch.chromium_args = suite_args;
  const bool sandboxed = std::find(suite_args.begin(), suite_args.end(), "--no-sandbox") == suite_args.end();
  if (as_root && sandboxed) launch.chromium_args.insert(launch.chromium_args.begin(), "--no-sandbox");
  for (const auto& arg : suite_args) {
    if (arg == "--remote-debugging-pipe" || starts_with(arg, "--remote-debugging-pipe=")) {
      launch.channel = SuiteChannel::kPipe;
    } else if (starts_with(arg, "--remote-debugging-port=") && launch.channel == SuiteChannel::kNone) {
      launch.channel = SuiteChannel::kPort;
    }
  }
  if (launch.channel == SuiteChannel::kPipe &&
      std::none_of(suite_args.begin(), suite_args.end(),
                   [](const std::string& arg) { return starts_with(arg, "--remote-debugging-port="); })) {
    // silentcors' own door, on loopback only. Appended: a URL the suite put
    // last stays among the switches' positional arguments, where Chromium
    // reads it wherever it stands.
    launch.chromium_args.push_back("--remote-debugging-port=0");
    launch.chromium_args.push_back("--remote-debugging-address=127.0.0.1");
  }
  return launch;
}

std::optional<std::string> devtools_listening_url(std::string_view line) {
  if (!starts_with(line, kListening)) return std::nullopt;
  line.remove_prefix(kListening.size());
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (!starts_with(line, "ws://")) return std::nullopt;
  return std::string(line);
}

std::string devtools_listening_line(const std::string& ws_url) { return std::string(kListening) + ws_url + "\n"; }

}  // namespace silentcors::wrapper
