// wait_for_exit with real child processes, while other threads of this
// program are about (where Boost 1.74's wait_for could miss the exit).
#include "browser/child_wait.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/process/args.hpp>

namespace silentcors::browser {
namespace {

namespace bp = boost::process;
using std::chrono::milliseconds;

TEST(WaitForExit, ReturnsOnceTheChildExitsWithItsStatus) {
  std::atomic<bool> done{false};
  std::thread bystander([&] {
    while (!done) std::this_thread::yield();
  });
  bp::child child("/bin/sh", bp::args({"-c", "exit 3"}));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(wait_for_exit(child, milliseconds(30000)));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));  // Not the whole limit.
  EXPECT_EQ(child.exit_code(), 3);
  done = true;
  bystander.join();
}

TEST(WaitForExit, GivesUpOnAChildThatKeepsRunning) {
  bp::child child("/bin/sleep", bp::args({"30"}));
  EXPECT_FALSE(wait_for_exit(child, milliseconds(50)));
  child.terminate();
}

TEST(WaitForExit, AChildAlreadyReapedCountsAsExited) {
  bp::child child("/bin/true");
  child.wait();
  EXPECT_TRUE(wait_for_exit(child, milliseconds(1000)));
}

}  // namespace
}  // namespace silentcors::browser
