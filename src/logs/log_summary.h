// What `silentcors logs` read and concluded, for the report writers
// (report/logs_report.h): every file, every line counted, the lines that
// did not parse shown (a few), and the verdict per endpoint.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "logs/orphan_verdict.h"

namespace silentcors::logs {

struct SkippedLine {
  std::string file;
  std::int64_t line = 0;  // 1-based
  std::string why;
  std::string text;       // Cut to 200 bytes.
};

struct LogSummary {
  std::vector<std::string> files;
  std::int64_t lines_read = 0;
  std::int64_t lines_parsed = 0;
  std::int64_t lines_skipped = 0;
  std::vector<SkippedLine> first_skipped;  // The first few.
  std::int64_t window_ms = 0;
  std::int64_t bucket_ms = 0;
  bool request_headers_logged = false;  // combined: never
  OrphanVerdict verdict;
};

}  // namespace silentcors::logs
