// Issue 9: a DevTools TCP port has no authentication, so any local user could
// drive the (as root: --no-sandbox) Chromium that silentcors launched. A
// launched Chromium is driven over --remote-debugging-pipe instead: during a
// run it has no DevTools port, and no process of it listens on TCP at all.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <boost/process/child.hpp>

#include "browser/child_wait.h"
#include "browser/process_table.h"
#include "e2e_support.h"
#include "fixture/fixture_app.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;

// The socket inodes a process holds open ("socket:[1234]" in /proc/PID/fd).
std::set<std::string> socket_inodes(int pid) {
  std::set<std::string> inodes;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    std::error_code link_ec;
    std::string target = fs::read_symlink(entry.path(), link_ec).string();
    if (!link_ec && target.rfind("socket:[", 0) == 0) inodes.insert(target.substr(8, target.size() - 9));
  }
  return inodes;
}

// "file:local_address" of every TCP socket in LISTEN whose inode is in `inodes`.
std::vector<std::string> listening_among(const std::set<std::string>& inodes) {
  std::vector<std::string> found;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // Column headings.
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
      fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
      if (state == "0A" && inodes.count(inode)) found.push_back(std::string(table) + ":" + local);
    }
  }
  return found;
}

class DevToolsChannelTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_TRUE(nothing_left_behind(tmp.str())); }
  TempDir tmp;
};

TEST_F(DevToolsChannelTest, ALaunchedChromiumIsDrivenOverAPipeWithNoPortOpen) {
  fixture::FixtureApp app(never_idle_config());
  app.start();
  boost::process::child child =
      start_silentcors({"record", app.page_url(), "--out", tmp.str() + "/slow.jsonl", "--timeout", "120"}, tmp.str());
  // Mid-run: the page is open and its API call is in flight.
  ASSERT_TRUE(api_request_arrived(app, "GET", "/api/slow"));

  std::vector<browser::ProcessEntry> chromium;
  for (auto& process : browser::processes_mentioning(tool_tmpdir(tmp.str()))) {
    if (process.argv0().find("silentcors-reaper") == std::string::npos) chromium.push_back(process);
  }
  ASSERT_FALSE(chromium.empty()) << "Chromium should be running now";
  std::set<std::string> inodes;
  int browsers = 0;
  for (const auto& process : chromium) {
    // The browser process: not a renderer or helper (--type=), not crashpad.
    if (process.cmdline.find("--type=") == std::string::npos && process.argv0().find("crashpad") == std::string::npos) {
      ++browsers;
      EXPECT_NE(process.cmdline.find("--remote-debugging-pipe"), std::string::npos) << process.cmdline;
      EXPECT_EQ(process.cmdline.find("--remote-debugging-port"), std::string::npos) << process.cmdline;
    }
    auto held = socket_inodes(process.pid);
    inodes.insert(held.begin(), held.end());
  }
  EXPECT_EQ(browsers, 1);
  EXPECT_FALSE(inodes.empty()) << "Chromium holds sockets (its IPC); none of them may listen on TCP";
  auto listening = listening_among(inodes);
  EXPECT_TRUE(listening.empty()) << "Chromium listens on TCP: " << testing::PrintToString(listening);

  kill(child.id(), SIGTERM);
  ASSERT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(30)));
}

}  // namespace
}  // namespace silentcors::e2e
