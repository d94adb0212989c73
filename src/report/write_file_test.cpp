#include "report/write_file.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>
#include <fstream>
#include <sstream>

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "io/scratch_directory_test_fixture.h"

#include "analysis/input_error.h"

namespace silentcors::report {
namespace {

namespace fs = std::filesystem;

class WriteFileTest : public io::ScratchDirectoryTest {
 protected:
  WriteFileTest() : ScratchDirectoryTest("silentcors-report", false) {}
};

// A file-size limit makes write(2) fail with EFBIG past `bytes`, as a full
// disk fails with ENOSPC, without needing a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = signal(SIGXFSZ, SIG_IGN);  // Else the kernel kills the test instead of failing the write.
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  sighandler_t old_handler_;
};

TEST_F(WriteFileTest, CreatesParentDirectories) {
  const fs::path path = dir_ / "reports" / "nested" / "report.json";
  write_file(path, "{}\n");
  EXPECT_EQ(read(path), "{}\n");
}

TEST_F(WriteFileTest, ReplacesExistingFile) {
  const fs::path path = dir_ / "report.xml";
  write_file(path, "a much longer first version");
  write_file(path, "short");
  EXPECT_EQ(read(path), "short");
}

TEST_F(WriteFileTest, KeepsBytesExactly) {
  const std::string bytes("a\0b\r\n\xFF", 6);
  write_file(dir_ / "bin", bytes);
  EXPECT_EQ(read(dir_ / "bin"), bytes);
}

TEST_F(WriteFileTest, ParentIsAFileNamesThePath) {
  write_file(dir_ / "file", "x");
  const fs::path path = dir_ / "file" / "report.json";
  try {
    write_file(path, "{}");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot write " + path.string() + ": ", 0), 0u)
        << e.what();
  }
}

TEST_F(WriteFileTest, PathIsADirectoryNamesThePath) {
  fs::create_directories(dir_ / "out");
  try {
    write_file(dir_ / "out", "{}");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + (dir_ / "out").string() + ": Is a directory");
  }
}

// Issue 9: a symlink planted at a report path made silentcors (as root)
// overwrite the link's target.
TEST_F(WriteFileTest, ASymlinkAtThePathIsReplacedNotFollowed) {
  fs::create_directories(dir_);
  write_file(dir_ / "victim", "precious");
  fs::create_symlink(dir_ / "victim", dir_ / "report.json");
  write_file(dir_ / "report.json", "{}\n");
  EXPECT_EQ(read(dir_ / "victim"), "precious");
  EXPECT_FALSE(fs::is_symlink(dir_ / "report.json"));
  EXPECT_EQ(read(dir_ / "report.json"), "{}\n");
}

TEST_F(WriteFileTest, ADanglingSymlinkAtThePathCreatesNothingWhereItPoints) {
  fs::create_directories(dir_);
  fs::create_symlink(dir_ / "created-through-the-link", dir_ / "junit.xml");
  write_file(dir_ / "junit.xml", "<x/>");
  EXPECT_FALSE(fs::exists(dir_ / "created-through-the-link"));
  EXPECT_EQ(read(dir_ / "junit.xml"), "<x/>");
}

// Issue 9: on a full disk report.json was left cut off. A failed write
// names the file, keeps the old one whole, and leaves no temporary behind.
TEST_F(WriteFileTest, AWriteErrorKeepsTheOldFileAndLeavesNoTemporary) {
  write_file(dir_ / "report.json", "the old report");
  const std::string big(64 * 1024, 'x');
  try {
    FileSizeLimit limit(1024);
    write_file(dir_ / "report.json", big);
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + (dir_ / "report.json").string() + ": File too large");
  }
  EXPECT_EQ(read(dir_ / "report.json"), "the old report");
  EXPECT_EQ(names(), std::vector<std::string>{"report.json"});
}

TEST_F(WriteFileTest, DevFullIsAWriteErrorNamingIt) {
  try {
    write_file("/dev/full", "{}");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write /dev/full: No space left on device");
  }
}

// Devices and their /dev aliases cannot be renamed over: they are written in place.
TEST_F(WriteFileTest, DevNullIsWrittenInPlace) {
  write_file("/dev/null", "{}");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

}  // namespace
}  // namespace silentcors::report
