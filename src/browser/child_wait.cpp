#include "browser/child_wait.h"

#include <errno.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

namespace silentcors::browser {

bool wait_for_exit(boost::process::child& child, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto left_ms = [&] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
  };
  std::error_code ec;
  // A pidfd becomes readable when the process exits, whichever thread gets SIGCHLD.
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, child.id(), 0));
  if (pidfd >= 0) {
    pollfd exited{pidfd, POLLIN, 0};
    int ready;
    do {
      ready = poll(&exited, 1, left_ms());
    } while (ready < 0 && errno == EINTR);
    close(pidfd);
    if (ready <= 0) return false;
    child.wait(ec);  // It has exited: this only collects its status.
    return true;
  }
  // No pidfd (Linux before 5.3, or already reaped): look every 10 ms.
  while (child.running(ec)) {
    if (left_ms() == 0) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace silentcors::browser
