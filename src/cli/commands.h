// The subcommands, declared as one table (ninja's style): main() only
// dispatches, --help is generated from the same table, so it cannot lie
// about what exists.
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"

namespace silentcors::cli {

struct Command {
  std::string name;
  // What comes before the options ("SCENARIO.json...", "URL --out
  // RECORDING.jsonl": an option named here is required, not listed again)
  // and after them ("-- COMMAND [ARGS...]"). The usage line is made of
  // these and `options` (usage.h), so it cannot leave one out.
  std::string operands;
  std::string summary;  // One line for the command list.
  std::vector<OptionSpec> options;
  int (*run)(const Args& args);
  std::string trailing = "";
};

const std::vector<Command>& commands();

// Options every browser-driving command shares.
std::vector<OptionSpec> browser_options();
// --grid URL (cli/browser_config.cpp), for run and triage, whose workers can each have a browser.
OptionSpec grid_option();

int run_command(const Args& args);
int record_command(const Args& args);
int analyze_command(const Args& args);
int triage_command(const Args& args);
int fixture_command(const Args& args);
int watch_command(const Args& args);
int merge_command(const Args& args);
int audit_command(const Args& args);
int logs_command(const Args& args);

}  // namespace silentcors::cli
