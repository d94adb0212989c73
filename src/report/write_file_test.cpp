#include "report/write_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "analysis/input_error.h"

namespace silentcors::report {
namespace {

namespace fs = std::filesystem;

class WriteFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("silentcors-report-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
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

}  // namespace
}  // namespace silentcors::report
