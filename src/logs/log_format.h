// An access-log format the user pastes (`silentcors logs --format`): nginx's
// log_format string ('$remote_addr - $remote_user [$time_local] "$request"
// ... "$http_access_control_request_headers"') or Apache's LogFormat string
// (%h %l %u %t \"%r\" %>s %b ... \"%{Access-Control-Request-Headers}i\"),
// compiled once into literals and fields, then matched against each line
// left to right. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logs/access_log_entry.h"

namespace silentcors::logs {

class LogFormat {
 public:
  // What a field of the format means to the pairing.
  enum class Field {
    kClient,           // $remote_addr, %h, %a
    kTimeLocal,        // $time_local, %t (with its brackets)
    kTimeIso,          // $time_iso8601
    kMsec,             // $msec: Unix seconds with milliseconds
    kRequest,          // $request, %r: "METHOD target PROTOCOL"
    kMethod,           // $request_method, %m
    kUri,              // $request_uri, $uri, %U (path), with %q the query
    kStatus,           // $status, %>s, %s
    kUserAgent,        // $http_user_agent, %{User-Agent}i
    kOrigin,           // $http_origin, %{Origin}i
    kRequestMethod,    // $http_access_control_request_method
    kRequestHeaders,   // $http_access_control_request_headers
    kIgnored,          // Anything else: read past.
  };
  struct Part {
    bool literal = true;
    std::string text;  // A literal's text, or the field's name as written.
    Field field = Field::kIgnored;
  };

  // nullopt with `error` saying what is wrong (an unknown Apache directive,
  // no client, time or request in it...).
  static std::optional<LogFormat> compile(std::string_view spec, std::string& error);

  std::optional<AccessLogEntry> parse(std::string_view line, std::string* why = nullptr) const;

  bool logs_request_headers() const { return has(Field::kRequestHeaders); }
  bool logs_origin() const { return has(Field::kOrigin); }
  const std::vector<Part>& parts() const { return parts_; }

 private:
  bool has(Field field) const;
  std::vector<Part> parts_;
};

}  // namespace silentcors::logs
