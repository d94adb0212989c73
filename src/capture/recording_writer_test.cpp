#include "capture/recording_writer.h"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/scratch_directory_test_fixture.h"

#include "analysis/input_error.h"

namespace silentcors::capture {
namespace {

namespace fs = std::filesystem;

class RecordingWriterTest : public io::ScratchDirectoryTest {
 protected:
  RecordingWriterTest() : ScratchDirectoryTest("silentcors-recording") {}
};

TEST_F(RecordingWriterTest, OneMessagePerLine) {
  RecordingWriter writer((dir_ / "a.jsonl").string());
  writer.write(R"({"method":"A"})");
  writer.write("{\"method\":\n\"B\"}");
  writer.close();
  EXPECT_EQ(read(dir_ / "a.jsonl"), "{\"method\":\"A\"}\n{\"method\":\"B\"}\n");
  EXPECT_EQ(writer.lines(), 2u);
}

// Issue 9: a symlink planted at DIR/<scenario>.jsonl made `run --record DIR`
// overwrite the link's target, as root.
TEST_F(RecordingWriterTest, ASymlinkAtThePathIsReplacedNotFollowed) {
  std::ofstream(dir_ / "victim") << "precious";
  fs::create_symlink(dir_ / "victim", dir_ / "checkout.jsonl");
  RecordingWriter writer((dir_ / "checkout.jsonl").string());
  writer.write("{}");
  writer.close();
  EXPECT_EQ(read(dir_ / "victim"), "precious");
  EXPECT_FALSE(fs::is_symlink(dir_ / "checkout.jsonl"));
  EXPECT_EQ(read(dir_ / "checkout.jsonl"), "{}\n");
}

// Streamed to a temporary beside it, renamed at close: the path never
// holds half a recording, and an older one stays until the new one is whole.
TEST_F(RecordingWriterTest, ThePathHoldsTheOldRecordingUntilClose) {
  std::ofstream(dir_ / "page.jsonl") << "old\n";
  RecordingWriter writer((dir_ / "page.jsonl").string());
  writer.write("{}");
  EXPECT_EQ(read(dir_ / "page.jsonl"), "old\n");
  writer.close();
  EXPECT_EQ(read(dir_ / "page.jsonl"), "{}\n");
  EXPECT_EQ(names(), std::vector<std::string>{"page.jsonl"});
}

TEST_F(RecordingWriterTest, AWriteErrorNamesTheFileKeepsTheOldOneAndLeavesNoTemporary) {
  std::ofstream(dir_ / "page.jsonl") << "old\n";
  rlimit saved{};
  getrlimit(RLIMIT_FSIZE, &saved);
  auto old_handler = signal(SIGXFSZ, SIG_IGN);
  rlimit limit = saved;
  limit.rlim_cur = 4096;  // write(2) fails with EFBIG past it, as a full disk does with ENOSPC.
  std::string error;
  {
    RecordingWriter writer((dir_ / "page.jsonl").string());
    setrlimit(RLIMIT_FSIZE, &limit);
    try {
      for (int i = 0; i < 1000; ++i) writer.write(R"({"method":"Network.requestWillBeSent","params":{}})");
      writer.close();
    } catch (const InputError& e) {
      error = e.what();
    }
    setrlimit(RLIMIT_FSIZE, &saved);
  }
  signal(SIGXFSZ, old_handler);
  EXPECT_EQ(error, "cannot write " + (dir_ / "page.jsonl").string() + ": File too large");
  EXPECT_EQ(read(dir_ / "page.jsonl"), "old\n");
  EXPECT_EQ(names(), std::vector<std::string>{"page.jsonl"});
}

TEST_F(RecordingWriterTest, ADirectoryAtThePathFailsAtOnce) {
  fs::create_directories(dir_ / "out.jsonl");
  try {
    RecordingWriter writer((dir_ / "out.jsonl").string());
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + (dir_ / "out.jsonl").string() + ": Is a directory");
  }
}

}  // namespace
}  // namespace silentcors::capture
