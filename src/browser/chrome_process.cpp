#include "browser/chrome_process.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <tuple>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>

#include "browser/browser_error.h"
#include "browser/browser_finder.h"
#include "browser/child_wait.h"
#include "browser/chromium_tmpdir.h"
#include "browser/orphaned_profile.h"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace silentcors::browser {

struct ChromeProcess::Impl {
  bp::pipe lifeline;  // Its write end, held here, keeps the reaper waiting.
  bp::child reaper;
};

namespace {

std::string make_profile_dir() {
  fs::path base = fs::temp_directory_path();
  std::string pattern = (base / "silentcors-profile-XXXXXX").string();
  // mkdtemp creates the directory with mode 0700: private to this user.
  if (!mkdtemp(pattern.data())) {
    throw BrowserError("cannot create a private Chromium profile under " + base.string() + ": " +
                       std::strerror(errno));
  }
  return pattern;
}

// Lets two descriptors survive the reaper's exec. They are close-on-exec in
// silentcors, so that no other process it starts (another browser's reaper,
// on another thread) inherits them; the flag is cleared in the forked child
// only, between fork and exec.
struct InheritFds : bp::extend::handler {
  int first;
  int second;
  InheritFds(int a, int b) : first(a), second(b) {}
  template <class Executor>
  void on_exec_setup(Executor&) const {
    fcntl(first, F_SETFD, 0);
    fcntl(second, F_SETFD, 0);
  }
};

// One direction of the DevTools pipe. A Unix socketpair rather than pipe(2),
// as Node hands Playwright's and Puppeteer's Chromium: silentcors can then
// write with MSG_NOSIGNAL, so a Chromium that died mid-write is an EPIPE,
// not a SIGPIPE that kills silentcors.
std::pair<int, int> channel() {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw BrowserError(std::string("cannot create the DevTools pipe: ") + std::strerror(errno));
  }
  return {fds[0], fds[1]};
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void say_no_sandbox_once() {
  static std::atomic<bool> said{false};
  if (!said.exchange(true)) {
    std::cerr << "silentcors: running as root, so Chromium starts with --no-sandbox\n";
  }
}

}  // namespace

std::string reaper_path() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = self.parent_path() / "silentcors-reaper";
    if (access(beside.c_str(), X_OK) == 0) return beside.string();
  }
  return SILENTCORS_REAPER_PATH;
}

std::vector<std::string> headless_flags() {
  return {
      "--headless",
      // This network is closed: background fetches to Google would only fail, noisily.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-quic",
      "--disable-gpu",
      "--disable-extensions",
      "--disable-crash-reporter",
      "--mute-audio",
      "--hide-scrollbars",
  };
}

std::vector<std::string> ChromeProcess::arguments(const std::string& profile_dir, bool as_root, bool debugging_port) {
  std::vector<std::string> args = headless_flags();
  args.insert(args.begin() + 1, "--user-data-dir=" + profile_dir);
  if (debugging_port) {
    args.insert(args.begin() + 1, {"--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1"});
  } else {
    // CDP on fds 3 and 4, which no other process can reach: no DevTools port.
    args.insert(args.begin() + 1, "--remote-debugging-pipe");
  }
  if (as_root) args.push_back("--no-sandbox");
  return args;
}

ChromeProcess::ChromeProcess(const ChromeOptions& options) : impl_(std::make_unique<Impl>()) {
  executable_ = find_browser(options.chrome_path);
  const bool as_root = geteuid() == 0;
  if (as_root) say_no_sandbox_once();
  profile_dir_ = make_profile_dir();
  log_path_ = options.log_path.empty() ? profile_dir_ + "/chromium.log" : options.log_path;
  log_is_users_ = !options.log_path.empty();
  crash_log_dir_ = options.crash_log_dir;

  // Opened (created if need be) before Chromium starts: its tail stays
  // readable for error messages after the reaper has removed the profile.
  log_fd_ = ::open(log_path_.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);

  std::vector<std::string> args = {profile_dir_, log_path_};
  // Chromium's ends of the pipe, passed through the reaper as fds 3 and 4.
  int chrome_reads = -1, chrome_writes = -1;
  if (!options.debugging_port) {
    try {
      std::tie(pipe_.to_browser, chrome_reads) = channel();
      std::tie(pipe_.from_browser, chrome_writes) = channel();
    } catch (const BrowserError&) {
      close_fd(pipe_.to_browser);
      close_fd(chrome_reads);
      close_fd(log_fd_);
      fs::remove_all(profile_dir_);
      throw;
    }
    args.push_back("--devtools-pipe=" + std::to_string(chrome_reads) + "," + std::to_string(chrome_writes));
  }
  args.push_back("--");
  args.push_back(executable_);
  for (auto& arg : arguments(profile_dir_, as_root, options.debugging_port)) args.push_back(std::move(arg));
  if (options.suite_port && !options.debugging_port) {
    args.push_back("--remote-debugging-port=0");
    args.push_back("--remote-debugging-address=127.0.0.1");
  }
  for (const auto& arg : options.extra_args) args.push_back(arg);
  args.push_back("about:blank");

  // Crashpad keeps its database under $XDG_CONFIG_HOME: inside the profile,
  // it is removed with it, and its handlers name the profile on their
  // command line, where the reaper finds them.
  bp::environment env = boost::this_process::environment();
  env["XDG_CONFIG_HOME"] = profile_dir_ + "/xdg";
  if (auto tmpdir = chromium_tmpdir(profile_dir_)) {
    ::mkdir(tmpdir->c_str(), 0700);
    env["TMPDIR"] = *tmpdir;
  }

  // Only this process may hold the write end: a browser started later must
  // not inherit it, or this reaper would never see it close. (dup2 onto the
  // reaper's stdin clears the flag there, as it should.)
  fcntl(impl_->lifeline.native_sink(), F_SETFD, FD_CLOEXEC);
  fcntl(impl_->lifeline.native_source(), F_SETFD, FD_CLOEXEC);
  try {
    if (options.debugging_port) {
      impl_->reaper = bp::child(reaper_path(), bp::args(args), env, bp::std_in < impl_->lifeline,
                                bp::std_out > bp::null, bp::std_err > stderr);
    } else {
      impl_->reaper = bp::child(reaper_path(), bp::args(args), env, bp::std_in < impl_->lifeline,
                                bp::std_out > bp::null, bp::std_err > stderr, InheritFds(chrome_reads, chrome_writes));
    }
  } catch (const std::exception& e) {
    close_fd(chrome_reads);
    close_fd(chrome_writes);
    close_fd(pipe_.to_browser);
    close_fd(pipe_.from_browser);
    close_fd(log_fd_);
    fs::remove_all(profile_dir_);
    throw BrowserError("cannot start " + reaper_path() + ": " + e.what());
  }
  // Chromium has its copies now; ours would keep the pipe open after it exits.
  close_fd(chrome_reads);
  close_fd(chrome_writes);
  // Without a port, Chromium is ready when it answers on the pipe (Browser asks).
  if (options.debugging_port || options.suite_port) wait_for_endpoint(options.startup_timeout);
}

void ChromeProcess::wait_for_endpoint(std::chrono::milliseconds timeout) {
  const fs::path port_file = fs::path(profile_dir_) / "DevToolsActivePort";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::ifstream in(port_file);
    if (in) {
      std::stringstream contents;
      contents << in.rdbuf();
      if (auto endpoint = parse_devtools_active_port(contents.str())) {
        endpoint_ = *endpoint;
        return;
      }
    }
    if (!running()) startup_failed(true, timeout);
    if (std::chrono::steady_clock::now() > deadline) startup_failed(false, timeout);
    // Chromium writes the file once, a few hundred ms after start; there is
    // no event to wait on short of inotify, so look again shortly.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

DevToolsPipe ChromeProcess::take_devtools_pipe() {
  DevToolsPipe taken = pipe_;
  pipe_ = {};
  return taken;
}

void ChromeProcess::startup_failed(bool exited, std::chrono::milliseconds timeout) {
  std::string tail = log_tail();
  shutdown();
  // The constructor may be what gives up, and then no destructor runs.
  close_fd(pipe_.to_browser);
  close_fd(pipe_.from_browser);
  close_fd(log_fd_);
  std::string what = exited ? " exited before opening its DevTools endpoint"
                            : " did not open its DevTools endpoint within " +
                                  std::to_string(timeout.count() / 1000.0).substr(0, 4) + " s";
  throw BrowserError(executable_ + what + (tail.empty() ? std::string(".") : ". Its log ends with:\n" + tail));
}

ChromeProcess::~ChromeProcess() {
  shutdown();
  close_fd(pipe_.to_browser);
  close_fd(pipe_.from_browser);
  close_fd(log_fd_);
}

bool ChromeProcess::running() {
  std::error_code ec;
  return impl_->reaper.valid() && impl_->reaper.running(ec);
}

std::string ChromeProcess::log_contents() const {
  std::string contents;
  if (log_fd_ >= 0) {
    char buffer[65536];
    off_t at = 0;
    ssize_t n;
    while ((n = ::pread(log_fd_, buffer, sizeof buffer, at)) > 0) {
      contents.append(buffer, static_cast<size_t>(n));
      at += n;
    }
  } else {
    std::ifstream file(log_path_);
    std::stringstream text;
    text << file.rdbuf();
    contents = text.str();
  }
  return contents;
}

std::string ChromeProcess::kept_log() {
  if (log_is_users_) return log_path_;
  if (!kept_log_.empty() || crash_log_dir_.empty()) return kept_log_;
  std::error_code ec;
  std::filesystem::create_directories(crash_log_dir_, ec);
  // Another browser of this command (a relaunch, a triage worker) may
  // have died before: each keeps its own.
  for (int n = 1; n < 100 && kept_log_.empty(); ++n) {
    const auto path = std::filesystem::path(crash_log_dir_) / (n == 1 ? "chromium.log" : "chromium-" + std::to_string(n) + ".log");
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      break;
    }
    const std::string contents = log_contents();
    const bool written = ::write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size());
    ::close(fd);
    if (written) kept_log_ = path.string();
  }
  return kept_log_;
}

std::string ChromeProcess::log_tail(size_t max_lines) const {
  const std::string contents = log_contents();
  std::istringstream in(contents);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    lines.push_back(line);
    if (lines.size() > max_lines) lines.pop_front();
  }
  std::string out;
  for (const auto& l : lines) out += "  " + l + "\n";
  return out;
}

void ChromeProcess::shutdown() {
  if (!impl_->reaper.valid()) return;
  impl_->lifeline.close();  // EOF on the reaper's stdin: kill Chromium, remove the profile.
  std::error_code ec;
  if (!wait_for_exit(impl_->reaper, std::chrono::seconds(20))) {
    // The reaper itself is stuck; killing it still kills Chromium (PDEATHSIG).
    impl_->reaper.terminate(ec);
  }
  impl_->reaper = bp::child();
  // The reaper removes the profile before it exits; if the profile is still
  // here, the reaper died before its time (SIGKILLed alone, stuck, crashed)
  // and its work is ours.
  if (fs::exists(profile_dir_, ec)) {
    std::string error;
    if (!remove_orphaned_profile(profile_dir_, std::chrono::seconds(10), error)) {
      std::cerr << "silentcors: its Chromium reaper is gone and " << error << "\n";
    }
  }
}

}  // namespace silentcors::browser
