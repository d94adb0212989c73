// Writes a recording: JSON Lines, one CDP message per line, exactly as the
// browser sent it. Events arrive on the transport thread while the caller
// may close the file from another, hence the lock.
#pragma once

#include <fstream>
#include <mutex>
#include <string>
#include <string_view>

namespace silentcors::capture {

class RecordingWriter {
 public:
  // Throws std::runtime_error naming the file if it cannot be created.
  explicit RecordingWriter(const std::string& path);
  ~RecordingWriter();

  void write(std::string_view message);
  size_t lines() const;
  // Flushes and closes; throws if the data could not be written (disk full).
  void close();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  mutable std::mutex mutex_;
  std::ofstream out_;
  size_t lines_ = 0;
};

}  // namespace silentcors::capture
