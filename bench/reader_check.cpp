// reader_check: differential test of the recording reader's fast path.
//
//   reader_check [--mutations N] [--seed S] RECORDING.jsonl...
//
// read_recording() parses the lines it analyses with its own JSON reader,
// builds each message in the storage of the previous one of its method, and
// hands anything it is unsure of to nlohmann's parser. This checks that the
// result is exactly what the plain nlohmann path gives, i.e.
// json::parse(line, keep) with the same dropped keys: the same value (same
// number types too) for every line, the same error for a broken line.
// It runs every line of the given recordings alone and in order, then N
// mutated lines alone (bytes replaced, deleted, inserted; values swapped for
// tricky strings and numbers; keys repeated; lines cut) and N valid
// variations in one stream (members removed, added, reordered, of another
// kind), and checks the line counting (blank lines, CRLF, a last line
// without newline, a line longer than the read block) against std::getline.
// Exit 1 on the first mismatch.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/input_error.h"
#include "analysis/recording_reader.h"

namespace {

using nlohmann::json;

// As recording_reader.cpp drops them (keep in step).
bool keep(int /*depth*/, json::parse_event_t event, json& parsed) {
  if (event != json::parse_event_t::key) return true;
  const auto& key = parsed.get_ref<const std::string&>();
  return !(key == "stack" || key == "postData" || key == "postDataEntries" || key == "securityDetails" ||
           key == "timing" || key == "headersText" || key == "connectTiming" || key == "stackTrace");
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }

 private:
  uint64_t state_;
};

// Equal values of equal types, recursively (json's == takes 1 == 1.0).
bool same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case json::value_t::object: {
      if (a.size() != b.size()) return false;
      for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
        if (ia.key() != ib.key() || !same(ia.value(), ib.value())) return false;
      }
      return true;
    }
    case json::value_t::array: {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!same(a[i], b[i])) return false;
      }
      return true;
    }
    case json::value_t::number_float: {
      double x = a.get<double>(), y = b.get<double>();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    default: return a == b;
  }
}

bool analysed_or_unknown(std::string_view line) {
  constexpr std::string_view prefix = R"({"method":")";
  if (line.substr(0, prefix.size()) != prefix) return true;
  size_t end = line.find('"', prefix.size());
  if (end == std::string_view::npos) return true;
  return silentcors::is_analysed_method(line.substr(prefix.size(), end - prefix.size()));
}

uint64_t checked = 0, errors_seen = 0;

[[noreturn]] void mismatch(const std::string& line, const std::string& what) {
  std::cerr << "reader_check: MISMATCH: " << what << "\n  line: " << line.substr(0, 2000) << "\n";
  std::exit(1);
}

// One line through read_recording (followed by "{}" so that a broken line
// is an error, not a cut-off last line) against the nlohmann reference.
void check_line(const std::string& raw) {
  std::string line = raw;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.find_first_not_of(" \t") == std::string::npos) return;
  if (line.find('\n') != std::string::npos) return;
  if (!analysed_or_unknown(line)) return;  // Skipped unparsed, as before.
  ++checked;

  std::optional<json> expected;
  std::string expected_error;
  try {
    expected = json::parse(line, keep);
  } catch (const json::parse_error& e) {
    expected_error = silentcors::json_error_detail(e.what());
  } catch (const json::exception& e) {
    // Not a parse error (406, a number overflowing a double): bad input at
    // line 1 all the same, worded as nlohmann words it.
    std::string got_other;
    std::istringstream in(line + "\n{}\n");
    try {
      silentcors::read_recording(in, "x", [](const json&) {});
    } catch (const silentcors::InputError& got) {
      got_other = got.what();
    }
    std::string what = e.what();
    what = silentcors::json_error_detail(what.substr(what.find("] ") + 2));
    if (got_other.rfind("x:1:", 0) != 0 || got_other.find("invalid JSON: " + what) == std::string::npos)
      mismatch(line, "expected \"x:1:COLUMN: invalid JSON: " + what + "\", got \"" + got_other + "\"");
    ++errors_seen;
    return;
  }

  std::vector<json> got;
  std::string got_error;
  std::istringstream in(line + "\n{}\n");
  try {
    silentcors::read_recording(in, "x", [&](const json& message) { got.push_back(message); });
  } catch (const silentcors::InputError& e) {
    got_error = e.what();
  }

  if (!expected) {
    ++errors_seen;
    if (got_error.empty()) mismatch(line, "nlohmann rejects the line (" + expected_error + "), the reader took it");
    if (got_error.find("invalid JSON: " + expected_error) == std::string::npos)
      mismatch(line, "error text differs: expected \"" + expected_error + "\", got \"" + got_error + "\"");
    return;
  }
  if (!expected->is_object()) {
    if (got_error.find("not a CDP message") == std::string::npos) mismatch(line, "a non-object line was not refused");
    return;
  }
  if (!got_error.empty()) mismatch(line, "the reader refused a line nlohmann takes: " + got_error);
  if (got.size() != 2) mismatch(line, "expected 2 messages, got " + std::to_string(got.size()));
  if (!same(*expected, got[0])) mismatch(line, "values differ:\n  nlohmann: " + expected->dump() + "\n  reader:   " + got[0].dump());
}

const std::vector<std::string> kBytes = {"\"", "\\", "{", "}", "[", "]", ":", ",", "0", "1", "9", "-", "+",
                                         ".", "e", "E", " ", "\t", "t", "f", "n", "u", "/", "b", "r",
                                         std::string(1, '\0'), "\x01", "\x1f", "\x7f", "\x80", "\xbf", "\xc3",
                                         "\xe2", "\xed", "\xf0", "\xf4", "\xf5", "\xff"};
const std::vector<std::string> kStrings = {
    R"("\u00e9t\u00E9")", R"("\ud83d\ude00")", R"("\ud800")", R"("\udc00x")", R"("\u12")", R"("\u0000")",
    R"("a\/b\b\f\n\r\t\"\\")", R"("\x")", "\"caf\xc3\xa9\"", "\"\xe2\x82\xac\"", "\"\xf0\x9f\x98\x80\"",
    "\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xf4\x90\x80\x80\"", "\"\xc3\"", "\"a\tb\"",
    "\"" + std::string(40, 'x') + "\\\"" + std::string(40, 'y') + "\""};
const std::vector<std::string> kNumbers = {
    "0", "-0", "-0.0", "1.5E+3", "1e5", "1E-5", "0.1e-400", "1e999", "-1e999", "2.2250738585072014e-308",
    "4.9e-324", "123456789012345678", "1234567890123456789", "12345678901234567890", "18446744073709551615",
    "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "-123456789012345678",
    "1795305247.166041", "1.795305247174374e+12", "01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "NaN"};
const std::vector<std::string> kOthers = {"true", "false", "null", "tru", "nul", "[]", "{}", "[1,2,]", "{\"a\":}",
                                          "[[[[[]]]]]", "{\"stack\":1}", "{\"timing\":{\"x\":[1,\"\\ud800\"]}}",
                                          "[{\"a\":1},{\"b\":[2]}]", "  1 ", ""};

std::string mutate(std::string line, Rng& rng) {
  if (line.empty()) return line;
  switch (rng.below(8)) {
    case 0:  // Replace a byte.
      line.replace(rng.below(line.size()), 1, kBytes[rng.below(kBytes.size())]);
      break;
    case 1:  // Delete a few bytes.
      line.erase(rng.below(line.size()), 1 + rng.below(3));
      break;
    case 2:  // Insert a byte.
      line.insert(rng.below(line.size() + 1), kBytes[rng.below(kBytes.size())]);
      break;
    case 3:  // Cut.
      line.resize(rng.below(line.size()));
      break;
    case 4:
    case 5: {  // Swap a value for a tricky one.
      std::vector<size_t> values;
      for (size_t i = 1; i < line.size(); ++i) {
        if (line[i - 1] == ':') values.push_back(i);
      }
      if (values.empty()) break;
      size_t at = values[rng.below(values.size())];
      // The end of the value there: a string, or up to the next , } ].
      size_t end = at;
      if (line[at] == '"') {
        end = at + 1;
        while (end < line.size() && line[end] != '"') end += line[end] == '\\' ? 2 : 1;
        end = std::min(end + 1, line.size());
      } else {
        while (end < line.size() && line[end] != ',' && line[end] != '}' && line[end] != ']') ++end;
      }
      const auto& pool = rng.below(3) == 0 ? kStrings : rng.below(2) ? kNumbers : kOthers;
      line.replace(at, end - at, pool[rng.below(pool.size())]);
      break;
    }
    case 6: {  // Repeat a key (the last value wins).
      size_t brace = line.find('{', 1 + rng.below(line.size()));
      if (brace == std::string::npos || brace + 1 >= line.size() || line[brace + 1] == '}') break;
      size_t key_end = line.find("\":", brace);
      if (key_end == std::string::npos) break;
      std::string key = line.substr(brace + 1, key_end + 2 - brace - 1);
      const auto& pool = rng.below(2) ? kStrings : kNumbers;
      line.insert(key_end + 2, pool[rng.below(pool.size())] + "," + key);
      break;
    }
    default:  // Whitespace between tokens.
      for (int i = 0; i < 3; ++i) {
        size_t at = line.find_first_of(",:{}[]", rng.below(line.size()));
        if (at != std::string::npos) line.insert(at + (rng.below(2)), rng.below(2) ? " " : "\t\r ");
      }
      break;
  }
  return line;
}

// The nlohmann reading of a line that read_recording hands on, if any.
std::optional<json> reference(const std::string& line) {
  if (line.empty() || line.find_first_not_of(" \t") == std::string::npos || line.find('\n') != std::string::npos ||
      line.back() == '\r' || !analysed_or_unknown(line))
    return std::nullopt;
  try {
    json value = json::parse(line, keep);
    if (value.is_object()) return value;
  } catch (const json::exception&) {
  }
  return std::nullopt;
}

// Valid lines in one stream: the reader builds each message in the storage
// of the previous one of its method, so shapes that change from line to
// line (members missing, added, reordered, of another kind) must come out
// exactly as nlohmann reads each line alone.
void check_stream(const std::vector<std::string>& lines, const char* what) {
  std::string text;
  std::vector<json> expected;
  for (const auto& line : lines) {
    auto value = reference(line);
    if (!value) continue;
    text += line;
    text += '\n';
    expected.push_back(std::move(*value));
  }
  std::vector<json> got;
  std::istringstream in(text);
  silentcors::read_recording(in, "x", [&](const json& message) { got.push_back(message); });
  if (got.size() != expected.size()) {
    std::cerr << "reader_check: MISMATCH: " << what << ": " << got.size() << " messages, expected " << expected.size()
              << "\n";
    std::exit(1);
  }
  for (size_t i = 0; i < got.size(); ++i) {
    if (!same(expected[i], got[i]))
      mismatch(expected[i].dump(), std::string(what) + ": message " + std::to_string(i) + " differs:\n  reader: " +
                                       got[i].dump());
  }
  checked += got.size();
}

// A valid variation of a line's structure: a member removed, added, or of
// another kind somewhere in it, written back with sorted keys.
std::string reshape(const std::string& line, Rng& rng) {
  json value;
  try {
    value = json::parse(line);
  } catch (const json::exception&) {
    return line;
  }
  std::vector<json*> objects;
  std::vector<json*> stack{&value};
  while (!stack.empty()) {
    json* v = stack.back();
    stack.pop_back();
    if (v->is_object()) objects.push_back(v);
    if (v->is_structured()) {
      for (auto& child : *v) stack.push_back(&child);
    }
  }
  if (objects.empty()) return line;
  json& object = *objects[rng.below(objects.size())];
  switch (rng.below(4)) {
    case 0:
      if (!object.empty()) {
        auto it = object.begin();
        std::advance(it, static_cast<long>(rng.below(object.size())));
        object.erase(it);
      }
      break;
    case 1: object["zz" + std::to_string(rng.below(5))] = rng.below(2) ? json("v") : json::object({{"a", 1}}); break;
    case 2:
      if (!object.empty()) {
        auto it = object.begin();
        std::advance(it, static_cast<long>(rng.below(object.size())));
        const json kinds[] = {json("s"), json(7), json(-7), json(2.5), json(nullptr), json(true),
                              json::array({1, "x"}), json::object({{"k", "v"}}), json::object()};
        *it = kinds[rng.below(std::size(kinds))];
      }
      break;
    default: break;  // Only the key order changes.
  }
  return value.dump();
}

// Line counting, blank lines, CRLF and long lines, against std::getline.
void check_framing(const std::vector<std::string>& corpus) {
  std::string text;
  std::string big = corpus.empty() ? std::string("{}") : corpus[0];
  std::string long_url = "\"http://a.test/" + std::string(3 << 20, 'z') + "\"";
  if (auto at = big.find("\"url\":\""); at != std::string::npos) {
    size_t end = big.find('"', at + 7);
    big.replace(at + 6, end + 1 - (at + 6), long_url);
  }
  for (size_t i = 0; i < corpus.size() && i < 200; ++i) {
    text += corpus[i];
    text += i % 7 == 0 ? "\r\n" : "\n";
    if (i % 11 == 0) text += "\n   \n\t\n";
    if (i == 50) text += big + "\n";
  }
  for (const std::string& tail : {std::string(""), std::string("{\"method\":\"Page.loadEventFired\",\"params\":{}}")}) {
    std::string all = text + tail;
    uint64_t lines = 0, bytes = 0;
    {
      std::istringstream in(all);
      for (std::string line; std::getline(in, line);) {
        ++lines;
        bytes += line.size() + 1;
      }
    }
    std::istringstream in(all);
    uint64_t messages = 0;
    silentcors::ReadResult result = silentcors::read_recording(in, "x", [&](const json&) { ++messages; });
    if (result.lines != lines || result.bytes != bytes || result.parsed != messages) {
      std::cerr << "reader_check: MISMATCH: framing: lines " << result.lines << " vs " << lines << ", bytes "
                << result.bytes << " vs " << bytes << "\n";
      std::exit(1);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t mutations = 200000, seed = 1;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--mutations" && i + 1 < argc) mutations = std::stoull(argv[++i]);
    else if (arg == "--seed" && i + 1 < argc) seed = std::stoull(argv[++i]);
    else files.push_back(arg);
  }
  if (files.empty()) {
    std::cerr << "usage: reader_check [--mutations N] [--seed S] RECORDING.jsonl...\n";
    return 2;
  }
  std::vector<std::string> corpus;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "reader_check: cannot read " << file << "\n";
      return 2;
    }
    for (std::string line; std::getline(in, line);) corpus.push_back(line);
  }
  for (const auto& line : corpus) check_line(line);
  uint64_t corpus_checked = checked;

  Rng rng(seed);
  std::vector<const std::string*> analysed;
  for (const auto& line : corpus) {
    if (analysed_or_unknown(line)) analysed.push_back(&line);
  }
  for (uint64_t i = 0; i < mutations && !analysed.empty(); ++i) {
    std::string line = *analysed[rng.below(analysed.size())];
    int rounds = 1 + static_cast<int>(rng.below(3));
    for (int r = 0; r < rounds; ++r) line = mutate(line, rng);
    check_line(line);
  }
  check_stream(corpus, "recorded lines in order");
  std::vector<std::string> stream;
  for (uint64_t i = 0; i < mutations && !analysed.empty(); ++i) {
    std::string line = *analysed[rng.below(analysed.size())];
    switch (rng.below(3)) {
      case 0: break;
      case 1: line = reshape(line, rng); break;
      default: line = mutate(line, rng); break;  // Kept when still valid.
    }
    stream.push_back(std::move(line));
  }
  check_stream(stream, "reshaped and mutated lines in one stream");
  check_framing(corpus);
  std::cout << "reader_check: " << corpus_checked << " recorded lines, then " << checked - corpus_checked
            << " mutated lines alone and in streams, read as nlohmann reads them (" << errors_seen
            << " refused with its error text)\n";
  return 0;
}
