#include "cli/args.h"

#include <charconv>
#include <cstdlib>
#include <string_view>

#include "scenario/did_you_mean.h"

namespace silentcors::cli {

namespace {

// "unknown option --repat; did you mean --repeat?", as a scenario's unknown
// field gets.
std::string unknown_option(const std::string& name, const std::vector<OptionSpec>& specs) {
  std::vector<std::string_view> known;
  for (const auto& spec : specs) known.push_back(spec.name);
  auto suggestion = scenario::closest_name(name, known);
  return "unknown option " + name + (suggestion ? "; did you mean " + std::string(*suggestion) + "?" : "");
}

}  // namespace

Args Args::parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
  Args args;
  bool options_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (options_done || arg.size() < 2 || arg.rfind("--", 0) != 0) {
      if (!options_done && arg.size() > 1 && arg[0] == '-' && arg != "-") {
        throw UsageError(unknown_option(arg, specs));
      }
      args.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (!spec) throw UsageError(unknown_option(name, specs));
    if (spec->value_name.empty()) {
      if (inline_value) throw UsageError(name + " takes no value");
      args.values_[name] = "";
      continue;
    }
    if (inline_value) {
      args.values_[name] = *inline_value;
    } else {
      if (i + 1 >= argv.size()) throw UsageError(name + " needs a value (" + spec->value_name + ")");
      args.values_[name] = argv[++i];
    }
  }
  return args;
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::value_or(const std::string& name, const std::string& fallback) const {
  return value(name).value_or(fallback);
}

long long Args::number(const std::string& name, long long fallback, long long min, long long max) const {
  auto text = value(name);
  if (!text) return fallback;
  long long out = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), out);
  if (error != std::errc() || end != text->data() + text->size() || out < min || out > max) {
    throw UsageError(name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                     ", got \"" + *text + "\"");
  }
  return out;
}

double Args::real(const std::string& name, double fallback, double min, double max) const {
  auto text = value(name);
  if (!text) return fallback;
  char* end = nullptr;
  double out = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !(out >= min && out <= max)) {
    throw UsageError(name + " must be a number from " + std::to_string(min).substr(0, 3) + " to " +
                     std::to_string(max).substr(0, 3) + ", got \"" + *text + "\"");
  }
  return out;
}

std::string format_options(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& spec : specs) {
    std::string left = "  " + spec.name + (spec.value_name.empty() ? "" : " " + spec.value_name);
    if (left.size() < 24) left.resize(24, ' ');
    else left += "\n" + std::string(24, ' ');
    out += left + spec.help + "\n";
  }
  return out;
}

}  // namespace silentcors::cli
