// The COMMAND of `silentcors watch`: the user's suite, started as the
// leader of a process group of its own so that a signal to silentcors
// reaches the whole suite (npx -> node -> workers) first, and whatever of
// the suite is still running after COMMAND exits can be ended with it.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace silentcors::cli {

class SuiteProcess {
 public:
  // Starts argv[0] (searched on PATH) with silentcors' environment plus
  // `env`. Signals silentcors blocks (it waits for them on a thread) are
  // unblocked and back to their defaults in COMMAND. Throws
  // std::runtime_error when it cannot be started (not found, not executable).
  SuiteProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~SuiteProcess();
  SuiteProcess(const SuiteProcess&) = delete;
  SuiteProcess& operator=(const SuiteProcess&) = delete;

  // Sends `signal` to COMMAND's process group. Async-signal-safe, any thread.
  void signal(int signal) const;
  // Waits for COMMAND to exit; its status as a shell gives it ($?): the exit
  // code, or 128 + the signal that killed it.
  int wait();
  // Ends what is left of COMMAND's group (SIGTERM, then SIGKILL once `grace`
  // has passed) and waits until it is gone. Returns whether anything was left.
  bool end_leftovers(std::chrono::milliseconds grace);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

}  // namespace silentcors::cli
