#include "server_process.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <boost/process.hpp>
#include <gtest/gtest.h>

#include "browser/child_wait.h"
#include "e2e_support.h"
#include "fixture/test_http_client.h"

namespace silentcors::e2e {

namespace bp = boost::process;

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool ServerProcess::start(const std::vector<std::string>& argv, int port, const std::filesystem::path& log,
                          const std::filesystem::path& home, const std::map<std::string, std::string>& extra_env) {
  auto env = boost::this_process::environment();
  for (const auto& [name, value] : extra_env) env[name] = value;
  if (!home.empty()) {
    env["HOME"] = home.string();
    env["XDG_CONFIG_HOME"] = (home / "config").string();
    env["XDG_DATA_HOME"] = (home / "data").string();
  }
  child_ = bp::child(argv, env, bp::std_out > bp::null, bp::std_err > log.string());
  return eventually(
      [&] {
        try {
          fixture::fetch(static_cast<std::uint16_t>(port), fixture::http::verb::get, "/");
          return true;
        } catch (const std::exception&) {
          return false;  // Not listening yet.
        }
      },
      std::chrono::seconds(30));  // Rails boots in several seconds on a busy machine.
}

void ServerProcess::stop() {
  if (!child_.valid() || !child_.running()) return;
  kill(child_.id(), SIGTERM);
  if (!browser::wait_for_exit(child_, std::chrono::seconds(10))) child_.terminate();
}

nlohmann::json run_and_report(const std::string& scenario_file, const std::filesystem::path& dir, int expected_exit,
                              std::source_location where) {
  const std::filesystem::path out = dir / "reports";
  auto result = run_silentcors({"run", scenario_file, "--out", out.string()}, dir.string());
  EXPECT_EQ(result.exit_code, expected_exit) << result.out << result.err;
  return read_report(out / "report.json", where);
}

nlohmann::json audit_and_report(const std::string& scenario_file, const std::filesystem::path& dir, int expected_exit,
                                std::source_location where) {
  const std::filesystem::path out = dir / "reports";
  auto result = run_silentcors({"audit", scenario_file, "--sdk", "otel,datadog,sentry", "--out", out.string()},
                               dir.string());
  EXPECT_EQ(result.exit_code, expected_exit) << "audit at " << where.file_name() << ":" << where.line() << "\n"
                                             << result.out << result.err;
  return read_report(out / "report.json", where)["audit"];
}

void expect_every_sdk(const nlohmann::json& audit, const std::string& verdict, std::source_location where) {
  const std::string at = std::string(where.file_name()) + ":" + std::to_string(where.line());
  ASSERT_EQ(audit["endpoints"].size(), 1u) << at << "\n" << audit.dump(2);
  for (const char* sdk : {"otel", "datadog", "sentry"}) {
    EXPECT_EQ(audit["endpoints"][0]["sdks"][sdk]["verdict"], verdict) << at << ": " << sdk << "\n" << audit.dump(2);
  }
}

std::string apply_snippet(const std::string& config, const std::string& snippet, const std::regex& sets_header) {
  std::vector<std::string> set_by_snippet;
  std::smatch m;
  std::istringstream snippet_lines(snippet);
  for (std::string line; std::getline(snippet_lines, line);) {
    if (std::regex_search(line, m, sets_header)) set_by_snippet.push_back(m[1]);
  }
  std::string out;
  std::istringstream existing(config);
  for (std::string line; std::getline(existing, line);) {
    const bool replaced = std::regex_search(line, m, sets_header) &&
                          std::find(set_by_snippet.begin(), set_by_snippet.end(), m[1]) != set_by_snippet.end();
    if (!replaced) out += line + "\n";
  }
  return snippet + "\n" + out;
}

std::string replace_marked(const std::string& text, const std::string& snippet, const std::string& begin_marker,
                           const std::string& end_marker) {
  std::string out;
  bool inside = false, replaced = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!inside && line.find(begin_marker) != std::string::npos) {
      out += line + "\n" + snippet + "\n";
      inside = replaced = true;
    } else if (inside && line.find(end_marker) != std::string::npos) {
      out += line + "\n";
      inside = false;
    } else if (!inside) {
      out += line + "\n";
    }
  }
  EXPECT_TRUE(replaced && !inside) << "no " << begin_marker << " ... " << end_marker << " block in:\n" << text;
  return out;
}

}  // namespace silentcors::e2e
