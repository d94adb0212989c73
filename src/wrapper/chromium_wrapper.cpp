#include "wrapper/chromium_wrapper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <memory>
#include <set>

#include "browser/devtools_gate.h"
#include "browser/remote_endpoint.h"
#include "browser/resume_hold.h"
#include "wrapper/descendants.h"
#include "wrapper/watch_channel.h"

namespace silentcors::wrapper {

namespace {

using Clock = browser::ResumeHold::Clock;

// The suite's ends of --remote-debugging-pipe, as Chromium would have had them.
constexpr int kSuiteReads = 3;   // The suite writes commands here.
constexpr int kSuiteWrites = 4;  // The suite reads answers and events here.

// How long Chromium's other processes may go on after its browser process
// has exited (they notice at once; a loaded machine may take seconds) before
// the wrapper ends them.
constexpr auto kDescendantsLimit = std::chrono::seconds(5);

void say(const std::string& text) { std::cerr << "silentcors-chromium: " << text << std::endl; }

void say_expired(std::size_t expired, std::size_t held) {
  if (expired == 0) return;
  say(std::to_string(expired) + " of the suite's " + std::to_string(held) + " held resumes went on after " +
      std::to_string(browser::DevToolsGate::kHoldLimit.count() / 1000) +
      " s without silentcors having set their target up; their first requests may be missing");
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, -1);
      continue;
    }
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// A pipe whose ends no other program inherits unless given on purpose.
void make_pipe(int ends[2]) {
  if (::pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
}

std::vector<char*> argv_of(const std::string& program, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  return argv;
}

// The wrapper's state between the suite, Chromium and watch: one thread,
// one poll loop, so no locks.
class Relay {
 public:
  Relay(const WrappedLaunch& launch, std::string watch_socket)
      : pipe_mode_(launch.channel == SuiteChannel::kPipe), watch_socket_(std::move(watch_socket)) {}

  int run(const std::string& real_chromium, const std::vector<std::string>& args);

 private:
  int run_beside(const std::string& real_chromium, const std::vector<std::string>& args);
  void relay();
  // Whether the browser is still there: in pipe mode until Chromium, the
  // wrapper's child, has exited; beside it until its stderr has closed.
  bool browser_running() const { return beside_ ? stderr_from_chromium_ >= 0 : status_ < 0; }

  enum class Watch { kNotYet, kWaiting, kAttached, kUnwatched };

  // Pipe mode: Chromium as the wrapper's child, on pipes of the wrapper's.
  void start_chromium(const std::string& real_chromium, const std::vector<std::string>& args, const sigset_t& mask);
  void on_stderr_line(const std::string& line);
  void on_watch_line(const std::string& line);
  void go_unwatched(const std::string& why);
  void to_chromium(const std::vector<std::string>& messages);
  void on_signal();
  void drain_after_exit();
  void wait_for_descendants();

  const bool pipe_mode_;
  const std::string watch_socket_;
  pid_t chromium_ = -1;
  int status_ = -1;  // waitpid's, once Chromium has exited.
  bool beside_ = false;  // Port mode: Chromium is this process's parent (run_beside).
  bool end_descendants_ = false;  // The suite signalled after the browser had exited.

  int stderr_from_chromium_ = -1;
  int to_chromium_ = -1;    // Chromium's fd 3 (pipe mode).
  int from_chromium_ = -1;  // Chromium's fd 4 (pipe mode).
  bool suite_open_ = true;  // The suite's fd 3 has not ended.
  int signals_ = -1;
  int watch_ = -1;
  DelimitedReader stderr_lines_{'\n'};
  DelimitedReader watch_lines_{'\n'};
  DelimitedReader suite_messages_{'\0'};
  DelimitedReader chromium_messages_{'\0'};

  Watch state_ = Watch::kNotYet;
  Clock::time_point attach_deadline_;
  std::string browser_url_;
  std::string held_line_;  // Port mode: the DevTools line, until attached.
  std::set<std::string> released_;
  browser::ResumeHold hold_{released_};
  std::unique_ptr<browser::DevToolsGate> gate_;
};

void Relay::start_chromium(const std::string& real_chromium, const std::vector<std::string>& args,
                           const sigset_t& mask) {
  int err[2];
  make_pipe(err);
  int commands[2], answers[2];
  make_pipe(commands);
  make_pipe(answers);
  std::vector<char*> argv = argv_of(real_chromium, args);
  const pid_t parent = ::getpid();
  chromium_ = ::fork();
  if (chromium_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (chromium_ == 0) {
    ::sigprocmask(SIG_SETMASK, &mask, nullptr);
    // Chromium must not outlive its wrapper: a suite that kills only the
    // process it started (the wrapper) ends the browser too.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(err[1], 2);
    // Chromium's own fds 3 and 4 replace the suite's (dup2 clears
    // close-on-exec on the copies).
    ::dup2(commands[0], kSuiteReads);
    ::dup2(answers[1], kSuiteWrites);
    ::execv(real_chromium.c_str(), argv.data());
    const std::string why = "silentcors-chromium: cannot run " + real_chromium + ": " + std::strerror(errno) + "\n";
    (void)!::write(2, why.data(), why.size());
    ::_exit(127);
  }
  ::close(err[1]);
  stderr_from_chromium_ = err[0];
  ::close(commands[0]);
  ::close(answers[1]);
  to_chromium_ = commands[1];
  from_chromium_ = answers[0];
}

void Relay::on_stderr_line(const std::string& line) {
  if (state_ == Watch::kNotYet) {
    if (auto url = devtools_listening_url(line)) {
      browser_url_ = *url;
      if (!pipe_mode_) held_line_ = line + "\n";
      watch_ = connect_watch_socket(watch_socket_);
      if (watch_ < 0 || !send_line(watch_, std::string(line::kBrowser) + browser_url_)) {
        go_unwatched("cannot reach silentcors watch at " + watch_socket_ + ": " + std::strerror(errno));
      } else {
        state_ = Watch::kWaiting;
        attach_deadline_ = Clock::now() + kAttachLimit;
      }
      return;  // In pipe mode the port is silentcors' own: the suite never hears of it.
    }
  }
  const std::string text = line + "\n";
  write_all(2, text.data(), text.size());
}

void Relay::go_unwatched(const std::string& why) {
  if (state_ == Watch::kUnwatched) return;
  const bool was_attached = state_ == Watch::kAttached;
  state_ = Watch::kUnwatched;
  if (!was_attached) say(why + "; this browser is not watched");
  // Nothing may wait any longer for a release that will not come.
  to_chromium(hold_.expire(Clock::time_point::max()));
  if (!held_line_.empty()) {
    write_all(2, held_line_.data(), held_line_.size());
    held_line_.clear();
  }
}

void Relay::on_watch_line(const std::string& text) {
  if (text == line::kAttached && state_ == Watch::kWaiting) {
    state_ = Watch::kAttached;
    if (!pipe_mode_) {
      // The suite connects through the gate, which holds its resumes as
      // the pipe relay does.
      std::string error;
      auto url = browser::parse_cdp_url(browser_url_, error);
      try {
        if (!url) throw std::runtime_error(error);
        gate_ = std::make_unique<browser::DevToolsGate>(url->endpoint.host, url->endpoint.port);
        held_line_ = devtools_listening_line(gate_->ws_url(url->endpoint.path));
      } catch (const std::runtime_error& e) {
        say(std::string("no gate in front of the browser (") + e.what() +
            "): a target's first requests may be missed");
      }
      write_all(2, held_line_.data(), held_line_.size());
      held_line_.clear();
    }
  } else if (text.rfind(line::kFailed, 0) == 0) {
    go_unwatched("silentcors watch could not attach: " + text.substr(std::strlen(line::kFailed)));
  } else if (text.rfind(line::kRelease, 0) == 0) {
    const std::string target = text.substr(std::strlen(line::kRelease));
    if (gate_) gate_->release(target);
    released_.insert(target);
    to_chromium(hold_.release(target));
  }
}

void Relay::to_chromium(const std::vector<std::string>& messages) {
  for (const auto& message : messages) {
    if (to_chromium_ < 0) return;
    if (!write_all(to_chromium_, message.data(), message.size() + 1)) {  // With its '\0'.
      ::close(to_chromium_);
      to_chromium_ = -1;
    }
  }
}

void Relay::on_signal() {
  signalfd_siginfo info{};
  while (::read(signals_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    if (info.ssi_signo == SIGCHLD) {
      reap_exited_children([this](pid_t pid, int status) {
        if (pid == chromium_) status_ = status;
      });
    } else if (status_ < 0) {
      ::kill(chromium_, static_cast<int>(info.ssi_signo));  // The suite meant the browser.
    } else {
      end_descendants_ = true;  // It meant the browser, which is gone: what is left of it ends now.
    }
  }
}

// Chromium has exited: what it wrote before is still in the pipes.
void Relay::drain_after_exit() {
  for (int fd : {stderr_from_chromium_, from_chromium_}) {
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  if (from_chromium_ >= 0) {
    while (chromium_messages_.fill(from_chromium_)) {
    }
    while (auto message = chromium_messages_.next()) write_all(kSuiteWrites, message->data(), message->size() + 1);
  }
  if (stderr_from_chromium_ >= 0) {
    while (stderr_lines_.fill(stderr_from_chromium_)) {
    }
    while (auto text = stderr_lines_.next()) on_stderr_line(*text);
  }
}

// The browser process has exited; its other processes go on until they
// notice. The suite's driver must not hear "exited" before they are gone.
void Relay::wait_for_descendants() {
  const auto deadline = Clock::now() + kDescendantsLimit;
  auto ignore = [](pid_t, int) {};
  while (reap_exited_children(ignore)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{signals_, POLLIN, 0};
    if (!end_descendants_ && left > 0 && ::poll(&p, 1, static_cast<int>(left) + 1) != 0) {
      on_signal();
      continue;
    }
    const int killed = kill_children();
    if (!end_descendants_ && killed > 0) {
      say(std::to_string(killed) + " of Chromium's processes were still running " +
          std::to_string(kDescendantsLimit.count()) + " s after its browser process had exited; they were ended");
    }
    end_descendants_ = true;
    int status = 0;
    ::waitpid(-1, &status, 0);  // Their own children come to this process next.
  }
}

// The poll loop between suite, Chromium and watch, until the browser is gone.
void Relay::relay() {
  while (browser_running()) {
    std::vector<pollfd> fds;
    enum Source { kSignals, kStderr, kWatch, kSuite, kChromium };
    std::vector<Source> sources;
    auto add = [&](int fd, Source source) {
      if (fd < 0) return;
      fds.push_back({fd, POLLIN, 0});
      sources.push_back(source);
    };
    add(signals_, kSignals);
    add(stderr_from_chromium_, kStderr);
    add(watch_, kWatch);
    // The suite's commands wait in their pipe until watch has attached.
    if (pipe_mode_ && suite_open_ && state_ != Watch::kNotYet && state_ != Watch::kWaiting) add(kSuiteReads, kSuite);
    add(from_chromium_, kChromium);

    int timeout = -1;
    const auto now = Clock::now();
    auto until = [&](Clock::time_point t) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - now).count() + 1;
      const int bounded = static_cast<int>(std::max<long long>(0, ms));
      timeout = timeout < 0 ? bounded : std::min(timeout, bounded);
    };
    if (state_ == Watch::kWaiting) until(attach_deadline_);
    if (hold_.holding()) until(hold_.oldest_hold() + browser::DevToolsGate::kHoldLimit);

    if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (!fds[i].revents) continue;
      switch (sources[i]) {
        case kSignals:
          on_signal();
          break;
        case kStderr:
          if (!stderr_lines_.fill(stderr_from_chromium_)) {
            ::close(stderr_from_chromium_);
            stderr_from_chromium_ = -1;
          }
          while (auto text = stderr_lines_.next()) on_stderr_line(*text);
          break;
        case kWatch: {
          const bool open = watch_lines_.fill(watch_);
          while (auto text = watch_lines_.next()) on_watch_line(*text);
          if (!open) {
            ::close(watch_);
            watch_ = -1;
            go_unwatched("silentcors watch went away");
          }
          break;
        }
        case kSuite: {
          const bool open = suite_messages_.fill(kSuiteReads);
          while (auto message = suite_messages_.next()) {
            if (state_ == Watch::kAttached) {
              to_chromium(hold_.from_suite(std::move(*message), Clock::now()));
            } else {
              to_chromium({*message});
            }
          }
          if (!open) {
            // The suite closed its pipe: Chromium's ends too, as it would
            // have seen without the wrapper.
            suite_open_ = false;
            to_chromium(hold_.expire(Clock::time_point::max()));
            if (to_chromium_ >= 0) ::close(to_chromium_);
            to_chromium_ = -1;
          }
          break;
        }
        case kChromium: {
          const bool open = chromium_messages_.fill(from_chromium_);
          while (auto message = chromium_messages_.next()) {
            hold_.from_browser(*message);
            write_all(kSuiteWrites, message->data(), message->size() + 1);
          }
          if (!open) {
            ::close(from_chromium_);
            from_chromium_ = -1;
          }
          break;
        }
      }
    }
    if (state_ == Watch::kWaiting && Clock::now() >= attach_deadline_) {
      go_unwatched("silentcors watch did not attach within " + std::to_string(kAttachLimit.count()) + " s");
    }
    if (hold_.holding()) to_chromium(hold_.expire(Clock::now() - browser::DevToolsGate::kHoldLimit));
  }
}

// Port mode (Puppeteer, chromedriver): Chromium takes this very process
// (exec), so the pid the suite started, waits for, signals and kills is
// Chromium's own, as without the wrapper. chromedriver SIGKILLs the browser
// it started and deletes its temporary profile at once: with the wrapper's
// pid in between, Chromium lived on a moment after that kill and wrote into
// the profile being deleted (left in TMPDIR under load). The relay goes on in
// a child of Chromium's: it reads Chromium's stderr, tells watch, holds the
// DevTools line until watch has attached and names the gate in it; it ends
// when that stderr closes, that is when every process of Chromium has.
int Relay::run_beside(const std::string& real_chromium, const std::vector<std::string>& args) {
  int err[2];
  make_pipe(err);
  std::vector<char*> argv = argv_of(real_chromium, args);
  const pid_t relay_pid = ::fork();
  if (relay_pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (relay_pid > 0) {
    ::close(err[0]);
    ::dup2(err[1], 2);
    ::close(err[1]);
    ::execv(real_chromium.c_str(), argv.data());
    const std::string why = "silentcors-chromium: cannot run " + real_chromium + ": " + std::strerror(errno) + "\n";
    (void)!::write(2, why.data(), why.size());
    return 127;
  }
  ::close(err[1]);
  // Signals to the suite's process group are Chromium's; the relay ends with
  // Chromium's stderr, or with a SIGKILL.
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE}) ::signal(s, SIG_IGN);
  beside_ = true;
  stderr_from_chromium_ = err[0];
  relay();
  if (watch_ >= 0) ::close(watch_);
  if (gate_) say_expired(gate_->resumes_expired(), gate_->resumes_held());
  gate_.reset();
  std::cerr.flush();
  ::_exit(0);
}

int Relay::run(const std::string& real_chromium, const std::vector<std::string>& args) {
  if (!pipe_mode_) return run_beside(real_chromium, args);
  // Signals the suite sends the wrapper are Chromium's; SIGCHLD says it ended.
  sigset_t handled, previous;
  sigemptyset(&handled);
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD}) sigaddset(&handled, s);
  ::sigprocmask(SIG_BLOCK, &handled, &previous);
  signals_ = ::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
  adopt_orphaned_descendants();
  start_chromium(real_chromium, args, previous);
  ::fcntl(kSuiteReads, F_SETFD, FD_CLOEXEC);

  relay();
  drain_after_exit();
  if (status_ >= 0) wait_for_descendants();
  if (watch_ >= 0) ::close(watch_);
  // Never expected: watch releases every target it sets up.
  say_expired(hold_.expired(), hold_.holds());
  if (gate_) say_expired(gate_->resumes_expired(), gate_->resumes_held());
  if (status_ < 0) return 1;
  if (WIFSIGNALED(status_)) {
    // Ended as Chromium was: the suite reads the same status.
    ::signal(WTERMSIG(status_), SIG_DFL);
    ::sigprocmask(SIG_SETMASK, &previous, nullptr);
    ::kill(::getpid(), WTERMSIG(status_));
    return 128 + WTERMSIG(status_);
  }
  return WEXITSTATUS(status_);
}

}  // namespace

int run_wrapped(const std::string& real_chromium, const WrappedLaunch& launch, const std::string& watch_socket) {
  try {
    Relay relay(launch, watch_socket);
    return relay.run(real_chromium, launch.chromium_args);
  } catch (const std::exception& e) {
    say(e.what());
    return 127;
  }
}

int exec_chromium(const std::string& real_chromium, const std::vector<std::string>& args) {
  std::vector<char*> argv = argv_of(real_chromium, args);
  ::execv(real_chromium.c_str(), argv.data());
  say("cannot run " + real_chromium + ": " + std::strerror(errno));
  return 127;
}

}  // namespace silentcors::wrapper
