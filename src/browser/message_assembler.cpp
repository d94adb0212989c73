#include "browser/message_assembler.h"

namespace silentcors::browser {

MessageAssembler::Result MessageAssembler::append(const char* data, size_t length, bool is_final) {
  if (!overflowed_) {
    if (buffer_.size() + length > max_) {
      overflowed_ = true;
      buffer_.clear();
      buffer_.shrink_to_fit();
    } else {
      buffer_.append(data, length);
    }
  }
  if (!is_final) return Result::kIncomplete;
  if (overflowed_) {
    // The oversized message is dropped whole; the next one starts clean.
    overflowed_ = false;
    return Result::kTooLarge;
  }
  return Result::kComplete;
}

std::string MessageAssembler::take() {
  std::string out;
  out.swap(buffer_);
  return out;
}

}  // namespace silentcors::browser
