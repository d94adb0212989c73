#include "page/key_events.h"

#include <cctype>
#include <optional>
#include <stdexcept>
#include <string>

#include "scenario/did_you_mean.h"

namespace silentcors::page {

namespace {

struct Key {
  std::string key;   // KeyboardEvent.key
  std::string code;  // KeyboardEvent.code
  int key_code = 0;  // windowsVirtualKeyCode
  std::string text;  // what the key types, if anything
  int modifier = 0;  // the Input.dispatchKeyEvent modifier bit, for modifier keys
};

struct Named {
  std::string_view name;
  int key_code;
  std::string_view text;
  std::string_view code;  // "" when the same as the name
};

// Modifier bits of Input.dispatchKeyEvent: Alt=1, Ctrl=2, Meta=4, Shift=8.
constexpr Named kModifiers[] = {
    {"Alt", 18, "", "AltLeft"},
    {"Control", 17, "", "ControlLeft"},
    {"Meta", 91, "", "MetaLeft"},
    {"Shift", 16, "", "ShiftLeft"},
};
constexpr int kModifierBits[] = {1, 2, 4, 8};

constexpr Named kNamedKeys[] = {
    {"Enter", 13, "\r", ""},      {"Tab", 9, "", ""},          {"Escape", 27, "", ""},
    {"Backspace", 8, "", ""},     {"Delete", 46, "", ""},      {"Insert", 45, "", ""},
    {"ArrowUp", 38, "", ""},      {"ArrowDown", 40, "", ""},   {"ArrowLeft", 37, "", ""},
    {"ArrowRight", 39, "", ""},   {"Home", 36, "", ""},        {"End", 35, "", ""},
    {"PageUp", 33, "", ""},       {"PageDown", 34, "", ""},    {"F1", 112, "", ""},
    {"F2", 113, "", ""},          {"F3", 114, "", ""},         {"F4", 115, "", ""},
    {"F5", 116, "", ""},          {"F6", 117, "", ""},         {"F7", 118, "", ""},
    {"F8", 119, "", ""},          {"F9", 120, "", ""},         {"F10", 121, "", ""},
    {"F11", 122, "", ""},         {"F12", 123, "", ""},
};

constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"Ctrl", "Control"}, {"Cmd", "Meta"}, {"Command", "Meta"}, {"Option", "Alt"},
    {"Esc", "Escape"},   {"Return", "Enter"}, {"Del", "Delete"}, {"Space", " "},
    {"Up", "ArrowUp"},   {"Down", "ArrowDown"}, {"Left", "ArrowLeft"}, {"Right", "ArrowRight"},
};

Key from_named(const Named& named) {
  return {std::string(named.name), std::string(named.code.empty() ? named.name : named.code), named.key_code,
          std::string(named.text), 0};
}

// A single printable ASCII character: letters and digits get their US
// layout codes; other characters are typed by their text alone.
std::optional<Key> printable(std::string_view name) {
  if (name.size() != 1 || !std::isprint(static_cast<unsigned char>(name[0]))) return std::nullopt;
  const char c = name[0];
  Key key{std::string(1, c), "", 0, std::string(1, c), 0};
  if (std::isalpha(static_cast<unsigned char>(c))) {
    const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    key.code = std::string("Key") + upper;
    key.key_code = upper;
  } else if (std::isdigit(static_cast<unsigned char>(c))) {
    key.code = std::string("Digit") + c;
    key.key_code = c;
  } else if (c == ' ') {
    key.code = "Space";
    key.key_code = 32;
  }
  return key;
}

std::optional<Key> find_key(std::string_view name) {
  for (const auto& [alias, target] : kAliases) {
    if (alias == name) name = target;
  }
  for (std::size_t i = 0; i < std::size(kModifiers); ++i) {
    if (kModifiers[i].name == name) {
      Key key = from_named(kModifiers[i]);
      key.modifier = kModifierBits[i];
      return key;
    }
  }
  for (const auto& named : kNamedKeys) {
    if (named.name == name) return from_named(named);
  }
  return printable(name);
}

[[noreturn]] void unknown(std::string_view name, std::string_view keys) {
  std::vector<std::string_view> known;
  for (const auto& m : kModifiers) known.push_back(m.name);
  for (const auto& n : kNamedKeys) known.push_back(n.name);
  for (const auto& [alias, target] : kAliases) known.push_back(alias);
  std::string message = "unknown key \"" + std::string(name) + "\" in \"" + std::string(keys) + "\"";
  if (auto suggestion = scenario::closest_name(name, known)) {
    message += "; did you mean \"" + std::string(*suggestion) + "\"?";
  } else {
    message += "; use a key name such as Enter, Tab, Escape, ArrowDown or a single character, "
               "after modifiers such as Control+ or Shift+";
  }
  throw std::invalid_argument(message);
}

nlohmann::json event(std::string_view type, const Key& key, int modifiers, bool with_text) {
  nlohmann::json e = {{"type", type},
                      {"modifiers", modifiers},
                      {"key", key.key},
                      {"code", key.code},
                      {"windowsVirtualKeyCode", key.key_code},
                      {"nativeVirtualKeyCode", key.key_code}};
  if (with_text) {
    e["text"] = key.text;
    e["unmodifiedText"] = key.text;
  }
  return e;
}

}  // namespace

std::vector<nlohmann::json> key_press_events(std::string_view keys) {
  // Split on '+', except that a trailing "+" is the plus key ("Shift++").
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start < keys.size()) {
    std::size_t plus = keys.find('+', start + 1);
    if (plus == std::string_view::npos) plus = keys.size();
    parts.push_back(keys.substr(start, plus - start));
    start = plus + 1;
  }
  if (parts.empty()) throw std::invalid_argument("no key to press");

  std::vector<Key> modifiers;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    auto key = find_key(parts[i]);
    if (!key) unknown(parts[i], keys);
    if (!key->modifier) {
      throw std::invalid_argument("\"" + std::string(parts[i]) + "\" in \"" + std::string(keys) +
                                  "\" is not a modifier; only the last key may be one that is not "
                                  "Shift, Control, Alt or Meta");
    }
    modifiers.push_back(*key);
  }
  auto main_key = find_key(parts.back());
  if (!main_key) unknown(parts.back(), keys);

  std::vector<nlohmann::json> events;
  int held = 0;
  for (const Key& m : modifiers) {
    held |= m.modifier;
    events.push_back(event("rawKeyDown", m, held, false));
  }
  Key key = *main_key;
  if (held & 8 && key.text.size() == 1 && std::isalpha(static_cast<unsigned char>(key.text[0]))) {
    key.key = key.text = std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(key.text[0]))));
  }
  // With Control, Alt or Meta held a key types nothing: it is a shortcut.
  const bool types = !key.text.empty() && !(held & (1 | 2 | 4));
  events.push_back(event(types ? "keyDown" : "rawKeyDown", key, held | key.modifier, types));
  events.push_back(event("keyUp", key, held, false));
  for (auto it = modifiers.rbegin(); it != modifiers.rend(); ++it) {
    held &= ~it->modifier;
    events.push_back(event("keyUp", *it, held, false));
  }
  return events;
}

}  // namespace silentcors::page
