// Output folders named on the command line (--out, --record): made before
// the browser starts, so a typo costs nothing.
#pragma once

#include <filesystem>
#include <string>

namespace silentcors::cli {

// Creates `dir` and its parents; an empty path means "not asked for". Throws
// InputError (exit 2) naming the option when the directory cannot be made.
void make_directory(const std::filesystem::path& dir, const std::string& option);

}  // namespace silentcors::cli
