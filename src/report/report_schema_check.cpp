#include "report/report_schema_check.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>

namespace silentcors::test_support {

namespace {

std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<std::string> keys(const nlohmann::json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) out.push_back(key);
  return out;
}

nlohmann::json report_schema() {
  std::ifstream in(SILENTCORS_REPORT_SCHEMA);
  if (!in) throw std::runtime_error(std::string("cannot read ") + SILENTCORS_REPORT_SCHEMA);
  return nlohmann::json::parse(in);
}

::testing::AssertionResult reports_match_schema(const std::vector<std::filesystem::path>& reports) {
  std::string command = shell_quoted(SILENTCORS_VALIDATE_REPORT) + " " + shell_quoted(SILENTCORS_REPORT_SCHEMA);
  for (const auto& report : reports) command += " " + shell_quoted(report.string());
  command += " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return ::testing::AssertionFailure() << "cannot run " << SILENTCORS_VALIDATE_REPORT;
  std::string output;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = ::pclose(pipe);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "does not match " << SILENTCORS_REPORT_SCHEMA << " (validate-report "
                                       << (WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                                             : std::string("died"))
                                       << "):\n"
                                       << output;
}

::testing::AssertionResult report_matches_schema(const std::filesystem::path& report) {
  return reports_match_schema({report});
}

::testing::AssertionResult report_json_matches_schema(const nlohmann::json& report) {
  static std::atomic<int> counter{0};
  const auto path = std::filesystem::temp_directory_path() /
                    ("silentcors-schema-check-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".json");
  {
    std::ofstream out(path);
    out << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  auto result = report_matches_schema(path);
  if (!result) result << "the report:\n" << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::filesystem::remove(path);
  return result;
}

void expect_report_matches_schema(const std::filesystem::path& report, std::source_location where) {
  if (auto result = report_matches_schema(report); !result) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line())) << report.string() << " " << result.message();
  }
}

void expect_report_json_matches_schema(const nlohmann::json& report, std::source_location where) {
  if (auto result = report_json_matches_schema(report); !result) {
    ADD_FAILURE_AT(where.file_name(), static_cast<int>(where.line())) << result.message();
  }
}

}  // namespace silentcors::test_support
