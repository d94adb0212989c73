// The one side effect of the report writers: putting their text on disk.
#pragma once

#include <filesystem>
#include <string_view>

namespace silentcors::report {

// Writes `text` to `path`, creating missing parent directories and replacing
// an existing file (or symlink) atomically: a temporary file beside it,
// fsync, rename (io/atomic_file.h). Throws silentcors::InputError naming the
// path and the reason ("cannot write reports/x.xml: Permission denied") when
// it cannot; the old file is then untouched.
void write_file(const std::filesystem::path& path, std::string_view text);

}  // namespace silentcors::report
