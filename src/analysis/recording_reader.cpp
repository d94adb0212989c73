#include "analysis/recording_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/cdp_event_json.h"
#include "analysis/cdp_event_parser.h"
#include "analysis/input_error.h"
#include "analysis/json_value_offset.h"
#include "analysis/line_excerpt.h"

namespace silentcors {

namespace {

using nlohmann::json;

constexpr std::string_view kMethodPrefix = R"({"method":")";

// Chromium writes "method" first; for such a line the method is read
// without parsing. Other CDP clients may order keys differently: those
// lines are parsed in full.
std::optional<std::string_view> leading_method(std::string_view line) {
  if (line.substr(0, kMethodPrefix.size()) != kMethodPrefix) return std::nullopt;
  size_t end = line.find('"', kMethodPrefix.size());
  if (end == std::string_view::npos) return std::nullopt;
  return line.substr(kMethodPrefix.size(), end - kMethodPrefix.size());
}

// Why the input could not be read further; read_recording names file and line.
struct ReadFailure {
  std::string reason;
};

// Where bytes come from: fills up to `size` bytes, returns how many (0 at
// the end), throws ReadFailure when it cannot read.
using ReadSome = std::function<size_t(char* into, size_t size)>;

// A line longer than ReadOptions::max_line_bytes; read_recording words it.
struct LineTooLong {};

// The lines of a stream, read in large blocks: no copy of a line, and
// std::getline's line splitting (a last line without '\n' is a line).
class LineReader {
 public:
  LineReader(ReadSome read_some, size_t max_line) : read_some_(std::move(read_some)), max_line_(max_line) {}

  bool next(std::string_view& line) {
    while (true) {
      // Nothing to search before the first fill: memchr of the empty
      // buffer's null data is undefined, even for 0 bytes (UBSan, an empty
      // file; regression 006).
      const void* nl = end_ > begin_ ? std::memchr(buffer_.data() + begin_, '\n', end_ - begin_) : nullptr;
      if (nl) {
        size_t at = static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data());
        line = std::string_view(buffer_.data() + begin_, at - begin_);
        begin_ = at + 1;
        return true;
      }
      if (end_ - begin_ > max_line_) throw LineTooLong{};
      if (eof_) {
        if (begin_ == end_) return false;
        line = std::string_view(buffer_.data() + begin_, end_ - begin_);
        begin_ = end_;
        return true;
      }
      fill();
    }
  }

 private:
  static constexpr size_t kBlock = 1 << 20;

  // Bytes after the data that are never read into: simdjson reads each
  // line in blocks that may run past its end (CdpEventParser::kPadding).
  static constexpr size_t kPadding = CdpEventParser::kPadding;

  void fill() {
    // Keep the partial line; make room for a block (a line may be longer,
    // up to the limit: the buffer never grows much past it).
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (room() < kBlock) {
      buffer_.resize(std::max(std::min(buffer_.size() * 2, max_line_ + kBlock + 1), end_ + kBlock) + kPadding);
    }
    size_t got = read_some_(buffer_.data() + end_, room());
    end_ += got;
    if (got == 0) eof_ = true;
  }

  size_t room() const { return buffer_.size() < end_ + kPadding ? 0 : buffer_.size() - end_ - kPadding; }

  ReadSome read_some_;
  size_t max_line_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
};

// A stream, through its buffer: what the buffer holds is handed on before
// the buffer is asked for more, so the lines read before a failing read
// (a streambuf that throws; libstdc++'s filebuf throws for a failed read(2),
// errno gone by then) are analysed and the failure names the line after them.
ReadSome stream_source(std::istream& in) {
  return [buffer = in.rdbuf()](char* into, size_t size) -> size_t {
    using traits = std::istream::traits_type;
    try {
      std::streamsize available = buffer->in_avail();
      if (available == 0) {
        if (traits::eq_int_type(buffer->sgetc(), traits::eof())) return 0;
        available = buffer->in_avail();
      }
      if (available <= 0) return 0;
      return static_cast<size_t>(buffer->sgetn(into, std::min(available, static_cast<std::streamsize>(size))));
    } catch (const std::exception&) {
      throw ReadFailure{"read error"};
    }
  };
}

// A file descriptor: read(2) itself, so a failure keeps its errno (EISDIR
// for a directory, EIO for a failing disk).
ReadSome fd_source(int fd) {
  return [fd](char* into, size_t size) -> size_t {
    while (true) {
      ssize_t got = ::read(fd, into, size);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw ReadFailure{std::strerror(errno)};
      return static_cast<size_t>(got);
    }
  };
}

std::string size_text(size_t bytes) {
  if (bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string at(const std::string& name, uint64_t line, size_t column) {
  return name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

// nlohmann's 406 ("number overflow parsing '1e400'") has no position: the
// number is found again in the line, where a value starts.
size_t overflow_column(std::string_view line, const std::string& what) {
  auto open = what.find('\'');
  auto close = what.rfind('\'');
  if (open == std::string::npos || close <= open + 1) return 1;
  std::string_view number(what.data() + open + 1, close - open - 1);
  for (size_t pos = line.find(number); pos != std::string_view::npos; pos = line.find(number, pos + 1)) {
    size_t before = line.find_last_not_of(" \t", pos == 0 ? 0 : pos - 1);
    if (pos == 0 || before == std::string_view::npos || line[before] == ':' || line[before] == '[' ||
        line[before] == ',') {
      return pos + 1;
    }
  }
  return 1;
}

constexpr size_t kMaxTokenShown = 32;

}  // namespace

bool is_analysed_method(std::string_view method) {
  return method == "Network.requestWillBeSent" || method == "Network.requestWillBeSentExtraInfo" ||
         method == "Network.responseReceived" || method == "Network.responseReceivedExtraInfo" ||
         method == "Network.loadingFinished" || method == "Network.loadingFailed" || method == "Audits.issueAdded" ||
         method == "Log.entryAdded";
}

std::string json_error_detail(const std::string& what) {
  std::string detail = what;
  // "[json.exception.parse_error.101] parse error at line 1, column N: detail".
  if (auto colon = detail.find(": ", detail.find("column")); colon != std::string::npos) {
    detail = detail.substr(colon + 2);
  }
  // "...; last read: 'TOKEN'" and maybe "; expected 'X'" after it.
  constexpr std::string_view kLastRead = "; last read: '";
  auto token = detail.find(kLastRead);
  if (token == std::string::npos) return detail;
  token += kLastRead.size();
  auto expected = detail.rfind("; expected ");
  size_t token_end = expected != std::string::npos && expected > token ? expected : detail.size();
  if (token_end <= token || detail[token_end - 1] != '\'') return detail;
  --token_end;  // The closing quote.
  if (token_end - token <= kMaxTokenShown) return detail;
  return detail.substr(0, token) + cut_after(std::string_view(detail).substr(token, token_end - token), kMaxTokenShown) +
         "' (" + std::to_string(token_end - token) + " characters)" + detail.substr(token_end + 1);
}

namespace {

ReadResult read_lines(LineReader& lines, const std::string& name, const EventCallback& on_event,
                      const ReadOptions& options) {
  ReadResult result;
  CdpEventParser parser;
  CdpEvent event;
  std::string_view line;
  std::string pending_error;  // A malformed line is fatal only if another line follows it.
  uint64_t pending_line = 0;
  uint64_t good_lines = 0;  // Parsed, or skipped whole: a cut-off line needs some before it.

  // The message for the current line, with the part of it around `column`.
  const auto located = [&](size_t column, const std::string& detail) {
    return at(name, result.lines, column) + detail + "\n" + line_excerpt(line, column);
  };
  // Hands an event on; what its reader finds wrong in it is bad input at this line.
  const auto deliver = [&] {
    try {
      on_event(event);
    } catch (const MessageError& e) {
      size_t offset = json_value_offset(line, e.path());
      throw InputError(located(offset == std::string_view::npos ? 1 : offset + 1, e.what()));
    }
  };

  while (true) {
    try {
      if (!lines.next(line)) break;
    } catch (const LineTooLong&) {
      throw InputError(name + ":" + std::to_string(result.lines + 1) + ": the line is longer than " +
                       size_text(options.max_line_bytes) +
                       ", the most one CDP message may take (is this a recording?)");
    } catch (const ReadFailure& failure) {
      if (result.lines == 0) throw InputError(name + ": cannot read: " + failure.reason);
      throw InputError(name + ":" + std::to_string(result.lines + 1) + ": cannot read: " + failure.reason);
    }
    ++result.lines;
    result.bytes += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (!pending_error.empty()) throw InputError(pending_error);

    auto method = leading_method(line);
    if (method && !is_analysed_method(*method)) {
      // Unparsed, but a line that stops mid-object is still caught.
      if (line.back() != '}') {
        pending_line = result.lines;
        pending_error = located(line.size() + 1, "invalid JSON: the line ends before the message does");
      } else {
        ++good_lines;
      }
      continue;
    }
    if (parser.parse(line, event)) {
      ++result.parsed;
      ++good_lines;
      deliver();
      continue;
    }
    // What simdjson does not take (invalid JSON, mostly): nlohmann's parser
    // decides, and words any error, as it always has.
    json message;
    try {
      message = json::parse(line);
    } catch (const json::parse_error& e) {
      // One message per line: the column is the byte offset in the line.
      size_t column = e.byte > 0 ? e.byte : 1;
      pending_line = result.lines;
      pending_error = located(column, "invalid JSON: " + json_error_detail(e.what()));
      continue;
    } catch (const json::out_of_range& e) {
      // A number beyond a double (1e400): no cut-off line ends in one.
      std::string what = e.what();
      if (auto space = what.find("] "); space != std::string::npos) what = what.substr(space + 2);
      throw InputError(located(overflow_column(line, what), "invalid JSON: " + json_error_detail(what)));
    }
    if (!message.is_object()) {
      throw InputError(located(1, "not a CDP message (expected a JSON object)"));
    }
    ++result.parsed;
    ++good_lines;
    cdp_event_from_json(message, event);
    deliver();
  }
  if (good_lines == 0 && pending_error.empty()) {
    // Not a recording of a quiet page (every page load sends messages): a
    // recording step that never ran, or a file cut to nothing.
    throw InputError(name + ": no CDP message: " +
                     (result.lines == 0 ? std::string("the file is empty")
                                        : "the file has only " + std::to_string(result.lines) +
                                              (result.lines == 1 ? " blank line" : " blank lines")));
  }
  if (!pending_error.empty()) {
    // Nothing before it parsed: not a cut-off recording, not a recording.
    if (good_lines == 0) throw InputError(pending_error);
    result.warning = name + ":" + std::to_string(pending_line) +
                     ": the last line is cut off (was the recording interrupted?); analysed the " +
                     std::to_string(pending_line - 1) + " complete lines before it";
  }
  return result;
}

}  // namespace

ReadResult read_recording(std::istream& in, const std::string& name, const EventCallback& on_event,
                          const ReadOptions& options) {
  LineReader lines(stream_source(in), options.max_line_bytes);
  return read_lines(lines, name, on_event, options);
}

ReadResult read_recording_file(const std::string& path, const EventCallback& on_event,
                               const ReadOptions& options) {
  // Blocks of 1 MiB are read straight into the line reader's buffer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path + ": cannot read: " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  LineReader lines(fd_source(fd), options.max_line_bytes);
  return read_lines(lines, path, on_event, options);
}

}  // namespace silentcors
