#include "analysis/url_parts.h"

#include <vector>

namespace silentcors {

std::string origin_of(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "null";
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https" && scheme != "ws" && scheme != "wss") return "null";
  size_t host_start = scheme_end + 3;
  size_t host_end = url.find_first_of("/?#", host_start);
  std::string_view authority = url.substr(host_start, host_end == std::string_view::npos ? url.npos : host_end - host_start);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view default_port = (scheme == "https" || scheme == "wss") ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.substr(authority.size() - default_port.size()) == default_port) {
    authority.remove_suffix(default_port.size());
  }
  return std::string(scheme) + "://" + std::string(authority);
}

std::string without_query(std::string_view url) {
  size_t cut = url.find_first_of("?#");
  return std::string(url.substr(0, cut));
}

std::string url_path(std::string_view url) {
  std::string bare = without_query(url);
  const size_t scheme = bare.find("://");
  const size_t slash = bare.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : bare.substr(slash);
}

std::string site_of(std::string_view url) {
  std::string origin = origin_of(url);
  const size_t scheme = origin.find("://");
  if (scheme == std::string::npos) return origin;
  std::string host = origin.substr(scheme + 3);
  if (!host.empty() && host.front() == '[') return host.substr(0, host.find(']') + 1);  // IPv6
  host = host.substr(0, host.rfind(':') == std::string::npos ? host.size() : host.rfind(':'));
  if (!host.empty() && host.back() == '.') host.pop_back();
  const bool ip = !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
  if (ip) return host;
  std::vector<std::string_view> labels;
  for (size_t start = 0;;) {
    const size_t dot = host.find('.', start);
    labels.emplace_back(std::string_view(host).substr(start, dot == std::string::npos ? host.npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  size_t keep = 2;
  if (labels.size() >= 3 && labels.back().size() == 2 && labels[labels.size() - 2].size() <= 3) keep = 3;
  if (labels.size() <= keep) return host;
  std::string site;
  for (size_t i = labels.size() - keep; i < labels.size(); ++i) site += (site.empty() ? "" : ".") + std::string(labels[i]);
  return site;
}

}  // namespace silentcors
