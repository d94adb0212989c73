#include "cli/log_file_pass.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include <zlib.h>

#include "analysis/input_error.h"

namespace silentcors::cli {

namespace {

constexpr std::size_t kMaxLine = 1 << 20;  // Longer is no access-log line.

// Reads one file's lines through zlib (a plain file reads as it is).
class LineReader {
 public:
  explicit LineReader(const std::string& path) {
    file_ = path == "-" ? gzdopen(dup(0), "rb") : gzopen(path.c_str(), "rb");
    if (!file_) throw InputError(path + ": cannot be read: " + std::strerror(errno ? errno : ENOENT));
    gzbuffer(file_, 1 << 18);
  }
  ~LineReader() { gzclose(file_); }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its ending; false at the end. `too_long`: the
  // line was cut at kMaxLine (the rest is read past).
  bool next(std::string& line, bool& too_long, const std::string& path) {
    line.clear();
    too_long = false;
    char chunk[65536];
    bool any = false;
    while (gzgets(file_, chunk, sizeof chunk)) {
      any = true;
      std::size_t n = std::strlen(chunk);
      const bool ends = n > 0 && chunk[n - 1] == '\n';
      if (ends) --n;
      if (line.size() + n > kMaxLine) {
        too_long = true;
      } else {
        line.append(chunk, n);
      }
      if (ends) break;
    }
    int error = Z_OK;
    const char* message = gzerror(file_, &error);
    if (error != Z_OK && error != Z_STREAM_END) throw InputError(path + ": cannot be read: " + message);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return any;
  }

 private:
  gzFile file_ = nullptr;
};

LogFilePass read_log_file(const std::string& path, logs::LineParser parser, std::int64_t window_ms,
                          std::int64_t bucket_ms) {
  LogFilePass pass;
  pass.path = path;
  try {
    LineReader reader(path);
    logs::PreflightPairer pairer(window_ms, bucket_ms);
    std::string line, why;
    bool too_long = false;
    while (reader.next(line, too_long, path)) {
      ++pass.lines_read;
      std::optional<logs::AccessLogEntry> entry;
      if (too_long) {
        why = "a line longer than 1 MiB";
      } else if (parser.header(line)) {
        continue;
      } else {
        entry = parser.parse(line, &why);
      }
      if (!entry) {
        ++pass.lines_skipped;
        if (pass.first_skipped.size() < kSkippedShown) {
          pass.first_skipped.push_back({path, pass.lines_read, why, line.substr(0, 200)});
        }
        continue;
      }
      ++pass.lines_parsed;
      pairer.add(*entry);
    }
    pairer.finish();
    pass.request_headers_logged = parser.logs_request_headers();
    pass.endpoints = pairer.endpoints();
  } catch (...) {
    pass.error = std::current_exception();
  }
  return pass;
}

}  // namespace

std::vector<LogFilePass> read_log_files(const std::vector<std::string>& paths, const logs::LineParser& format,
                                        std::int64_t window_ms, std::int64_t bucket_ms, unsigned threads) {
  std::vector<LogFilePass> passes(paths.size());
  std::atomic<std::size_t> next{0};
  // Each thread takes the next file not yet taken; a pass is written only by
  // its own thread, and read after every thread has been joined.
  auto work = [&] {
    for (std::size_t i; (i = next++) < paths.size();) passes[i] = read_log_file(paths[i], format, window_ms, bucket_ms);
  };
  const std::size_t helpers = std::min<std::size_t>(threads, paths.size()) - 1;
  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < helpers; ++i) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  return passes;
}

}  // namespace silentcors::cli
