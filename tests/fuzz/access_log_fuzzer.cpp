// libFuzzer target: one input is an access log. Every line parses or says
// why not; the parsed ones go through the preflight pairing, whose counts
// must add up (followed + orphaned = preflights) with nothing left waiting
// once the log ends. Hostile lines: cut off, binary, very long, wrong fields.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "logs/access_log_entry.h"
#include "logs/preflight_pairing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace silentcors::logs;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  PreflightPairer pairer(5000);
  std::int64_t options = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    std::string why;
    const auto entry = parse_combined(line, &why);
    if (!entry) {
      if (why.empty()) __builtin_trap();
      continue;
    }
    if (entry->path.empty() || entry->method.empty() || entry->status < 100 || entry->status > 999) __builtin_trap();
    options += entry->method == "OPTIONS";
    pairer.add(*entry);
  }
  pairer.finish();
  std::int64_t preflights = 0;
  for (const auto& [key, counts] : pairer.endpoints()) {
    if (counts.followed + counts.orphaned != counts.preflights) __builtin_trap();
    preflights += counts.preflights;
  }
  if (preflights != options || pairer.waiting() != 0) __builtin_trap();
  return 0;
}
