// libFuzzer target: one input is an access log. Every line parses or says
// why not, read as combined, as nginx's and Apache's CORS-logging formats
// (--format), as Caddy's JSON lines, as JSON lines, ALB and CloudFront logs
// (through LineParser, as `logs` reads them), and as the format its own first line spells (which compiles or
// says why); the parsed ones go through the preflight pairing, whose counts
// must add up (followed + orphaned = preflights, no header asked for by more
// preflights than there are) with nothing left waiting once the log ends.
// Hostile lines: cut off, binary, very long, wrong fields.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logs/access_log_entry.h"
#include "logs/caddy_log.h"
#include "logs/line_parser.h"
#include "logs/log_format.h"
#include "logs/preflight_pairing.h"

namespace {

using namespace silentcors::logs;

const LogFormat& format_of(const char* spec) {
  std::string error;
  static std::vector<LogFormat> kept;
  kept.reserve(4);
  kept.push_back(*LogFormat::compile(spec, error));
  return kept.back();
}

// One reading of the log: every line parses or says why, and the pairing's
// counts add up.
template <class Parse>
void pair_all(std::string_view text, Parse parse) {
  PreflightPairer pairer(5000);
  std::int64_t options = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    std::string why;
    const std::optional<AccessLogEntry> entry = parse(line, &why);
    if (!entry) {
      if (why.empty()) __builtin_trap();
      continue;
    }
    if (entry->path.empty() || entry->method.empty() || entry->client.empty()) __builtin_trap();
    if (entry->status != 0 && (entry->status < 100 || entry->status > 599)) __builtin_trap();
    options += entry->method == "OPTIONS";
    pairer.add(*entry);
  }
  pairer.finish();
  std::int64_t preflights = 0;
  for (const auto& [key, counts] : pairer.endpoints()) {
    if (counts.followed + counts.orphaned != counts.preflights) __builtin_trap();
    for (const auto& [header, asking] : counts.asked) {
      if (header.empty() || asking.first > counts.orphaned || asking.second > counts.followed) __builtin_trap();
    }
    preflights += counts.preflights;
  }
  if (preflights != options || pairer.waiting() != 0) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const LogFormat& nginx = format_of(
      R"('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" )"
      R"("$http_user_agent" "$http_origin" "$http_access_control_request_headers"')");
  static const LogFormat& apache = format_of(
      R"(%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{Origin}i\" \"%{Access-Control-Request-Headers}i\")");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  pair_all(text, [](std::string_view line, std::string* why) { return parse_combined(line, why); });
  pair_all(text, [](std::string_view line, std::string* why) { return nginx.parse(line, why); });
  pair_all(text, [](std::string_view line, std::string* why) { return apache.parse(line, why); });
  pair_all(text, [](std::string_view line, std::string* why) { return parse_caddy_json(line, why); });
  for (const char* format : {"json", "alb", "cloudfront"}) {
    std::string error;
    auto parser = LineParser::for_format(format, error);
    if (!parser) __builtin_trap();
    pair_all(text, [&parser](std::string_view line, std::string* why) -> std::optional<AccessLogEntry> {
      if (parser->header(line)) {
        *why = "a header line";  // Neither an entry nor an error; stands aside like one.
        return std::nullopt;
      }
      return parser->parse(line, why);
    });
  }

  const std::string_view first = text.substr(0, text.find('\n'));
  std::string error;
  const auto own = LogFormat::compile(first, error);
  if (!own && error.empty()) __builtin_trap();
  if (own) pair_all(text, [&own](std::string_view line, std::string* why) { return own->parse(line, why); });
  return 0;
}
