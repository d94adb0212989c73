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

// What a Chromium that silentcors launched looks like in the middle of a run.
struct ChromiumMidRun {
  std::vector<std::string> browser_cmdlines;  // The browser process (not renderers, helpers, crashpad).
  size_t sockets = 0;                         // Socket descriptors held by any of its processes.
  std::vector<std::string> listening;         // TCP LISTEN sockets among them.
};

class DevToolsChannelTest : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("SILENTCORS_TRANSPORT");
    EXPECT_TRUE(nothing_left_behind(tmp.str()));
  }

  // Starts `silentcors record` on a page that never goes idle, looks at its
  // Chromium, and stops it.
  ChromiumMidRun look_mid_run() {
    ChromiumMidRun seen;
    fixture::FixtureApp app(never_idle_config());
    app.start();
    boost::process::child child =
        start_silentcors({"record", app.page_url(), "--out", tmp.str() + "/slow.jsonl", "--timeout", "120"}, tmp.str());
    // Mid-run: the page is open and its API call is in flight.
    EXPECT_TRUE(api_request_arrived(app, "GET", "/api/slow"));
    std::set<std::string> inodes;
    for (const auto& process : browser::processes_mentioning(tool_tmpdir(tmp.str()))) {
      if (process.argv0().find("silentcors-reaper") != std::string::npos) continue;
      if (process.cmdline.find("--type=") == std::string::npos && process.argv0().find("crashpad") == std::string::npos) {
        seen.browser_cmdlines.push_back(process.cmdline);
      }
      auto held = socket_inodes(process.pid);
      inodes.insert(held.begin(), held.end());
    }
    seen.sockets = inodes.size();
    seen.listening = listening_among(inodes);
    kill(child.id(), SIGTERM);
    EXPECT_TRUE(browser::wait_for_exit(child, std::chrono::seconds(30)));
    return seen;
  }
  TempDir tmp;
};

TEST_F(DevToolsChannelTest, ALaunchedChromiumIsDrivenOverAPipeWithNoPortOpen) {
  ChromiumMidRun chromium = look_mid_run();
  ASSERT_EQ(chromium.browser_cmdlines.size(), 1u) << "one Chromium browser process should be running mid-run";
  EXPECT_NE(chromium.browser_cmdlines[0].find("--remote-debugging-pipe"), std::string::npos)
      << chromium.browser_cmdlines[0];
  EXPECT_EQ(chromium.browser_cmdlines[0].find("--remote-debugging-port"), std::string::npos)
      << chromium.browser_cmdlines[0];
  EXPECT_GT(chromium.sockets, 0u) << "Chromium holds sockets (its IPC); none of them may listen on TCP";
  EXPECT_TRUE(chromium.listening.empty()) << "Chromium listens on TCP: " << testing::PrintToString(chromium.listening);
}

// The repeat benchmark compares the pipe with the WebSocket transport: its
// knob must really give the port (the test above shows the default does not).
TEST_F(DevToolsChannelTest, TheBenchmarksWebSocketKnobOpensALoopbackPort) {
  setenv("SILENTCORS_TRANSPORT", "ws", 1);
  ChromiumMidRun chromium = look_mid_run();
  ASSERT_EQ(chromium.browser_cmdlines.size(), 1u);
  EXPECT_NE(chromium.browser_cmdlines[0].find("--remote-debugging-port=0"), std::string::npos)
      << chromium.browser_cmdlines[0];
  EXPECT_EQ(chromium.browser_cmdlines[0].find("--remote-debugging-pipe"), std::string::npos)
      << chromium.browser_cmdlines[0];
  ASSERT_EQ(chromium.listening.size(), 1u) << testing::PrintToString(chromium.listening);
  EXPECT_NE(chromium.listening[0].find(":0100007F:"), std::string::npos) << "loopback only: " << chromium.listening[0];
}

// A misspelt knob would make the benchmark measure the pipe twice.
TEST_F(DevToolsChannelTest, AnUnknownTransportIsBadUsage) {
  auto result = run_silentcors({"record", "http://127.0.0.1:9/", "--out", tmp.str() + "/x.jsonl"}, tmp.str(),
                               std::chrono::seconds(60), {{"SILENTCORS_TRANSPORT", "websocket"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("SILENTCORS_TRANSPORT=websocket: expected ws or pipe"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace silentcors::e2e
