#include "e2e_support.h"

#include <signal.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include "browser/child_wait.h"
#include "report/report_schema_check.h"
#include "browser/process_table.h"

namespace bp = boost::process;
namespace fs = std::filesystem;

namespace silentcors::e2e {

TempDir::TempDir() {
  // Short: Chromium's singleton socket path, under TMPDIR/<profile>/tmp,
  // must fit in 107 bytes for the tests to see Chromium's TMPDIR in its profile.
  std::string pattern = (fs::temp_directory_path() / "sc-e2e-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string silentcors_binary() { return SILENTCORS_BINARY; }

std::string tool_tmpdir(const std::string& dir) {
  const fs::path path = fs::path(dir) / "T";
  fs::create_directories(path);
  return path.string();
}

CommandResult run_silentcors(const std::vector<std::string>& args, const std::string& tmpdir,
                             std::chrono::seconds timeout, const std::map<std::string, std::string>& env) {
  bp::environment child_env = boost::this_process::environment();
  child_env["TMPDIR"] = tool_tmpdir(tmpdir);
  for (const auto& [k, v] : env) child_env[k] = v;
  bp::ipstream out, err;
  bp::child child(silentcors_binary(), bp::args(args), child_env, bp::std_out > out, bp::std_err > err);
  CommandResult result;
  std::thread out_reader([&] {
    std::ostringstream s;
    s << out.rdbuf();
    result.out = s.str();
  });
  std::thread err_reader([&] {
    std::ostringstream s;
    s << err.rdbuf();
    result.err = s.str();
  });
  if (!browser::wait_for_exit(child, timeout)) {
    child.terminate();
    out_reader.join();
    err_reader.join();
    throw std::runtime_error("silentcors did not finish within the test's timeout; stderr: " + result.err);
  }
  out_reader.join();
  err_reader.join();
  result.exit_code = child.exit_code();
  // After every command, however it ended.
  EXPECT_TRUE(nothing_left_behind(tmpdir)) << "after silentcors " << args.at(0) << "; it said: " << result.err;
  return result;
}

boost::process::child start_silentcors(const std::vector<std::string>& args, const std::string& tmpdir) {
  bp::environment env = boost::this_process::environment();
  env["TMPDIR"] = tool_tmpdir(tmpdir);
  return bp::child(silentcors_binary(), bp::args(args), env, bp::std_out > bp::null, bp::std_err > bp::null,
                   NewProcessGroup{});
}

fixture::FixtureConfig never_idle_config(const std::string& page) {
  fixture::FixtureConfig config;
  fixture::RouteConfig slow;
  slow.path = "/api/slow";
  slow.delay = std::chrono::minutes(5);
  config.routes.push_back(slow);
  config.pages[page] = "<!doctype html><script>fetch('{{API}}/api/slow')</script>";
  return config;
}

bool api_request_arrived(const fixture::FixtureApp& app, const std::string& method, const std::string& target,
                         std::chrono::seconds timeout) {
  return eventually(
      [&] {
        for (const auto& request : app.requests()) {
          if (request.target == target && request.method == method) return true;
        }
        return false;
      },
      timeout);
}

std::vector<int> processes_mentioning(const std::string& needle) {
  std::vector<int> found;
  for (const auto& process : browser::processes_mentioning(needle)) found.push_back(process.pid);
  return found;
}

int reaper_process(const std::string& tmpdir) {
  for (const auto& process : browser::processes_mentioning(tmpdir)) {
    if (process.argv0().find("silentcors-reaper") != std::string::npos) return process.pid;
  }
  return -1;
}

::testing::AssertionResult ends_by_repeated_signal(boost::process::child& child, int browser_pid, int signal) {
  kill(browser_pid, SIGSTOP);
  bool exited = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!exited && std::chrono::steady_clock::now() < deadline) {
    kill(child.id(), signal);
    exited = browser::wait_for_exit(child, std::chrono::milliseconds(200));
  }
  kill(browser_pid, SIGCONT);
  if (!exited) return ::testing::AssertionFailure() << "still running 60 s after the first signal";
  const int status = child.native_exit_code();
  if (!WIFSIGNALED(status) || WTERMSIG(status) != signal) {
    return ::testing::AssertionFailure() << "ended by a clean stop, not by the repeated signal: status " << status;
  }
  return ::testing::AssertionSuccess();
}

int chromium_browser_process(const std::string& tmpdir) {
  for (const auto& process : browser::processes_mentioning(tmpdir)) {
    if (process.argv0().find("reaper") != std::string::npos) continue;
    if (process.cmdline.find("--type=") != std::string::npos) continue;
    // Launched over the DevTools pipe, or (ChromeOptions::debugging_port) a port.
    if (process.cmdline.find("--remote-debugging-pipe") != std::string::npos ||
        process.cmdline.find("--remote-debugging-port") != std::string::npos) {
      return process.pid;
    }
  }
  return -1;
}

std::vector<std::string> leftovers_in_tmpdir(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(tool_tmpdir(dir), ec)) found.push_back(entry.path().string());
  return found;
}

::testing::AssertionResult nothing_left_behind(const std::string& dir) {
  if (!eventually([&] { return processes_mentioning(dir).empty(); }, std::chrono::seconds(10))) {
    auto failure = ::testing::AssertionFailure() << "still running:";
    for (const auto& process : browser::processes_mentioning(dir)) {
      failure << "\n  " << process.pid << " " << process.cmdline.substr(0, 200);
    }
    return failure;
  }
  auto left = leftovers_in_tmpdir(dir);
  if (left.empty()) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure() << "left behind in TMPDIR:";
  for (const auto& entry : left) {
    failure << "\n  " << entry;
    std::error_code ec;
    int shown = 0;
    for (auto it = fs::recursive_directory_iterator(entry, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (++shown > 20) {
        failure << "\n    ...";
        break;
      }
      failure << "\n    " << fs::relative(it->path(), entry, ec).string();
    }
  }
  return failure;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

nlohmann::json read_report(const std::filesystem::path& path, std::source_location where) {
  test_support::expect_report_matches_schema(path, where);
  std::ifstream in(path);
  if (!in) throw std::runtime_error("no report at " + path.string());
  return nlohmann::json::parse(in);
}

}  // namespace silentcors::e2e
