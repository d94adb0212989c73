// --help text, generated from the command table.
#pragma once

#include <string>

#include "cli/commands.h"

namespace silentcors::cli {

const Command* find_command(const std::string& name);
std::string general_usage();
std::string command_usage(const Command& command);

}  // namespace silentcors::cli
