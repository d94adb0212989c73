#include "cli/usage.h"

namespace silentcors::cli {

namespace {

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  nothing failed\n"
    "  1  a CORS finding of error severity, or an unmet scenario expectation\n"
    "  2  bad usage or bad input (the message names file, line and column)\n"
    "  3  infrastructure failure: Chromium would not start, crashed, stopped answering, or DevTools broke\n";

}  // namespace

const Command* find_command(const std::string& name) {
  for (const auto& command : commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

std::string general_usage() {
  std::string out =
      "silentcors: finds the CORS failures a browser hides. It drives headless Chromium over the\n"
      "DevTools protocol, pairs every preflight with its request, and names each refused header.\n\n"
      "Usage:\n";
  for (const auto& command : commands()) out += "  silentcors " + command.name + " " + command.synopsis + "\n";
  out += "  silentcors --version | --help [COMMAND]\n\nCommands:\n";
  for (const auto& command : commands()) {
    std::string left = "  " + command.name;
    left.resize(12, ' ');
    out += left + command.summary + "\n";
  }
  out += "\n";
  out += kExitCodes;
  out += "\nRun 'silentcors COMMAND --help' for a command's options.\n";
  return out;
}

std::string command_usage(const Command& command) {
  return "Usage: silentcors " + command.name + " " + command.synopsis + "\n\n" + command.summary + "\n\nOptions:\n" +
         format_options(command.options) + "\n" + kExitCodes;
}

}  // namespace silentcors::cli
