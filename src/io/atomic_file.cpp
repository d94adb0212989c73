#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <system_error>

#include "analysis/input_error.h"

namespace fs = std::filesystem;

namespace silentcors::io {
namespace {

bool is_stream(mode_t mode) { return S_ISCHR(mode) || S_ISFIFO(mode) || S_ISSOCK(mode); }

// Devices and pipes cannot be renamed over; neither can the system's
// aliases of them (/dev/stdout, /dev/fd/1, /proc/self/fd/1), which are
// symlinks no user can plant: `--json /dev/stdout > out.json` must still
// write out.json.
bool write_in_place(const fs::path& destination) {
  struct stat st {};
  if (lstat(destination.c_str(), &st) != 0) return false;
  if (is_stream(st.st_mode)) return true;
  if (!S_ISLNK(st.st_mode)) return false;
  std::error_code ec;
  const std::string absolute = fs::absolute(destination, ec).lexically_normal().string();
  return !ec && (absolute.rfind("/dev/", 0) == 0 || absolute.rfind("/proc/", 0) == 0);
}

std::string random_suffix() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
  return text;
}

}  // namespace

AtomicFile::AtomicFile(fs::path destination) : destination_(std::move(destination)) {
  if (write_in_place(destination_)) {
    fd_ = ::open(destination_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) fail(std::strerror(errno));
    return;
  }
  const fs::path parent = destination_.has_parent_path() ? destination_.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) fail(ec.message());
  // Found now rather than at the rename, so that `record` fails before any browser starts.
  struct stat st {};
  if (lstat(destination_.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) fail(std::strerror(EISDIR));

  // A name of our own in the destination's directory (a rename cannot cross
  // file systems), hidden, and created exclusively: O_EXCL|O_NOFOLLOW fail
  // on anything already there, a planted symlink included.
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    fs::path candidate = parent / ("." + destination_.filename().string() + ".tmp-" + random_suffix());
    fd_ = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd_ >= 0) {
      temporary_ = std::move(candidate);
    } else if (errno != EEXIST) {
      fail(std::strerror(errno));
    }
  }
  if (fd_ < 0) fail("no free temporary name beside it");
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::write(std::string_view bytes) {
  if (fd_ < 0) fail("already closed");
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      fail(std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
}

void AtomicFile::commit() {
  if (fd_ < 0) return;
  if (temporary_.empty()) {
    // In place: a pipe or terminal has nothing to sync, and close reports what went wrong.
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(std::strerror(errno));
    return;
  }
  // Data on disk before the name points at it: after a crash the
  // destination is the old file or the whole new one, never a cut-off one.
  if (::fsync(fd_) != 0) fail(std::strerror(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail(std::strerror(errno));
  if (::rename(temporary_.c_str(), destination_.c_str()) != 0) fail(std::strerror(errno));
  temporary_.clear();
  // And the rename itself on disk (best effort: some file systems refuse).
  const fs::path parent = destination_.has_parent_path() ? destination_.parent_path() : fs::path(".");
  const int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void AtomicFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temporary_.empty()) {
    ::unlink(temporary_.c_str());
    temporary_.clear();
  }
}

void AtomicFile::fail(const std::string& reason) {
  discard();
  throw InputError("cannot write " + destination_.string() + ": " + reason);
}

void write_file_atomically(const fs::path& path, std::string_view bytes) {
  AtomicFile file(path);
  file.write(bytes);
  file.commit();
}

}  // namespace silentcors::io
