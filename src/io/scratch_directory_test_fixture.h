// Test support for the writers' tests (io, capture, report): a fresh
// directory per test, named after it, removed afterwards, and what is in it
// (a writer must leave no temporary behind).
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace silentcors::io {

class ScratchDirectoryTest : public ::testing::Test {
 protected:
  // `prefix` names the directory; `create` false leaves it absent, for
  // tests of what a writer does without one.
  explicit ScratchDirectoryTest(std::string prefix, bool create = true)
      : prefix_(std::move(prefix)), create_(create) {}

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + "-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    if (create_) std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Everything in the directory, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      found.push_back(entry.path().filename().string());
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  std::filesystem::path dir_;

 private:
  std::string prefix_;
  bool create_;
};

}  // namespace silentcors::io
