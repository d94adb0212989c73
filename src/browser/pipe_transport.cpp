#include "browser/pipe_transport.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace silentcors::browser {

namespace {

// Large enough that a multi-MB reply takes few reads; CDP bursts are large.
constexpr size_t kReadChunk = 256 * 1024;

bool is_socket(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

void set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int make_wake_fd() {
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
  return fd;
}

}  // namespace

PipeTransport::PipeTransport(int to_browser, int from_browser)
    : to_browser_(to_browser), from_browser_(from_browser), to_socket_(is_socket(to_browser)),
      wake_fd_(make_wake_fd()) {
  set_nonblocking(to_browser_);
  set_nonblocking(from_browser_);
}

PipeTransport::~PipeTransport() {
  close();
  if (reader_.joinable()) reader_.join();
  ::close(wake_fd_);
  ::close(to_browser_);
  ::close(from_browser_);
}

void PipeTransport::start() {
  reader_ = std::thread([this] { read_loop(); });
}

bool PipeTransport::wait_ready(int fd, short events) {
  while (!closing_.load()) {
    pollfd fds[2] = {{fd, events, 0}, {wake_fd_, POLLIN, 0}};
    int ready = poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (fds[1].revents) return false;
    // POLLHUP/POLLERR also count: the next read or write says what happened.
    if (fds[0].revents) return true;
  }
  return false;
}

bool PipeTransport::send(std::string message) {
  if (closing_.load() || finished_.load()) return false;
  message.push_back('\0');
  std::lock_guard lock(write_mutex_);
  size_t at = 0;
  while (at < message.size()) {
    const char* data = message.data() + at;
    const size_t left = message.size() - at;
    ssize_t written = to_socket_ ? ::send(to_browser_, data, left, MSG_NOSIGNAL) : ::write(to_browser_, data, left);
    if (written > 0) {
      at += static_cast<size_t>(written);
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (wait_ready(to_browser_, POLLOUT)) continue;
      return false;  // Closed while the browser was not reading.
    }
    // EPIPE and the like: the browser is gone. Its read side will say so too;
    // a message cut off here cannot be taken back, so nothing more is sent.
    finish(std::string("writing to the DevTools pipe: ") + std::strerror(errno));
    return false;
  }
  return true;
}

void PipeTransport::close() {
  if (closing_.exchange(true)) return;
  const uint64_t one = 1;
  // Level-triggered: it stays readable, so every poll that waits on it wakes.
  [[maybe_unused]] ssize_t ignored = ::write(wake_fd_, &one, sizeof one);
  // Without a reader thread nobody else would say it is closed.
  if (!reader_.joinable()) finish("closed by client");
}

void PipeTransport::finish(const std::string& reason) {
  if (finished_.exchange(true)) return;
  closed(reason);
}

void PipeTransport::read_loop() {
  std::string buffer(kReadChunk, '\0');
  std::string message;  // The part of a message read so far.
  while (true) {
    ssize_t got = ::read(from_browser_, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (wait_ready(from_browser_, POLLIN)) continue;
      finish("closed by client");
      return;
    }
    if (got == 0) {
      finish("the browser closed the DevTools pipe");
      return;
    }
    if (got < 0) {
      finish(std::string("reading the DevTools pipe: ") + std::strerror(errno));
      return;
    }
    const char* at = buffer.data();
    const char* end = at + got;
    while (at < end) {
      const char* nul = static_cast<const char*>(std::memchr(at, '\0', static_cast<size_t>(end - at)));
      if (!nul) {
        message.append(at, end);
        break;
      }
      message.append(at, nul);
      deliver(std::move(message));
      message.clear();
      at = nul + 1;
    }
    if (closing_.load()) {
      finish("closed by client");
      return;
    }
  }
}

}  // namespace silentcors::browser
