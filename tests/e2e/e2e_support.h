// What the end-to-end tests share: run the real silentcors binary as a
// user would, in a private TMPDIR, and check that nothing of Chromium
// outlives it.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <source_location>
#include <string>
#include <vector>

#include <unistd.h>

#include <boost/process/child.hpp>
#include <boost/process/extend.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixture/fixture_app.h"

namespace silentcors::e2e {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::string silentcors_binary();

// The TMPDIR silentcors gets in a test whose directory is `dir`: a directory
// of its own (created here), so that whatever is in it after a command is
// something the tool or its Chromium left behind (profiles, Chromium's
// org.chromium.Chromium.* singleton directories).
std::string tool_tmpdir(const std::string& dir);

// Runs silentcors with `args`; TMPDIR is tool_tmpdir(tmpdir) (so its Chromium
// profiles land there). Returns when it exits or throws after `timeout`.
// Checks, as a test failure, that the command left nothing behind.
CommandResult run_silentcors(const std::vector<std::string>& args, const std::string& tmpdir,
                             std::chrono::seconds timeout = std::chrono::seconds(120),
                             const std::map<std::string, std::string>& env = {});

// Processes whose command line mentions `needle` (a TMPDIR: every Chromium
// process names its profile under it).
std::vector<int> processes_mentioning(const std::string& needle);
// The silentcors-reaper whose profile is under `tmpdir`, or -1.
int reaper_process(const std::string& tmpdir);
// The Chromium browser process (not a renderer, not the reaper) whose
// profile is under `tmpdir`, or -1.
int chromium_browser_process(const std::string& tmpdir);
// A user pressing Ctrl-C (or a CI runner sending SIGTERM) again and again
// while silentcors' browser is frozen (SIGSTOP), so that a clean stop waits
// on DevTools replies that never come: true when `child` ended within 60 s
// and was ended by `signal` itself (its last words ran), not by a clean stop.
// The browser is let go again (its reaper ends it).
::testing::AssertionResult ends_by_repeated_signal(boost::process::child& child, int browser_pid, int signal);
// Whatever is in tool_tmpdir(dir): every entry is a leftover.
std::vector<std::string> leftovers_in_tmpdir(const std::string& dir);
// Waits (10 s at most) until no process names `dir` (Chromium, its reaper),
// then succeeds when tool_tmpdir(dir) is empty; otherwise says which
// processes or files are left, and what is in them.
::testing::AssertionResult nothing_left_behind(const std::string& dir);

// A boost::process initializer: the child leads a process group of its own
// (set up before exec), so that kill(-pid, ...) ends it and all it started.
struct NewProcessGroup : boost::process::extend::handler {
  template <class Executor>
  void on_exec_setup(Executor&) const {
    ::setpgid(0, 0);
  }
};

// Starts silentcors with `args` and TMPDIR tool_tmpdir(tmpdir), output discarded, for
// tests that signal or kill it (or its Chromium) mid-run. It leads a process
// group of its own, as a job a shell or CI runner starts, so that a test can
// signal the whole group (kill(-pid, ...)) as `timeout` and a job cancel do.
boost::process::child start_silentcors(const std::vector<std::string>& args, const std::string& tmpdir);

// A page (at `page`) whose API call never gets an answer, so a run of it is
// still waiting when the test acts.
fixture::FixtureConfig never_idle_config(const std::string& page = "/index.html");
// Waits until the fixture's API saw `method target`; false after `timeout`.
bool api_request_arrived(const fixture::FixtureApp& app, const std::string& method, const std::string& target,
                         std::chrono::seconds timeout = std::chrono::seconds(60));

// Waits until `condition` holds or `timeout` passes; true if it held.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

std::vector<std::string> read_lines(const std::string& path);

// A report.json (--json) the tool wrote, parsed, after checking it against
// the published schema (docs/report.schema.json): a mismatch is a test
// failure at the caller's line. Every test that reads a report reads it so.
nlohmann::json read_report(const std::filesystem::path& path,
                           std::source_location where = std::source_location::current());

}  // namespace silentcors::e2e
