// `silentcors logs`: one access log read in one pass, its lines parsed and
// its preflights paired. A file is one server's log in its own time order,
// so each file is a pass of its own, and the files of one command are read
// in parallel, one per core; their results are merged in the order given.
#pragma once

#include <cstdint>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "logs/line_parser.h"
#include "logs/log_summary.h"
#include "logs/preflight_pairing.h"

namespace silentcors::cli {

struct LogFilePass {
  std::string path;
  std::int64_t lines_read = 0;
  std::int64_t lines_parsed = 0;
  std::int64_t lines_skipped = 0;
  std::vector<logs::SkippedLine> first_skipped;  // The first few.
  bool request_headers_logged = false;
  std::map<logs::EndpointKey, logs::EndpointCounts> endpoints;
  std::exception_ptr error;  // The file could not be read (an InputError).
};

// How many skipped lines a pass keeps to show.
constexpr std::size_t kSkippedShown = 5;

// Reads `paths` with a copy of `format` each, on up to `threads` threads;
// the passes come back in the order of `paths`.
std::vector<LogFilePass> read_log_files(const std::vector<std::string>& paths, const logs::LineParser& format,
                                        std::int64_t window_ms, std::int64_t bucket_ms, unsigned threads);

}  // namespace silentcors::cli
