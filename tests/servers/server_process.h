// What the real-server tests share: a loopback port, a server process run
// in the foreground and stopped at the end, and applying silentcors' fix
// snippet to a configuration the way the snippet tells a person to.
#pragma once

#include <filesystem>
#include <map>
#include <regex>
#include <source_location>
#include <string>
#include <vector>

#include <boost/process/child.hpp>
#include <nlohmann/json.hpp>

namespace silentcors::e2e {

// A loopback port nothing listens on now (servers want a number).
int free_port();
std::string read_file(const std::filesystem::path& path);

class ServerProcess {
 public:
  ~ServerProcess() { stop(); }
  // Starts `argv` and waits (30 s at most) until `port` answers HTTP;
  // false if it did not (see `log`).
  // `home`, when given, is the server's HOME and XDG directories, so that
  // what it saves of its own (Caddy's autosave.json) stays in the test's folder.
  // `env` is added to the server's environment (NODE_PATH, PYTHONPATH...).
  bool start(const std::vector<std::string>& argv, int port, const std::filesystem::path& log,
             const std::filesystem::path& home = {}, const std::map<std::string, std::string>& env = {});
  void stop();

 private:
  boost::process::child child_;
};

// `silentcors run SCENARIO --out DIR/reports` (TMPDIR in `dir`): checks its
// exit code and returns its report.json (checked against the report schema).
nlohmann::json run_and_report(const std::string& scenario_file, const std::filesystem::path& dir, int expected_exit,
                              std::source_location where = std::source_location::current());
// `silentcors audit SCENARIO --sdk otel,datadog,sentry --out DIR/reports`,
// checked for `expected_exit`: its report.json's "audit".
nlohmann::json audit_and_report(const std::string& scenario_file, const std::filesystem::path& dir, int expected_exit,
                                std::source_location where = std::source_location::current());
// The audit's row (one endpoint expected) and that every SDK's cell is `verdict`.
void expect_every_sdk(const nlohmann::json& audit, const std::string& verdict,
                      std::source_location where = std::source_location::current());

// Replaces the lines of `config` that set a header the snippet sets (the
// header name is group 1 of `sets_header`) with the snippet's lines.
std::string apply_snippet(const std::string& config, const std::string& snippet, const std::regex& sets_header);

// For code (an app's CORS middleware call, a settings block): what a person
// pasting the snippet over their own CORS setup gets. The lines from the one
// holding `begin_marker` to the one holding `end_marker` (both kept) are
// replaced by `snippet`.
std::string replace_marked(const std::string& text, const std::string& snippet, const std::string& begin_marker,
                           const std::string& end_marker);

}  // namespace silentcors::e2e
