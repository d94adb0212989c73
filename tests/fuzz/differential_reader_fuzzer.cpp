// libFuzzer target: the reader's two readings of a line must agree. Each
// line of the input goes to simdjson (CdpEventParser) and to nlohmann
// (cdp_event_from_json). simdjson may refuse a line nlohmann takes (the
// reader then uses nlohmann's reading), never the other way round, and
// where both take it they must give the same event. A disagreement traps.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analysis/cdp_event_json.h"
#include "analysis/cdp_event_parser.h"

namespace {

void check_line(silentcors::CdpEventParser& parser, std::string_view line) {
  using namespace silentcors;
  // The parser reads past the end of the line: as the reader's buffer, the
  // copy has room after it.
  std::string padded(line);
  padded.append(CdpEventParser::kPadding, ' ');
  CdpEvent fast;
  if (!parser.parse(std::string_view(padded.data(), line.size()), fast)) return;
  nlohmann::json message;
  try {
    message = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    std::fprintf(stderr, "simdjson took a line nlohmann refuses (%s)\n", e.what());
    __builtin_trap();
  }
  if (!message.is_object()) {
    std::fprintf(stderr, "simdjson took a line that is not an object\n");
    __builtin_trap();
  }
  CdpEvent slow;
  cdp_event_from_json(message, slow);
  if (!(fast == slow)) {
    std::fprintf(stderr, "simdjson and nlohmann read the line differently\n");
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static silentcors::CdpEventParser parser;  // Reused, as the reader reuses it.
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    size_t end = input.find('\n');
    check_line(parser, input.substr(0, end));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return 0;
}
