// Infrastructure trouble: the browser would not start, crashed, or the
// DevTools connection broke. The command line maps it to exit code 3.
#pragma once

#include <stdexcept>

namespace silentcors::browser {

class BrowserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace silentcors::browser
