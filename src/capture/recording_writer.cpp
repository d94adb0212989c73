#include "capture/recording_writer.h"

#include <nlohmann/json.hpp>

#include "analysis/input_error.h"

namespace silentcors::capture {
namespace {

// Events come one small message at a time; a write(2) each would be a
// system call per event.
constexpr size_t kFlushAt = 64 * 1024;

}  // namespace

RecordingWriter::RecordingWriter(const std::string& path) : path_(path), file_(path) {}

RecordingWriter::~RecordingWriter() {
  try {
    close();
  } catch (...) {
  }
}

void RecordingWriter::write(std::string_view message) {
  std::lock_guard lock(mutex_);
  if (!file_.open() || error_) return;
  // Chromium never sends raw newlines inside a message, but a line must be
  // one message whatever sent it: re-serialise the rare one that has them.
  if (message.find_first_of("\r\n") != std::string_view::npos) {
    auto parsed = nlohmann::json::parse(message, nullptr, false);
    buffer_ += parsed.is_discarded() ? std::string() : parsed.dump();
  } else {
    buffer_ += message;
  }
  buffer_ += '\n';
  ++lines_;
  if (buffer_.size() >= kFlushAt) put(buffer_);
}

void RecordingWriter::put(std::string_view bytes) {
  try {
    file_.write(bytes);
  } catch (const InputError& e) {
    // The transport thread must not die of a full disk: the run goes on,
    // and close() says what went wrong.
    error_ = e.what();
  }
  buffer_.clear();
}

size_t RecordingWriter::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

void RecordingWriter::close() {
  std::lock_guard lock(mutex_);
  if (!error_ && file_.open() && !buffer_.empty()) put(buffer_);
  if (error_) {
    file_.discard();
    std::string error = *error_;
    error_.reset();
    throw InputError(error);
  }
  file_.commit();
}

}  // namespace silentcors::capture
