#include "io/atomic_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "io/scratch_directory_test_fixture.h"

#include "analysis/input_error.h"

namespace silentcors::io {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ScratchDirectoryTest {
 protected:
  AtomicFileTest() : ScratchDirectoryTest("silentcors-atomic") {}
  std::size_t entries() const { return names().size(); }
};

TEST_F(AtomicFileTest, NothingAppearsWithoutCommit) {
  {
    AtomicFile file(dir_ / "x");
    file.write("half");
  }
  EXPECT_FALSE(fs::exists(dir_ / "x"));
  EXPECT_EQ(entries(), 0u);
}

TEST_F(AtomicFileTest, WritesInPiecesAppearWholeAtCommit) {
  AtomicFile file(dir_ / "x");
  file.write("a");
  file.write("b");
  EXPECT_EQ(entries(), 1u) << "only the temporary";
  file.commit();
  file.commit();  // Idempotent.
  EXPECT_EQ(read(dir_ / "x"), "ab");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFileTest, ThePermissionsAreTheUsualOnesNotATemporaryFilesPrivateOnes) {
  const mode_t old_mask = umask(022);
  write_file_atomically(dir_ / "report.json", "{}");
  umask(old_mask);
  EXPECT_EQ(fs::status(dir_ / "report.json").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
}

TEST_F(AtomicFileTest, ARelativePathIsWrittenBesideItself) {
  const fs::path before = fs::current_path();
  fs::current_path(dir_);
  write_file_atomically("plain.txt", "text");
  fs::current_path(before);
  EXPECT_EQ(read(dir_ / "plain.txt"), "text");
}

}  // namespace
}  // namespace silentcors::io
