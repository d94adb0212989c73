#include "report/ci_annotations.h"

#include <cstdint>
#include <cstdio>
#include <map>

#include "report/report_text.h"
#include "report/text_escape.h"

namespace silentcors::report {

namespace {

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
// A workflow command is a line of the job's log, which a terminal may show:
// control characters (but newlines, escaped below) are written \xNN as the
// console writes them.
std::string escape_data(const std::string& text) {
  std::string out;
  for (char c : terminal_safe_lines(text)) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_property(const std::string& text) {
  std::string out;
  for (char c : escape_data(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> files_by_scenario(const std::vector<ScenarioRun>& runs) {
  std::map<std::string, std::string> out;
  for (const auto& run : runs) out.emplace(run.scenario, run.file);
  return out;
}

std::string title_of(const Finding& f) {
  std::string title = "CORS " + std::string(name_of(f.kind));
  if (!f.headers.empty()) title += ": " + join(f.headers, ", ");
  return title;
}

// FNV-1a, 64 bits: the same finding gets the same fingerprint on every run
// and machine (std::hash promises neither).
std::string fingerprint(const Finding& f) {
  std::string key = f.scenario + '\n' + std::string(name_of(f.kind)) + '\n' + f.method + '\n' + f.url + '\n' + f.origin;
  for (const auto& h : f.headers) key += '\n' + h;
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

}  // namespace

std::string github_annotations(const Report& combined, const std::vector<ScenarioRun>& runs) {
  const auto files = files_by_scenario(runs);
  std::string out;
  for (const auto& f : combined.findings) {
    const auto file = files.find(f.scenario);
    out += f.severity == "error" ? "::error " : "::warning ";
    if (file != files.end() && !file->second.empty()) out += "file=" + escape_property(file->second) + ",line=1,";
    out += "title=" + escape_property(title_of(f)) + "::" + escape_data(f.message + " Fix: " + f.fix) + "\n";
  }
  return out;
}

nlohmann::json gitlab_code_quality(const Report& combined, const std::vector<ScenarioRun>& runs) {
  const auto files = files_by_scenario(runs);
  nlohmann::json issues = nlohmann::json::array();
  for (const auto& f : combined.findings) {
    const auto file = files.find(f.scenario);
    issues.push_back({
        {"description", valid_utf8(f.message + " Fix: " + f.fix)},
        {"check_name", "silentcors/" + std::string(name_of(f.kind))},
        {"fingerprint", fingerprint(f)},
        {"severity", f.severity == "error" ? "major" : "minor"},
        {"location", {{"path", file != files.end() ? valid_utf8(file->second) : std::string("")}, {"lines", {{"begin", 1}}}}},
    });
  }
  return issues;
}

std::string step_summary(const std::string& markdown, std::size_t limit) {
  if (markdown.size() <= limit) return markdown;
  const std::string note = "\n\n*(shortened to fit GitHub's 1 MiB step summary: the whole summary is in summary.md)*\n";
  std::size_t cut = limit - note.size();
  // Never cut a UTF-8 character in two, and end on a line.
  while (cut > 0 && (static_cast<unsigned char>(markdown[cut]) & 0xC0) == 0x80) --cut;
  const std::size_t line = markdown.rfind('\n', cut);
  if (line != std::string::npos && line > 0) cut = line;
  return markdown.substr(0, cut) + note;
}

}  // namespace silentcors::report
