// Bad input from the user: an unreadable or invalid file, named with line
// and column where there is one. The command line maps it to exit code 2.
#pragma once

#include <stdexcept>

namespace silentcors {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace silentcors
