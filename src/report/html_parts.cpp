#include "report/html_parts.h"

#include <cmath>
#include <cstdio>

#include "report/html_escape.h"

namespace silentcors::report::html {

std::string number(double value, int decimals) {
  if (!std::isfinite(value)) value = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string chip(std::string_view name, std::string_view css_class) {
  return "<span class=\"hdr " + std::string(css_class) + "\">" + html_text(name) + "</span>";
}

std::vector<std::string> list_items(std::string_view value) {
  std::vector<std::string> items;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t comma = value.find(',', pos);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view item = value.substr(pos, comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    pos = comma + 1;
  }
  return items;
}

std::string_view finding_outcome(const Finding& finding) {
  return finding.severity == "error" ? "failed" : "warning";
}

std::string finding_anchor(std::size_t index) { return "f-" + std::to_string(index + 1); }

}  // namespace silentcors::report::html
