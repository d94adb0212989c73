#include "cli/suite_process.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

#include "browser/process_table.h"

extern char** environ;

namespace silentcors::cli {

namespace {

// Whether any process of group `group` is still running. One that has
// exited but is not yet reaped (a zombie: its parent died, and init reaps
// lazily or, as pid 1 in many containers, never) runs nothing and cannot
// be ended: it does not count.
bool group_alive(pid_t group) {
  if (::kill(-group, 0) != 0 && errno != EPERM) return false;
  for (const auto& process : browser::list_processes()) {
    if (process.group == group && process.state != 'Z') return true;
  }
  return false;
}

bool wait_group_gone(pid_t group, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (group_alive(group)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    // No descriptor tells us when a process group empties (its members are
    // not our children); look again shortly, up to the deadline.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

SuiteProcess::SuiteProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  if (argv.empty()) throw std::runtime_error("no COMMAND to run");
  std::vector<std::string> environment;
  for (char** entry = environ; *entry; ++entry) {
    std::string line(*entry);
    std::string name = line.substr(0, line.find('='));
    if (!env.count(name)) environment.push_back(std::move(line));
  }
  for (const auto& [name, value] : env) environment.push_back(name + "=" + value);
  std::vector<char*> envp, args;
  for (auto& line : environment) envp.push_back(line.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& arg : argv_copy) args.push_back(arg.data());
  args.push_back(nullptr);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group (pgid = its pid): a signal forwarded to the
  // group reaches the suite's own children too.
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t none, defaults;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  // silentcors blocks SIGINT/SIGTERM in every thread and ignores SIGXFSZ;
  // the suite must get the signals a shell would give it.
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGXFSZ, SIGPIPE, SIGHUP, SIGQUIT}) sigaddset(&defaults, s);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  int error = posix_spawnp(&pid, args[0], nullptr, &attributes, args.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  if (error != 0) throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(error));
  pid_ = pid;
}

SuiteProcess::~SuiteProcess() {
  if (pid_ <= 0) return;
  if (!reaped_) {
    signal(SIGKILL);
    wait();
  }
  end_leftovers(std::chrono::milliseconds(2000));
}

void SuiteProcess::signal(int signal) const {
  if (pid_ > 0) ::kill(-pid_, signal);
}

int SuiteProcess::wait() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      reaped_ = true;
      return 127;
    }
  }
  reaped_ = true;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

bool SuiteProcess::end_leftovers(std::chrono::milliseconds grace) {
  if (pid_ <= 0 || !group_alive(pid_)) return false;
  signal(SIGTERM);
  if (!wait_group_gone(pid_, grace)) {
    signal(SIGKILL);
    wait_group_gone(pid_, std::chrono::seconds(10));
  }
  return true;
}

}  // namespace silentcors::cli
