#include "analysis/url_parts.h"

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

}  // namespace silentcors
