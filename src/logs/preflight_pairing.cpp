#include "logs/preflight_pairing.h"

#include <cctype>
#include <set>
#include <vector>

#include "analysis/http_headers.h"

namespace silentcors::logs {

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A path segment that names one thing rather than a kind of thing.
bool is_id(std::string_view segment) {
  if (segment.empty()) return false;
  bool digits = true, hex = true;
  for (char c : segment) {
    digits = digits && c >= '0' && c <= '9';
    hex = hex && is_hex(c);
  }
  if (digits) return true;
  if (hex && segment.size() >= 16) return true;
  // 8-4-4-4-12
  if (segment.size() == 36 && segment[8] == '-' && segment[13] == '-' && segment[18] == '-' && segment[23] == '-') {
    for (std::size_t i = 0; i < segment.size(); ++i) {
      if (i != 8 && i != 13 && i != 18 && i != 23 && !is_hex(segment[i])) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

std::string folded_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    const std::string_view segment = path.substr(start, end - start);
    out += is_id(segment) ? std::string_view("{id}") : segment;
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

std::vector<std::string> requested_headers(std::string_view value) {
  std::set<std::string> names;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string name = to_lower_ascii(value.substr(start, comma - start));
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) names.insert(std::move(name));
    start = comma + 1;
  }
  return {names.begin(), names.end()};
}

void EndpointCounts::count(std::int64_t bucket, bool orphan, const std::vector<std::string>& headers) {
  for (const auto& header : headers) ++(orphan ? asked[header].first : asked[header].second);
  ++preflights;
  ++(orphan ? orphaned : followed);
  auto& b = buckets[bucket];
  ++b.first;
  b.second += orphan;
}

void EndpointCounts::add(const EndpointCounts& other) {
  preflights += other.preflights;
  followed += other.followed;
  orphaned += other.orphaned;
  for (const auto& [header, counts] : other.asked) {
    asked[header].first += counts.first;
    asked[header].second += counts.second;
  }
  for (const auto& [start, counts] : other.buckets) {
    buckets[start].first += counts.first;
    buckets[start].second += counts.second;
  }
}

std::int64_t PreflightPairer::bucket_of(std::int64_t time_ms) const {
  const std::int64_t r = time_ms % bucket_ms_;
  return time_ms - (r < 0 ? r + bucket_ms_ : r);
}

std::size_t PreflightPairer::waiting() const {
  std::size_t n = 0;
  for (const auto& [key, queue] : waiting_by_key_) n += queue.size();
  return n;
}

void PreflightPairer::orphan(const Key& key, const Waiting& w) {
  endpoints_[{w.request_method, folded_path(std::get<2>(key)), w.origin}].count(bucket_of(w.time_ms), true, w.headers);
}

void PreflightPairer::expire_before(std::int64_t cutoff) {
  while (!by_time_.empty() && by_time_.front().first < cutoff) {
    const Key key = std::move(by_time_.front().second);
    by_time_.pop_front();
    auto it = waiting_by_key_.find(key);
    if (it == waiting_by_key_.end()) continue;
    auto& queue = it->second;
    while (!queue.empty() && queue.front().time_ms < cutoff) {
      orphan(key, queue.front());
      queue.pop_front();
    }
    if (queue.empty()) waiting_by_key_.erase(it);
  }
}

void PreflightPairer::add(const AccessLogEntry& e) {
  expire_before(e.time_ms - window_ms_);
  Key key{e.client, e.user_agent, e.path};
  if (e.method == "OPTIONS") {
    waiting_by_key_[key].push_back({e.time_ms, e.request_method.value_or(""), e.origin.value_or(""),
                                    e.request_headers ? requested_headers(*e.request_headers)
                                                      : std::vector<std::string>{}});
    by_time_.emplace_back(e.time_ms, std::move(key));
    return;
  }
  auto it = waiting_by_key_.find(key);
  if (it == waiting_by_key_.end()) return;
  // The newest preflight first: a browser sends the request right after its
  // preflight's answer, so an older one still waiting is the likelier
  // orphan (a refused call, then an allowed one to the same path: the
  // allowed one's request must not be taken for the refused one's).
  auto& queue = it->second;
  for (auto w = queue.rbegin(); w != queue.rend(); ++w) {
    if (!w->request_method.empty() && w->request_method != e.method) continue;
    endpoints_[{e.method, folded_path(e.path), w->origin}].count(bucket_of(w->time_ms), false, w->headers);
    queue.erase(std::next(w).base());
    break;
  }
  if (queue.empty()) waiting_by_key_.erase(it);
}

void PreflightPairer::finish() {
  expire_before(INT64_MAX);
  // Orphans of unknown method: to their path's one method, when it has one.
  std::map<std::pair<std::string, std::string>, std::set<std::string>> methods;  // (path, origin) -> methods
  for (const auto& [key, counts] : endpoints_) {
    if (!key.method.empty()) methods[{key.path, key.origin}].insert(key.method);
  }
  std::vector<EndpointKey> unknown;
  for (const auto& [key, counts] : endpoints_) {
    if (key.method.empty()) unknown.push_back(key);
  }
  for (const auto& key : unknown) {
    const auto& known = methods[{key.path, key.origin}];
    if (known.size() != 1) continue;
    const EndpointCounts moved = endpoints_[key];
    endpoints_.erase(key);
    endpoints_[{*known.begin(), key.path, key.origin}].add(moved);
  }
}

}  // namespace silentcors::logs
