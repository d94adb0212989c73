#include "report/write_file.h"

#include "io/atomic_file.h"

namespace silentcors::report {

void write_file(const std::filesystem::path& path, std::string_view text) {
  // A report is whole or the old one: a reader (CI, a merge of reports)
  // never sees a cut-off file, and a symlink planted at the path is replaced.
  io::write_file_atomically(path, text);
}

}  // namespace silentcors::report
