// The access logs AWS writes for the two places a CORS API most often sits
// behind: an Application Load Balancer and CloudFront. Neither can log
// request headers, so Origin and Access-Control-Request-* are never in them:
// the pairing goes by client, user agent, path and time alone. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logs/access_log_entry.h"

namespace silentcors::logs {

// One ALB access log entry: space-separated, some fields quoted, new fields
// appended at the end (and ignored here, as AWS asks):
//   https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80
//   0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ... 
//   1 2018-07-02T22:22:48.364000Z "authenticate,forward" ...
// The time is request_creation_time (when the request arrived, the order the
// browser sent them in), else the response's time; the status is the one the
// client got (elb_status_code).
std::optional<AccessLogEntry> parse_alb(std::string_view line, std::string* why = nullptr);

// CloudFront's standard log (W3C extended): tab-separated, its columns named
// by the "#Fields:" line at the top of each file. Until one is seen, the
// documented order is assumed.
class CloudFrontLog {
 public:
  CloudFrontLog();
  // A "#Version:" or "#Fields:" line (taken in): no request, and no error.
  bool header(std::string_view line);
  std::optional<AccessLogEntry> parse(std::string_view line, std::string* why = nullptr) const;

 private:
  void name_columns(std::string_view fields);
  // Column of each field read, or -1.
  int date_ = -1, time_ = -1, client_ = -1, method_ = -1, path_ = -1, status_ = -1, agent_ = -1;
};

}  // namespace silentcors::logs
