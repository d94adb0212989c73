#include "cli/usage.h"

namespace silentcors::cli {

namespace {

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  nothing failed\n"
    "  1  a CORS finding of error severity, or an unmet scenario expectation\n"
    "  2  bad usage or bad input (the message names file, line and column)\n"
    "  3  infrastructure failure: Chromium would not start, crashed, stopped answering, or DevTools broke\n";

bool is_browser_option(const std::string& name) {
  for (const auto& option : browser_options()) {
    if (option.name == name) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> usage_lines(const Command& command, std::size_t width) {
  std::vector<std::string> items;
  if (!command.operands.empty()) items.push_back(command.operands);
  for (const auto& option : command.options) {
    // The browser options are one table of their own (--help COMMAND, docs).
    if (is_browser_option(option.name)) continue;
    if (command.operands.find(option.name + " ") != std::string::npos) continue;  // Required: in the operands.
    items.push_back("[" + option.name + (option.value_name.empty() ? "" : " " + option.value_name) + "]");
  }
  if (!command.trailing.empty()) items.push_back(command.trailing);
  const std::string head = "silentcors " + command.name;
  std::vector<std::string> lines{head};
  for (const auto& item : items) {
    if (lines.back().size() > head.size() && lines.back().size() + 1 + item.size() > width) {
      lines.push_back(std::string(head.size(), ' '));
    }
    lines.back() += " " + item;
  }
  return lines;
}

std::vector<std::string> usage_block() {
  std::vector<std::string> block;
  for (const auto& command : commands()) {
    for (auto& line : usage_lines(command)) block.push_back(std::move(line));
  }
  block.push_back("silentcors --version | --help [COMMAND]");
  return block;
}

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
  for (const auto& line : usage_block()) out += "  " + line + "\n";
  out += "\nCommands:\n";
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
  std::string usage = "Usage:";
  for (const auto& line : usage_lines(command, kUsageWidth - 7)) usage += (usage == "Usage:" ? " " : "\n       ") + line;
  return usage + "\n\n" + command.summary + "\n\nOptions:\n" +
         format_options(command.options) + "\n" + kExitCodes;
}

}  // namespace silentcors::cli
