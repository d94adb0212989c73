#include "wrapper/descendants.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "browser/process_table.h"

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

int kill_children() {
  const pid_t self = ::getpid();
  int killed = 0;
  for (const auto& process : browser::list_processes()) {
    if (process.parent == self && ::kill(process.pid, SIGKILL) == 0) ++killed;
  }
  return killed;
}

}  // namespace silentcors::wrapper
