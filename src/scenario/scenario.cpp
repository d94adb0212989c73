#include "scenario/scenario.h"

namespace silentcors::scenario {

bool url_matches_glob(std::string_view glob, std::string_view url) {
  // Greedy match with backtracking to the last '*': linear for the patterns
  // people write, and no regex syntax for a QA engineer to escape.
  std::size_t g = 0, u = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (u < url.size()) {
    if (g < glob.size() && glob[g] == '*') {
      star = g++;
      resume = u;
    } else if (g < glob.size() && glob[g] == url[u]) {
      ++g;
      ++u;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      u = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

}  // namespace silentcors::scenario
