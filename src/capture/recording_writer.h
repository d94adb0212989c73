// Writes a recording: JSON Lines, one CDP message per line, exactly as the
// browser sent it. Events arrive on the transport thread while the caller
// may close the file from another, hence the lock.
//
// The lines stream into a temporary file beside the path, renamed over it at
// close (io/atomic_file.h): the path never holds half a recording, and a
// symlink planted there is replaced, never followed.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "io/atomic_file.h"

namespace silentcors::capture {

class RecordingWriter {
 public:
  // Throws silentcors::InputError naming the file if it cannot be created.
  explicit RecordingWriter(const std::string& path);
  // Closes (keeps what was recorded, as an interrupted run does) unless a
  // write failed.
  ~RecordingWriter();

  void write(std::string_view message);
  size_t lines() const;
  // Flushes and renames into place; throws InputError naming the file if
  // the data could not be written (disk full). The old file is then untouched.
  void close();
  const std::string& path() const { return path_; }

 private:
  void put(std::string_view bytes);  // Called with mutex_ held.

  std::string path_;
  mutable std::mutex mutex_;
  io::AtomicFile file_;
  std::string buffer_;
  std::optional<std::string> error_;  // The first write error, thrown by close().
  size_t lines_ = 0;
};

}  // namespace silentcors::capture
