// The process table as the reaper and the tests read it, against real
// processes: one that is alive, and ones that exit while the table is read.
#include "browser/process_table.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <thread>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>

#include "browser/child_wait.h"

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

TEST(ProcessTable, ProcessesExitingWhileItIsReadAreNoError) {
  // Children that come and go as fast as they can while the table is read
  // again and again: a vanished process is left out, never an exception.
  std::atomic<bool> stop{false};
  std::thread churn([&] {
    while (!stop) {
      bp::child brief("/bin/true");
      wait_for_exit(brief, std::chrono::seconds(5));
    }
  });
  for (int i = 0; i < 200; ++i) EXPECT_NO_THROW(list_processes());
  stop = true;
  churn.join();
}

}  // namespace
}  // namespace silentcors::browser
