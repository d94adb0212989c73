#include "logs/line_parser.h"

#include "logs/caddy_log.h"
#include "logs/json_lines_log.h"

namespace silentcors::logs {

std::optional<LineParser> LineParser::for_format(std::string_view format, std::string& error) {
  LineParser parser;
  if (format == "combined" || format == "common") {
    parser.kind_ = Kind::kCombined;
    parser.name_ = "nginx's or Apache's combined format";
  } else if (format == "caddy") {
    // Caddy's lines carry every request header: nothing to configure.
    parser.kind_ = Kind::kCaddy;
    parser.name_ = "Caddy's JSON access log format";
    parser.request_headers_ = true;
  } else if (format == "json") {
    parser.kind_ = Kind::kJson;
    parser.name_ = "JSON lines with named fields";
  } else if (format == "alb") {
    parser.kind_ = Kind::kAlb;
    parser.name_ = "the AWS Application Load Balancer access log format";
  } else if (format == "cloudfront") {
    parser.kind_ = Kind::kCloudFront;
    parser.name_ = "CloudFront's standard log format";
  } else {
    parser.format_ = LogFormat::compile(format, error);
    if (!parser.format_) return std::nullopt;
    parser.kind_ = Kind::kFormatString;
    parser.name_ = "the --format given";
    parser.request_headers_ = parser.format_->logs_request_headers();
  }
  return parser;
}

bool LineParser::header(std::string_view line) { return kind_ == Kind::kCloudFront && cloudfront_.header(line); }

std::optional<AccessLogEntry> LineParser::parse(std::string_view line, std::string* why) {
  switch (kind_) {
    case Kind::kCombined:
      return parse_combined(line, why);
    case Kind::kCaddy:
      return parse_caddy_json(line, why);
    case Kind::kJson: {
      bool logged = false;
      auto entry = parse_json_line(line, why, &logged);
      if (entry && logged) request_headers_ = true;
      return entry;
    }
    case Kind::kAlb:
      return parse_alb(line, why);
    case Kind::kCloudFront:
      return cloudfront_.parse(line, why);
    case Kind::kFormatString:
      return format_->parse(line, why);
  }
  return std::nullopt;
}

}  // namespace silentcors::logs
