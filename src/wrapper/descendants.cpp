#include "wrapper/descendants.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace silentcors::wrapper {

void adopt_orphaned_descendants() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }

bool reap_exited_children(const std::function<void(pid_t, int)>& on_exit) {
  for (;;) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      on_exit(pid, status);
    } else if (pid == 0) {
      return true;
    } else if (errno != EINTR) {
      return false;  // ECHILD: none left.
    }
  }
}

namespace {

// The parent pid in /proc/PID/stat: the field after the state, which follows
// the command name's closing parenthesis (a name may hold spaces and ')').
pid_t parent_of(const std::filesystem::path& proc_entry) {
  std::ifstream in(proc_entry / "stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos || close + 4 >= stat.size()) return -1;
  return static_cast<pid_t>(std::strtol(stat.c_str() + close + 4, nullptr, 10));
}

}  // namespace

int kill_children() {
  const pid_t self = ::getpid();
  int killed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (parent_of(entry.path()) != self) continue;
    if (::kill(static_cast<pid_t>(std::stol(name)), SIGKILL) == 0) ++killed;
  }
  return killed;
}

}  // namespace silentcors::wrapper
