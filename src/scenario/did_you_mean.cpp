#include "scenario/did_you_mean.h"

#include <algorithm>
#include <vector>

namespace silentcors::scenario {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // d[i][j] = distance between the first i chars of a and the first j of b.
  const std::size_t width = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * width);
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * width + j]; };
  for (std::size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
  for (std::size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

std::optional<std::string_view> closest_name(std::string_view wrong, std::span<const std::string_view> known) {
  std::optional<std::string_view> best;
  std::size_t best_distance = std::string_view::npos;
  for (std::string_view name : known) {
    // A third of the longer word may differ (at least 2 edits, so "timout"
    // finds "timeoutMs"), but never all of the typed one: "ab" is no typo of "url".
    const std::size_t limit = std::min(std::max<std::size_t>(2, std::max(wrong.size(), name.size()) / 3),
                                       wrong.empty() ? 0 : wrong.size() - 1);
    const std::size_t distance = edit_distance(wrong, name);
    if (distance <= limit && distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace silentcors::scenario
