#include "capture/recording_writer.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "analysis/input_error.h"

namespace silentcors::capture {

RecordingWriter::RecordingWriter(const std::string& path) : path_(path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  out_.open(path, std::ios::binary | std::ios::trunc);
  if (!out_) throw InputError("cannot write " + path + ": " + std::strerror(errno));
}

RecordingWriter::~RecordingWriter() {
  try {
    close();
  } catch (...) {
  }
}

void RecordingWriter::write(std::string_view message) {
  std::lock_guard lock(mutex_);
  if (!out_.is_open()) return;
  // Chromium never sends raw newlines inside a message, but a line must be
  // one message whatever sent it: re-serialise the rare one that has them.
  if (message.find_first_of("\r\n") != std::string_view::npos) {
    auto parsed = nlohmann::json::parse(message, nullptr, false);
    out_ << (parsed.is_discarded() ? std::string() : parsed.dump()) << '\n';
  } else {
    out_ << message << '\n';
  }
  ++lines_;
}

size_t RecordingWriter::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

void RecordingWriter::close() {
  std::lock_guard lock(mutex_);
  if (!out_.is_open()) return;
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok) throw std::runtime_error("could not finish writing " + path_ + " (disk full?)");
}

}  // namespace silentcors::capture
