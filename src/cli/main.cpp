// silentcors: finds the CORS failures a browser hides. main() only
// dispatches to the command table and maps errors to exit codes.
#include <signal.h>

#include <iostream>
#include <string>
#include <vector>

#include "analysis/input_error.h"
#include "browser/browser_error.h"
#include "browser/cdp_client.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/usage.h"
#include "page/interrupt.h"
#include "scenario/did_you_mean.h"

using namespace silentcors::cli;

namespace {

// 'silentcors: unknown command "tirage"; did you mean "triage"?'
std::string unknown_command(const std::string& word) {
  std::vector<std::string_view> names;
  for (const auto& command : commands()) names.push_back(command.name);
  auto suggestion = silentcors::scenario::closest_name(word, names);
  return "silentcors: unknown command \"" + word + "\"" +
         (suggestion ? "; did you mean \"" + std::string(*suggestion) + "\"?" : "");
}

}  // namespace

int main(int argc, char** argv) {
  silentcors::page::install_interrupt_handling();
  // A file-size limit (ulimit -f) is a write error like a full disk: the
  // writer names the file and keeps the old one, instead of a core dump.
  signal(SIGXFSZ, SIG_IGN);
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty()) {
    std::cerr << general_usage();
    return kExitBadInput;
  }
  if (words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    if (words.size() > 1) {
      if (const Command* command = find_command(words[1])) {
        std::cout << command_usage(*command);
        return kExitOk;
      }
      // Help on a command that does not exist is bad usage, not help.
      std::cerr << unknown_command(words[1]) << "\n\n" << general_usage();
      return kExitBadInput;
    }
    std::cout << general_usage();
    return kExitOk;
  }
  if (words[0] == "--version") {
    std::cout << "silentcors " << SILENTCORS_VERSION << "\n";
    return kExitOk;
  }
  const Command* command = find_command(words[0]);
  if (!command) {
    std::cerr << unknown_command(words[0]) << "\n\n" << general_usage();
    return kExitBadInput;
  }
  std::vector<std::string> rest(words.begin() + 1, words.end());
  for (const auto& word : rest) {
    if (word == "--help" || word == "-h") {
      std::cout << command_usage(*command);
      return kExitOk;
    }
  }
  try {
    return command->run(Args::parse(rest, command->options));
  } catch (const UsageError& e) {
    std::cerr << "silentcors " << command->name << ": " << e.what() << "\n\n" << command_usage(*command);
    return kExitBadInput;
  } catch (const silentcors::InputError& e) {
    std::cerr << "silentcors: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const silentcors::browser::BrowserError& e) {
    std::cerr << "silentcors: " << e.what() << "\n";
    return kExitInfrastructure;
  } catch (const silentcors::browser::CdpError& e) {
    std::cerr << "silentcors: DevTools: " << e.what() << "\n";
    return kExitInfrastructure;
  } catch (const std::exception& e) {
    std::cerr << "silentcors: " << e.what() << "\n";
    return kExitInfrastructure;
  }
}
