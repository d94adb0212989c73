// Command-line options of one subcommand: declared as a table, parsed into
// values, with errors that say what was wrong (exit code 2).
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace silentcors::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;        // "--out"
  std::string value_name;  // "FILE"; empty for a flag
  std::string help;
};

class Args {
 public:
  // Accepts "--name VALUE", "--name=VALUE" and flags; "--" ends options.
  static Args parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);

  const std::vector<std::string>& positionals() const { return positionals_; }
  bool flag(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::string value_or(const std::string& name, const std::string& fallback) const;
  // A whole number in [min, max], or fallback when absent. Throws UsageError.
  long long number(const std::string& name, long long fallback, long long min, long long max) const;
  double real(const std::string& name, double fallback, double min, double max) const;

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positionals_;
};

std::string format_options(const std::vector<OptionSpec>& specs);

}  // namespace silentcors::cli
