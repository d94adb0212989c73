#include "cli/wrapped_browsers.h"

#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <random>
#include <stdexcept>

#include "browser/browser.h"
#include "browser/browser_error.h"
#include "page/target_watcher.h"
#include "wrapper/watch_channel.h"

namespace silentcors::cli {

namespace {

// How long a wrapper that connected may take to say which browser it is.
constexpr std::chrono::milliseconds kAnnounceLimit{10000};
// How long silentcors waits for a browser's DevTools to answer.
constexpr std::chrono::milliseconds kAttachLimit{10000};

std::string random_name() {
  std::random_device device;
  char name[64];
  std::snprintf(name, sizeof name, "@silentcors-watch-%d-%08x%08x", static_cast<int>(::getpid()), device(), device());
  return name;
}

bool same_user(int connection) {
  ucred peer{};
  socklen_t length = sizeof peer;
  return ::getsockopt(connection, SOL_SOCKET, SO_PEERCRED, &peer, &length) == 0 && peer.uid == ::getuid();
}

// The wrapper's first line, "browser URL", within kAnnounceLimit; "" if not.
std::string announced_url(int connection) {
  wrapper::DelimitedReader lines('\n');
  const auto deadline = std::chrono::steady_clock::now() + kAnnounceLimit;
  for (;;) {
    if (auto text = lines.next()) {
      const std::string prefix = wrapper::line::kBrowser;
      return text->rfind(prefix, 0) == 0 ? text->substr(prefix.size()) : "";
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{connection, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0 || !lines.fill(connection)) return "";
  }
}

}  // namespace

// One wrapped browser. The connection outlives the watcher's callbacks: it
// is closed last.
struct WrappedBrowsers::Watched {
  int connection = -1;
  std::mutex send_mutex;  // Releases come from the transport's thread.
  std::unique_ptr<browser::Browser> browser;
  std::unique_ptr<page::TargetWatcher> watcher;

  ~Watched() {
    watcher.reset();
    browser.reset();
    if (connection >= 0) ::close(connection);
  }
};

WrappedBrowsers::WrappedBrowsers() : socket_path_(random_name()) {
  listener_ = wrapper::listen_watch_socket(socket_path_);
  if (listener_ < 0) throw std::runtime_error("cannot open the watch socket: " + std::string(std::strerror(errno)));
  stop_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_ < 0) {
    ::close(listener_);
    throw std::runtime_error("eventfd: " + std::string(std::strerror(errno)));
  }
  server_ = std::thread([this] { serve(); });
}

WrappedBrowsers::~WrappedBrowsers() {
  finish();
  watched_.clear();
  ::close(stop_);
}

void WrappedBrowsers::serve() {
  for (;;) {
    pollfd fds[2] = {{listener_, POLLIN, 0}, {stop_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    const int connection = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) continue;
    if (!same_user(connection)) {
      ::close(connection);
      continue;
    }
    attach(connection);
  }
}

void WrappedBrowsers::attach(int connection) {
  auto watched = std::make_unique<Watched>();
  watched->connection = connection;
  const std::string url = announced_url(connection);
  if (url.empty()) return;  // Not a wrapper, or one that said nothing: `watched` closes it.
  ++announced_;
  Watched* self = watched.get();
  try {
    browser::ChromeOptions options;
    options.cdp_url = url;
    options.startup_timeout = kAttachLimit;
    watched->browser = std::make_unique<browser::Browser>(options);
    watched->watcher = std::make_unique<page::TargetWatcher>(watched->browser->cdp(), [self](const std::string& target) {
      std::lock_guard lock(self->send_mutex);
      wrapper::send_line(self->connection, wrapper::line::kRelease + target);
    });
  } catch (const std::exception& e) {
    ++failed_;
    std::cerr << "silentcors: cannot watch a browser the suite started (" << url << "): " << e.what() << "\n";
    std::lock_guard lock(self->send_mutex);
    wrapper::send_line(connection, wrapper::line::kFailed + std::string(e.what()));
    return;
  }
  {
    std::lock_guard lock(self->send_mutex);
    wrapper::send_line(connection, wrapper::line::kAttached);
  }
  std::lock_guard lock(mutex_);
  watched_.push_back(std::move(watched));
}

std::vector<runs::BrowserVisits> WrappedBrowsers::finish() {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return {};
    finished_ = true;
  }
  const std::uint64_t one = 1;
  (void)!::write(stop_, &one, sizeof one);
  if (server_.joinable()) server_.join();
  ::close(listener_);
  listener_ = -1;
  std::vector<runs::BrowserVisits> browsers;
  for (auto& watched : watched_) {
    // One round trip with a browser still open, so that every event it sent
    // before the suite ended has reached the watcher. (A browser the suite
    // closed sent everything before its connection closed.)
    if (watched->browser->cdp().connected()) {
      try {
        watched->browser->cdp().call("Browser.getVersion", nlohmann::json::object(), {}, std::chrono::milliseconds(5000));
      } catch (const browser::CdpError&) {
      }
    }
    runs::BrowserVisits visits;
    visits.default_context = watched->watcher->default_context();
    visits.visits = watched->watcher->finish();
    browsers.push_back(std::move(visits));
  }
  return browsers;
}

}  // namespace silentcors::cli
