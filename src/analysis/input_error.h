// Bad input from the user: an unreadable or invalid file, named with line
// and column where there is one. The command line maps it to exit code 2.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace silentcors {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A CDP message that is valid JSON but holds a value the analysis cannot
// take (a status code of 1e300). Whoever reads the message knows the field;
// only the recording reader knows file, line and column: it turns this into
// an InputError naming them.
class MessageError : public std::runtime_error {
 public:
  // `path`: the member names from the message's root ({"params", "statusCode"});
  // `problem`: what is wrong with its value ("is out of range (...)").
  MessageError(std::vector<std::string> path, const std::string& problem)
      : std::runtime_error(join(path) + " " + problem), path_(std::move(path)) {}
  const std::vector<std::string>& path() const { return path_; }

 private:
  static std::string join(const std::vector<std::string>& path) {
    std::string out;
    for (const auto& name : path) out += (out.empty() ? "" : ".") + name;
    return out;
  }
  std::vector<std::string> path_;
};

}  // namespace silentcors
