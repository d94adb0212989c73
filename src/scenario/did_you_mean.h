// "unknown field "tiemoutMs"; did you mean "timeoutMs"?": picks the known
// name closest to a misspelt one, so a QA engineer sees the fix, not just the error.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace silentcors::scenario {

// Edit distance that ignores ASCII case and counts swapping two neighbouring
// letters as one edit (optimal string alignment), because swaps and wrong
// case ("timeoutms") are the typos people make.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest of `known` (first one on a tie), or nullopt when none is close
// enough to be a plausible typo of `wrong`.
std::optional<std::string_view> closest_name(std::string_view wrong, std::span<const std::string_view> known);

}  // namespace silentcors::scenario
