// A `press` step's key, such as "Enter", "Shift+Tab" or "Control+A", as the
// Input.dispatchKeyEvent commands a real keyboard would cause: modifiers
// down, the key down and up, modifiers up. Pure, so it is tested without a
// browser.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace silentcors::page {

// The params of each Input.dispatchKeyEvent, in order. Key names are those
// of KeyboardEvent.key (Enter, Tab, Escape, Backspace, Delete, ArrowUp, ...,
// F1-F12, a single character), joined by '+' after modifiers (Shift,
// Control, Alt, Meta; Ctrl, Cmd and Esc are accepted too). Throws
// std::invalid_argument naming an unknown key, with a suggestion.
std::vector<nlohmann::json> key_press_events(std::string_view keys);

}  // namespace silentcors::page
