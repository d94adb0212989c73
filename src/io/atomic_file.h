// A file that appears whole or not at all. Bytes go to a new temporary file
// beside the destination (created with O_EXCL|O_NOFOLLOW, so no planted
// symlink is followed), which commit() flushes to disk and renames over the
// destination: a symlink already there is replaced, never written through,
// and an old file stays untouched until the new one is complete. On any
// error the temporary is removed and silentcors::InputError names the
// destination ("cannot write reports/junit.xml: No space left on device").
//
// A destination that is a device, FIFO or socket (/dev/stdout, /dev/null, a
// pipe) cannot be replaced by a rename and is written in place.
#pragma once

#include <filesystem>
#include <string_view>

namespace silentcors::io {

class AtomicFile {
 public:
  // Creates missing parent directories and the temporary file. Throws InputError.
  explicit AtomicFile(std::filesystem::path destination);
  // Without commit(), the temporary is removed and the destination untouched.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Throws InputError; the file is then discarded.
  void write(std::string_view bytes);
  // fsync, then rename over the destination. Throws InputError (and
  // discards) on failure. Idempotent once it succeeded.
  void commit();
  // Removes the temporary; the destination stays as it was.
  void discard() noexcept;

  const std::filesystem::path& destination() const { return destination_; }
  bool open() const { return fd_ >= 0; }

 private:
  [[noreturn]] void fail(const std::string& reason);

  std::filesystem::path destination_;
  std::filesystem::path temporary_;  // Empty when writing in place.
  int fd_ = -1;
};

// The whole of `bytes` as `path`, atomically (see AtomicFile).
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace silentcors::io
