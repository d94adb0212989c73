// --help text, generated from the command table.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace silentcors::cli {

// Lines of the usage block are wrapped to this many columns.
inline constexpr std::size_t kUsageWidth = 100;

// A command's usage line, from its operands and options (not the browser
// options, which have a table of their own), wrapped to `width` columns
// with continuation lines aligned under the first option.
std::vector<std::string> usage_lines(const Command& command, std::size_t width = kUsageWidth);
// Every command's usage lines, then --version/--help: `silentcors --help`
// prints it, and docs/command-line.md must show exactly it (a test says so).
std::vector<std::string> usage_block();

const Command* find_command(const std::string& name);
std::string general_usage();
std::string command_usage(const Command& command);

}  // namespace silentcors::cli
