#include "browser/protocol_log.h"

#include <cstdlib>

namespace silentcors::browser {

std::unique_ptr<ProtocolLog> ProtocolLog::from_environment() {
  const char* path = std::getenv("SILENTCORS_PROTOCOL_LOG");
  if (!path || !*path) return nullptr;
  std::FILE* file = std::fopen(path, "a");
  if (!file) {
    std::fprintf(stderr, "silentcors: cannot write SILENTCORS_PROTOCOL_LOG=%s; no protocol log\n", path);
    return nullptr;
  }
  return std::make_unique<ProtocolLog>(file);
}

ProtocolLog::~ProtocolLog() { std::fclose(file_); }

void ProtocolLog::write(bool sent, std::string_view message) {
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - opened_).count();
  std::lock_guard lock(mutex_);
  std::fprintf(file_, "%.1f %s %.*s\n", ms, sent ? "->" : "<-", static_cast<int>(message.size()), message.data());
  std::fflush(file_);
}

}  // namespace silentcors::browser
