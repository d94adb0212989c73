// The process table as the reaper and the tests read it: against a real
// process, and against a fake /proc where processes vanish mid-read.
#include "browser/process_table.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>


namespace silentcors::browser {
namespace {

namespace bp = boost::process;

TEST(ProcessTable, FindsAChildByItsArgumentsAndKnowsItsParent) {
  bp::child child("/bin/sleep", bp::args({"30.25"}));
  auto found = processes_mentioning("30.25");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].pid, child.id());
  EXPECT_EQ(found[0].parent, getpid());
  EXPECT_EQ(found[0].argv0(), "/bin/sleep");
  child.terminate();
}

TEST(ProcessTable, LeavesOutThisProcess) {
  for (const auto& process : processes_mentioning("")) EXPECT_NE(process.pid, getpid());
}

// A /proc of our own making, so that processes vanish at exactly the
// read the test means, every time (against the real /proc the race only
// sometimes happens, and a test that passes when it does not proves nothing).
class FakeProc {
 public:
  FakeProc() {
    std::string pattern = (std::filesystem::temp_directory_path() / "silentcors-proc-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
  }
  ~FakeProc() { std::filesystem::remove_all(root_); }
  std::filesystem::path dir(const std::string& name) const {
    std::filesystem::create_directories(root_ / name);
    return root_ / name;
  }
  void file(const std::string& path, const std::string& text) const {
    std::ofstream(root_ / path, std::ios::binary) << text;
  }
  std::string root() const { return root_.string(); }

 private:
  std::filesystem::path root_;
};

TEST(ProcessTable, ProcessesThatVanishMidReadAreLeftOutAndTheRestAreRead) {
  FakeProc proc;
  proc.dir("100");  // Alive: stat and cmdline.
  proc.file("100/stat", "100 (sleep) S 1 100 100 0 -1 4194304");
  proc.file("100/cmdline", std::string("/bin/sleep\0" "30\0", 13));
  proc.dir("101");  // Comm with spaces and parentheses: the fields come after the last ')'.
  proc.file("101/stat", "101 (a) (b c) S 100 101 101 0 -1 4194304");
  proc.file("101/cmdline", "");  // A kernel thread: an empty cmdline is still there.
  proc.dir("200");  // Gone before its stat was opened.
  proc.dir("201/stat");  // Its stat opens but cannot be read (as ESRCH mid-read).
  proc.dir("300");  // Gone between reading its stat and its cmdline.
  proc.file("300/stat", "300 (true) Z 100 300 300 0 -1 4194304");
  proc.dir("self");
  proc.dir("0");

  std::vector<ProcessEntry> found;
  ASSERT_NO_THROW(found = list_processes(proc.root()));
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.pid < b.pid; });
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].pid, 100);
  EXPECT_EQ(found[0].parent, 1);
  EXPECT_EQ(found[0].argv0(), "/bin/sleep");
  EXPECT_EQ(found[1].pid, 101);
  EXPECT_EQ(found[1].parent, 100);
  EXPECT_EQ(found[1].cmdline, "");
}

TEST(ProcessTable, AMissingProcRootIsAnEmptyTable) {
  EXPECT_TRUE(list_processes("/nonexistent/proc").empty());
}

}  // namespace
}  // namespace silentcors::browser
