// `silentcors logs --format F`: which reader turns a file's lines into
// entries. One per file (a CloudFront file's #Fields line is its own). Pure.
//   combined, common  nginx's and Apache's default (parse_combined)
//   caddy             Caddy's JSON access log
//   json              JSON lines with named fields (json_lines_log.h)
//   alb, cloudfront   AWS's access logs (aws_logs.h)
//   anything else     an nginx log_format or Apache LogFormat string
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "logs/access_log_entry.h"
#include "logs/aws_logs.h"
#include "logs/log_format.h"

namespace silentcors::logs {

class LineParser {
 public:
  // nullopt with `error` saying what is wrong with a format string.
  static std::optional<LineParser> for_format(std::string_view format, std::string& error);

  // A line that is no request and no error (CloudFront's #Version and
  // #Fields: the latter is taken in). Counted as read, not as skipped.
  bool header(std::string_view line);
  std::optional<AccessLogEntry> parse(std::string_view line, std::string* why = nullptr);

  // Whether the log has Access-Control-Request-Headers: known from the
  // format, or (JSON lines) from the lines read so far.
  bool logs_request_headers() const { return request_headers_; }
  // "nginx's or Apache's combined format", "Caddy's JSON access log format"...
  const std::string& name() const { return name_; }

 private:
  enum class Kind { kCombined, kCaddy, kJson, kAlb, kCloudFront, kFormatString };
  Kind kind_ = Kind::kCombined;
  std::string name_;
  bool request_headers_ = false;
  std::optional<LogFormat> format_;
  CloudFrontLog cloudfront_;
};

}  // namespace silentcors::logs
