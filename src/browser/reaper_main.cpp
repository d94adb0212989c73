// silentcors-reaper: the parent of every Chromium that silentcors starts.
//
//   silentcors-reaper PROFILE_DIR LOG_FILE [--devtools-pipe=IN,OUT] -- CHROME [ARGS...]
//
// With --devtools-pipe, descriptors IN and OUT (inherited from silentcors)
// become Chromium's fd 3 and fd 4, the ends of --remote-debugging-pipe; the
// reaper keeps no copy, so silentcors sees end-of-file when Chromium exits.
//
// Chromium forks a zygote, renderers, a GPU and network process, and two
// crashpad handlers that leave its process group. If silentcors itself
// crashes or is killed, nothing in it can clean up, so this small process
// does: it starts Chromium in a process group of its own, becomes the
// subreaper of everything Chromium forks, and waits for its stdin (a pipe
// held only by silentcors) to close, for SIGTERM/SIGHUP, or for Chromium
// to exit. It runs in a session of its own, so a signal to silentcors's
// process group does not reach it. Then it kills the group and every process that names the
// profile directory, reaps them all, and removes the profile directory.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "browser/process_table.h"

namespace fs = std::filesystem;

namespace {

// Every process still alive whose command line mentions `needle` (the
// profile directory: Chromium passes --user-data-dir to all its children
// and crashpad's database lives under it), and every child of ours: as
// subreaper we inherit whatever Chromium started and orphaned, even a
// helper that does not name the profile.
std::vector<pid_t> chromium_leftovers(const std::string& needle) {
  std::vector<pid_t> found;
  const pid_t self = getpid();
  for (const auto& process : silentcors::browser::list_processes()) {
    if (process.pid == self) continue;
    if (process.cmdline.find(needle) != std::string::npos || process.parent == self) found.push_back(process.pid);
  }
  return found;
}

void reap_exited_children() {
  while (waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

bool has_children() {
  return waitpid(-1, nullptr, WNOHANG | __WNOTHREAD) != -1 || errno != ECHILD;
}

// Kills Chromium's group and stragglers until nothing of it is left (bounded).
void kill_everything(pid_t group, const std::string& profile_dir) {
  kill(-group, SIGKILL);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    reap_exited_children();
    auto stragglers = chromium_leftovers(profile_dir);
    for (pid_t pid : stragglers) kill(pid, SIGKILL);
    reap_exited_children();
    if (stragglers.empty() && !has_children()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::cerr << "silentcors-reaper: some Chromium processes did not exit within 10 s\n";
}

// Everything of Chromium is gone, so nothing should write here any more;
// a failure is said on stderr (silentcors's), and tried again briefly in
// case a process still had a file open for deletion.
void remove_profile(const std::string& profile_dir) {
  std::error_code ec;
  for (int attempt = 0; attempt < 5; ++attempt) {
    ec.clear();
    fs::remove_all(profile_dir, ec);
    std::error_code exists_ec;
    if (!ec && !fs::exists(profile_dir, exists_ec) && !exists_ec) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::cerr << "silentcors-reaper: could not remove " << profile_dir << ": "
            << (ec ? ec.message() : std::string("it was created again")) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  int separator = 3;
  int pipe_in = -1, pipe_out = -1;
  if (argc > 3 && std::strncmp(argv[3], "--devtools-pipe=", 16) == 0) {
    if (std::sscanf(argv[3] + 16, "%d,%d", &pipe_in, &pipe_out) != 2 || fcntl(pipe_in, F_GETFD) < 0 ||
        fcntl(pipe_out, F_GETFD) < 0) {
      std::cerr << "silentcors-reaper: " << argv[3] << ": not two open descriptors\n";
      return 2;
    }
    ++separator;
  }
  if (argc < separator + 2 || std::strcmp(argv[separator], "--") != 0) {
    std::cerr << "usage: silentcors-reaper PROFILE_DIR LOG_FILE [--devtools-pipe=IN,OUT] -- CHROME [ARGS...]\n"
                 "Internal helper of silentcors: runs Chromium and removes every trace of it.\n";
    return 2;
  }
  char** chrome_argv = argv + separator + 1;
  const std::string profile_dir = argv[1];
  const std::string log_file = argv[2];
  const bool devtools_pipe = pipe_in >= 0;

  // A session of its own: `timeout -s KILL` and a cancelled CI job SIGKILL
  // the whole process group of silentcors, and the reaper must outlive that
  // to clean up (it then sees its stdin close).
  setsid();

  // The DevTools pipe goes to fd 3 (Chromium reads) and fd 4 (Chromium
  // writes). By way of fds >= 10 first, so that neither end overwrites the
  // other when one of them already is 3 or 4.
  if (devtools_pipe) {
    int in = fcntl(pipe_in, F_DUPFD, 10);
    int out = fcntl(pipe_out, F_DUPFD, 10);
    if (in < 0 || out < 0 || dup2(in, 3) != 3 || dup2(out, 4) != 4) {
      std::perror("silentcors-reaper: moving the DevTools pipe to fds 3 and 4");
      fs::remove_all(profile_dir);
      return 3;
    }
  }
  // Whatever else silentcors had open (listening sockets of its fixture
  // app, other browsers' pipes) must not live on in Chromium.
  close_range(devtools_pipe ? 5 : 3, ~0U, 0);

  // Ctrl-C reaches the whole foreground process group; silentcors decides
  // what happens then and closes our stdin. SIGTERM/SIGHUP mean "clean up now".
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
  int signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
  prctl(PR_SET_CHILD_SUBREAPER, 1);

  pid_t chrome = fork();
  if (chrome < 0) {
    std::perror("silentcors-reaper: fork");
    fs::remove_all(profile_dir);
    return 3;
  }
  if (chrome == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigset_t none;  // silentcors blocks SIGINT/SIGTERM in its threads; Chromium must not inherit that.
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGINT, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    int log = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_in >= 0) dup2(null_in, STDIN_FILENO);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
    }
    execv(chrome_argv[0], chrome_argv);
    std::fprintf(stderr, "silentcors-reaper: cannot execute %s: %s\n", chrome_argv[0], std::strerror(errno));
    _exit(127);
  }
  setpgid(chrome, chrome);  // Also from here, so it holds before either side runs on.
  if (devtools_pipe) {
    // Only Chromium holds them now: its exit is end-of-file for silentcors.
    close(3);
    close(4);
  }

  int chrome_fd = static_cast<int>(syscall(SYS_pidfd_open, chrome, 0));
  int exit_code = 0;
  bool chrome_exited = false;
  while (true) {
    pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}, {chrome_fd, POLLIN, 0}};
    // Without pidfd (old kernels) poll Chromium's exit every 100 ms.
    int ready = poll(fds, chrome_fd >= 0 ? 3 : 2, chrome_fd >= 0 ? -1 : 100);
    if (ready < 0 && errno == EINTR) continue;
    if (fds[0].revents) {
      char buffer[64];
      if (read(STDIN_FILENO, buffer, sizeof buffer) <= 0) break;  // silentcors is gone or done.
    }
    if (fds[1].revents) break;
    int status = 0;
    if (waitpid(chrome, &status, WNOHANG) == chrome) {
      chrome_exited = true;
      exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
  }
  kill_everything(chrome, profile_dir);
  remove_profile(profile_dir);
  return chrome_exited ? (exit_code == 0 ? 0 : 1) : 0;
}
