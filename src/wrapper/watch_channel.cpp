#include "wrapper/watch_channel.h"

#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

namespace silentcors::wrapper {

namespace {

// The address of `path`, and its length; false if it is too long.
bool address_of(const std::string& path, sockaddr_un& address, socklen_t& length) {
  address = {};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path) return false;
  std::memcpy(address.sun_path, path.data(), path.size());
  // An abstract name starts with a NUL and is exactly as long as given.
  if (path[0] == '@') address.sun_path[0] = '\0';
  length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (path[0] == '@' ? 0 : 1));
  return true;
}

}  // namespace

int connect_watch_socket(const std::string& path) {
  sockaddr_un address;
  socklen_t length = 0;
  if (!address_of(path, address, length)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

int listen_watch_socket(const std::string& path) {
  sockaddr_un address;
  socklen_t length = 0;
  if (!address_of(path, address, length)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd, 64) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

bool send_line(int fd, const std::string& text) {
  const std::string message = text + "\n";
  std::size_t at = 0;
  while (at < message.size()) {
    const ssize_t n = ::send(fd, message.data() + at, message.size() - at, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

bool DelimitedReader::fill(int fd) {
  char chunk[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
}

std::optional<std::string> DelimitedReader::next() {
  const std::size_t end = buffer_.find(delimiter_, start_);
  if (end == std::string::npos) {
    // Only what is not handed out yet is kept (a burst of many messages is
    // not copied once per message).
    buffer_.erase(0, start_);
    start_ = 0;
    return std::nullopt;
  }
  std::string text = buffer_.substr(start_, end - start_);
  start_ = end + 1;
  return text;
}

}  // namespace silentcors::wrapper
