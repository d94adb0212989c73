#include "browser/chrome_process.h"

#include <fcntl.h>
#include <stdlib.h>
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

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
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

std::vector<std::string> ChromeProcess::arguments(const std::string& profile_dir, bool as_root) {
  std::vector<std::string> args = {
      "--headless",
      "--remote-debugging-port=0",
      "--remote-debugging-address=127.0.0.1",
      "--user-data-dir=" + profile_dir,
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
  if (as_root) args.push_back("--no-sandbox");
  return args;
}

ChromeProcess::ChromeProcess(const ChromeOptions& options) : impl_(std::make_unique<Impl>()) {
  executable_ = find_browser(options.chrome_path);
  const bool as_root = geteuid() == 0;
  if (as_root) say_no_sandbox_once();
  profile_dir_ = make_profile_dir();
  log_path_ = options.log_path.empty() ? profile_dir_ + "/chromium.log" : options.log_path;

  std::vector<std::string> args = {profile_dir_, log_path_, "--", executable_};
  for (auto& arg : arguments(profile_dir_, as_root)) args.push_back(std::move(arg));
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
    impl_->reaper = bp::child(reaper_path(), bp::args(args), env, bp::std_in < impl_->lifeline,
                              bp::std_out > bp::null, bp::std_err > stderr);
  } catch (const std::exception& e) {
    fs::remove_all(profile_dir_);
    throw BrowserError("cannot start " + reaper_path() + ": " + e.what());
  }
  const fs::path port_file = fs::path(profile_dir_) / "DevToolsActivePort";
  const auto deadline = std::chrono::steady_clock::now() + options.startup_timeout;
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
    if (!running()) {
      std::string tail = log_tail();
      shutdown();
      throw BrowserError(executable_ + " exited before opening its DevTools endpoint" +
                         (tail.empty() ? std::string(".") : ". Its log ends with:\n" + tail));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      std::string tail = log_tail();
      shutdown();
      throw BrowserError(executable_ + " did not open its DevTools endpoint within " +
                         std::to_string(options.startup_timeout.count() / 1000.0).substr(0, 4) + " s" +
                         (tail.empty() ? std::string(".") : ". Its log ends with:\n" + tail));
    }
    // Chromium writes the file once, a few hundred ms after start; there is
    // no event to wait on short of inotify, so look again shortly.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ChromeProcess::~ChromeProcess() { shutdown(); }

bool ChromeProcess::running() {
  std::error_code ec;
  return impl_->reaper.valid() && impl_->reaper.running(ec);
}

std::string ChromeProcess::log_tail(size_t max_lines) const {
  std::ifstream in(log_path_);
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
