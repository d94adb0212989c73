// Pairs every OPTIONS in an access log with the request it announced: the
// same client (address, and user agent when logged), the same path, within
// `window_ms` after it, the method Access-Control-Request-Method names when
// logged; of several such preflights waiting, the newest. A preflight nothing followed is an orphan: the one trace a silent
// CORS failure leaves on the server. One pass, bounded memory: only the
// preflights still inside the window are kept.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "logs/access_log_entry.h"

namespace silentcors::logs {

// "Traceparent, content-type" -> {"content-type", "traceparent"}: the
// header names a preflight asked for, lower case, sorted, each once.
std::vector<std::string> requested_headers(std::string_view value);

// "/api/cart/42" -> "/api/cart/{id}": numbers, UUIDs and long hex ids folded,
// so one endpoint is one row.
std::string folded_path(std::string_view path);

struct EndpointKey {
  std::string method;  // From the follow-ups or Access-Control-Request-Method; "" when unknown.
  std::string path;    // Folded.
  std::string origin;  // "" when the log has none.
  auto operator<=>(const EndpointKey&) const = default;
};

struct EndpointCounts {
  std::int64_t preflights = 0;
  std::int64_t followed = 0;
  std::int64_t orphaned = 0;
  // By the start of the time bucket each preflight fell in (Unix ms).
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> buckets;  // start -> (preflights, orphaned)
  // When Access-Control-Request-Headers is logged: per header the preflight
  // asked for (lower case), how many orphaned and how many followed asked.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> asked;  // header -> (orphaned, followed)
  void count(std::int64_t bucket, bool orphan, const std::vector<std::string>& headers = {});
  void add(const EndpointCounts& other);
};

class PreflightPairer {
 public:
  // `bucket_ms`: the width of the time buckets the counts are also kept by.
  explicit PreflightPairer(std::int64_t window_ms, std::int64_t bucket_ms = 3600 * 1000)
      : window_ms_(window_ms), bucket_ms_(bucket_ms > 0 ? bucket_ms : 3600 * 1000) {}

  // Entries in the order the log has them (time order, to its resolution).
  void add(const AccessLogEntry& entry);
  // The log ended: every preflight still waiting is an orphan. An orphan of
  // unknown method joins its path's row when that path has one method.
  void finish();

  const std::map<EndpointKey, EndpointCounts>& endpoints() const { return endpoints_; }
  // Preflights waiting for their follow-up now: what the pass holds in memory.
  std::size_t waiting() const;

 private:
  struct Waiting {
    std::int64_t time_ms;
    std::string request_method;  // "" when not logged
    std::string origin;
    std::vector<std::string> headers;  // Access-Control-Request-Headers, split.
  };
  using Key = std::tuple<std::string, std::string, std::string>;  // client, user agent, path (unfolded)

  void expire_before(std::int64_t time_ms);
  void orphan(const Key& key, const Waiting& w);

  std::int64_t bucket_of(std::int64_t time_ms) const;

  std::int64_t window_ms_;
  std::int64_t bucket_ms_;
  std::map<Key, std::deque<Waiting>> waiting_by_key_;
  std::deque<std::pair<std::int64_t, Key>> by_time_;  // Every waiting preflight, oldest first.
  std::map<EndpointKey, EndpointCounts> endpoints_;
};

}  // namespace silentcors::logs
