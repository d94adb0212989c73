#include "cli/output_directory.h"

#include <system_error>

#include "analysis/input_error.h"

namespace silentcors::cli {

void make_directory(const std::filesystem::path& dir, const std::string& option) {
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw InputError(option + " " + dir.string() + ": cannot create the directory" +
                     (ec ? ": " + ec.message() : std::string()));
  }
}

}  // namespace silentcors::cli
