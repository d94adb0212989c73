#include "analysis/recording_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <iterator>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <nlohmann/json.hpp>

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

// The parts of events that are large and never read: call stacks of
// initiators, request bodies, TLS details, timing tables. Dropped at any depth.
bool is_dropped_key(std::string_view key) {
  switch (key.size()) {
    case 5: return key == "stack";
    case 6: return key == "timing";
    case 8: return key == "postData";
    case 10: return key == "stackTrace";
    case 11: return key == "headersText";
    case 13: return key == "connectTiming";
    case 15: return key == "postDataEntries" || key == "securityDetails";
    default: return false;
  }
}

bool keep(int /*depth*/, json::parse_event_t event, json& parsed) {
  if (event != json::parse_event_t::key) return true;
  return !is_dropped_key(parsed.get_ref<const std::string&>());
}

// The fast path: a JSON reader for one line that builds the same value as
// json::parse(line, keep) with none of its per-character and per-event
// overhead, and that skips dropped values without building them. It takes
// only input it is sure of: anything else (a syntax error, a \u surrogate,
// a number strtod would overflow, a repeated key, ...) makes it give up,
// and the line goes to nlohmann's parser, which then decides, and words
// any error, as before.
//
// It also builds each message in the storage of the previous message of the
// same method, which mostly has the same members in the same order: a member
// whose key comes where it came last time keeps its map node and buffers and
// only takes the new value. Other members get nodes recycled from a pool;
// members that did not come again go back to it. Building and freeing a
// fresh DOM per line (some 60 allocations, a balanced tree insertion per
// member, nlohmann's destructor flattening every object onto a heap stack)
// cost more than reading the JSON itself.
class FastLineParser {
 public:
  static constexpr size_t kSlots = 9;  // The analysed methods, and any other.

  // Parses `line` into message(slot); false: let nlohmann parse the line.
  // The previous message of the slot is gone from then on.
  bool parse_line(std::string_view line, size_t slot) {
    Cached& cached = cache_[slot];
    p_ = line.data();
    end_ = p_ + line.size();
    depth_ = 0;
    skip_ws();
    bool ok = p_ != end_ && *p_ == '{' && parse_object(&cached.root.get_ref<json::object_t&>(), &cached.shape);
    if (ok) {
      skip_ws();
      ok = p_ == end_;
    }
    if (!ok) {  // Whatever was half built goes back.
      recycle(cached.root);
      cached.shape = Shape();
    }
    return ok;
  }

  const json& message(size_t slot) const { return cache_[slot].root; }

 private:
  static constexpr int kMaxDepth = 128;
  // Reused buffers larger than this are given back to the allocator: a
  // data: URL of megabytes must not stay held. Nor do more pooled nodes than
  // a message has in practice (a few hundred).
  static constexpr size_t kMaxKeptCapacity = 1024;
  static constexpr size_t kMaxPooledNodes = 4096;

  using Node = json::object_t::node_type;
  using Member = json::object_t::iterator;
  enum Kind { kString, kObject, kArray, kScalar, kKinds };

  // An object as last parsed: its members in the order they came, and the
  // same for each member that is an object.
  struct Shape {
    std::vector<Member> order;
    std::vector<Shape> children;  // children[i] belongs to order[i].
  };
  struct Cached {
    json root = json::object();
    Shape shape;
  };

  static Kind kind_of_value_at(char c) {
    return c == '"' ? kString : c == '{' ? kObject : c == '[' ? kArray : kScalar;
  }
  static Kind kind_of(const json& value) {
    return value.is_string() ? kString : value.is_object() ? kObject : value.is_array() ? kArray : kScalar;
  }

  // A detached node, its value empty and preferably already of the kind needed.
  Node take(Kind kind) {
    auto& pool = pool_[kind];
    if (!pool.empty()) {
      Node node = std::move(pool.back());
      pool.pop_back();
      return node;
    }
    scratch_.try_emplace(std::string());
    return scratch_.extract(scratch_.begin());
  }

  void give(Node&& node) {
    json& value = node.mapped();
    recycle(value);
    auto& pool = pool_[kind_of(value)];
    if (pool.size() >= kMaxPooledNodes) return;  // Freed.
    if (node.key().capacity() > kMaxKeptCapacity) node.key() = std::string();
    pool.push_back(std::move(node));
  }

  // Empties a value, keeping its storage: object members go to the pool,
  // a string or array keeps its buffer.
  void recycle(json& value) {
    switch (value.type()) {
      case json::value_t::object: {
        auto& object = value.get_ref<json::object_t&>();
        while (!object.empty()) give(object.extract(object.begin()));
        break;
      }
      case json::value_t::array: {
        auto& array = value.get_ref<json::array_t&>();
        for (auto& element : array) recycle(element);
        array.clear();
        if (array.capacity() > kMaxKeptCapacity / sizeof(json)) json::array_t().swap(array);
        break;
      }
      case json::value_t::string: {
        auto& text = value.get_ref<std::string&>();
        text.clear();
        if (text.capacity() > kMaxKeptCapacity) text.shrink_to_fit();
        break;
      }
      default: break;
    }
  }

  void skip_ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }

  // `out` null: validate only (the value of a dropped key). Otherwise `out`
  // holds the previous value of this member (or nothing) and takes the new
  // one; `shape`, when given, is the previous value's shape.
  bool parse_value(json* out, Shape* shape) {
    if (p_ == end_) return false;
    if (out) {
      // A member that changes kind starts afresh.
      Kind kind = kind_of_value_at(*p_);
      if (kind != kind_of(*out) || kind == kArray) {
        recycle(*out);
        if (shape) *shape = Shape();
      }
    }
    switch (*p_) {
      case '{': {
        if (out && !out->is_object()) *out = json::value_t::object;
        return parse_object(out ? &out->get_ref<json::object_t&>() : nullptr, shape);
      }
      case '[': {
        if (out && !out->is_array()) *out = json::value_t::array;
        return parse_array(out ? &out->get_ref<json::array_t&>() : nullptr);
      }
      case '"': {
        if (!out) return parse_string(nullptr);
        if (!out->is_string()) *out = json::value_t::string;
        auto& text = out->get_ref<std::string&>();
        text.clear();
        if (text.capacity() > kMaxKeptCapacity) text.shrink_to_fit();
        return parse_string(&text);
      }
      case 't':
        if (!literal("true")) return false;
        if (out) *out = true;
        return true;
      case 'f':
        if (!literal("false")) return false;
        if (out) *out = false;
        return true;
      case 'n':
        if (!literal("null")) return false;
        if (out) *out = nullptr;
        return true;
      default: return parse_number(out);
    }
  }

  // Keys are short: compared inline rather than by a call to memcmp.
  static bool same_key(const std::string& a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < b.size(); ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }

  // A key, at its opening quote: straight from the line when it has no
  // escapes (as keys do), else decoded into key_.
  bool parse_key(std::string_view& key) {
    const char* start = p_ + 1;
    p_ = start;
    skip_plain();
    if (p_ != end_ && *p_ == '"') {
      key = std::string_view(start, static_cast<size_t>(p_ - start));
      ++p_;
      return true;
    }
    p_ = start - 1;
    key_.clear();
    if (!parse_string(&key_)) return false;
    key = key_;
    return true;
  }

  // `object`: the previous members of this object (null: validate only);
  // `shape`: the order they came in (null: not kept, as in arrays).
  bool parse_object(json::object_t* object, Shape* shape) {
    if (++depth_ > kMaxDepth) return false;
    ++p_;  // '{'
    size_t next = 0;      // The previous member expected next.
    bool in_step = true;  // The members so far came as last time.
    if (!parse_members(object, shape, next, in_step)) return false;
    if (object && shape && in_step) drop_from(*object, *shape, next);
    --depth_;
    return true;
  }

  // The previous members from `next` on did not come again.
  void drop_from(json::object_t& object, Shape& shape, size_t next) {
    for (size_t i = next; i < shape.order.size(); ++i) give(object.extract(shape.order[i]));
    shape.order.resize(next);
    shape.children.resize(next);
  }

  bool parse_members(json::object_t* object, Shape* shape, size_t& next, bool& in_step) {
    skip_ws();
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    while (true) {
      skip_ws();
      if (p_ == end_ || *p_ != '"') return false;
      std::string_view key;
      if (!parse_key(key)) return false;
      skip_ws();
      if (p_ == end_ || *p_ != ':') return false;
      ++p_;
      skip_ws();
      if (p_ == end_) return false;
      if (!object || is_dropped_key(key)) {
        if (!parse_value(nullptr, nullptr)) return false;
      } else if (shape && in_step && next < shape->order.size() && same_key(shape->order[next]->first, key)) {
        // As last time: the node stays, the value is replaced.
        if (!parse_value(&shape->order[next]->second, &shape->children[next])) return false;
        ++next;
      } else {
        if (shape && in_step) {
          // From here on the members differ from last time: the rest of
          // the previous ones leave now, and the order is built anew.
          drop_from(*object, *shape, next);
          in_step = false;
        }
        Node node = take(kind_of_value_at(*p_));
        node.key().assign(key);
        Shape child;
        if (!parse_value(&node.mapped(), shape ? &child : nullptr)) {
          give(std::move(node));
          return false;
        }
        // The end as a hint: one comparison per key where keys come
        // sorted, as raw headers do.
        Member at = object->insert(object->end(), std::move(node));
        if (!node.empty()) {  // A repeated key: nlohmann's business.
          give(std::move(node));
          return false;
        }
        if (shape) {
          shape->order.push_back(at);
          shape->children.push_back(std::move(child));
        }
      }
      skip_ws();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != '}') return false;
      ++p_;
      return true;
    }
  }

  bool parse_array(json::array_t* array) {
    if (++depth_ > kMaxDepth) return false;
    ++p_;  // '['
    skip_ws();
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      --depth_;
      return true;
    }
    while (true) {
      skip_ws();
      json* slot = array ? &array->emplace_back() : nullptr;
      if (!parse_value(slot, nullptr)) return false;
      skip_ws();
      if (p_ == end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      --depth_;
      return true;
    }
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // One well-formed UTF-8 sequence of 2-4 bytes (RFC 3629, as nlohmann
  // checks it) at p_; advances past it.
  bool utf8_sequence() {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(p_[i]); };
    auto in = [](unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; };
    size_t left = static_cast<size_t>(end_ - p_);
    unsigned char c = byte(0);
    size_t n;
    bool ok;
    if (in(c, 0xC2, 0xDF)) {
      n = 2;
      ok = left >= 2 && in(byte(1), 0x80, 0xBF);
    } else if (c == 0xE0) {
      n = 3;
      ok = left >= 3 && in(byte(1), 0xA0, 0xBF) && in(byte(2), 0x80, 0xBF);
    } else if (in(c, 0xE1, 0xEC) || in(c, 0xEE, 0xEF)) {
      n = 3;
      ok = left >= 3 && in(byte(1), 0x80, 0xBF) && in(byte(2), 0x80, 0xBF);
    } else if (c == 0xED) {
      n = 3;
      ok = left >= 3 && in(byte(1), 0x80, 0x9F) && in(byte(2), 0x80, 0xBF);
    } else if (c == 0xF0) {
      n = 4;
      ok = left >= 4 && in(byte(1), 0x90, 0xBF) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF);
    } else if (in(c, 0xF1, 0xF3)) {
      n = 4;
      ok = left >= 4 && in(byte(1), 0x80, 0xBF) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF);
    } else if (c == 0xF4) {
      n = 4;
      ok = left >= 4 && in(byte(1), 0x80, 0x8F) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF);
    } else {
      return false;
    }
    if (!ok) return false;
    p_ += n;
    return true;
  }

  // Advances p_ to the next quote, backslash, control or non-ASCII byte (or
  // the end), 16 bytes at a time: strings are most of a CDP message.
  void skip_plain() {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end_ - p_ >= 16) {
      __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
      // Signed compare: bytes >= 0x80 are negative, so "< 0x20" takes them too.
      __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
                                     _mm_cmplt_epi8(chunk, space));
      int mask = _mm_movemask_epi8(special);
      if (mask != 0) {
        p_ += __builtin_ctz(static_cast<unsigned>(mask));
        return;
      }
      p_ += 16;
    }
#endif
    while (p_ != end_) {
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return;
      ++p_;
    }
  }

  // At the opening quote. `out` null: validate only.
  bool parse_string(std::string* out) {
    ++p_;  // '"'
    while (true) {
      // The plain run up to the next quote, backslash, control or non-ASCII byte.
      const char* run = p_;
      skip_plain();
      if (out) out->append(run, static_cast<size_t>(p_ - run));
      if (p_ == end_) return false;
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {
        const char* start = p_;
        if (!utf8_sequence()) return false;
        if (out) out->append(start, static_cast<size_t>(p_ - start));
        continue;
      }
      // A backslash.
      if (end_ - p_ < 2) return false;
      char escaped = p_[1];
      p_ += 2;
      char plain;
      switch (escaped) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
          if (end_ - p_ < 4) return false;
          unsigned codepoint = 0;
          for (int i = 0; i < 4; ++i) {
            int digit = hex_digit(p_[i]);
            if (digit < 0) return false;
            codepoint = codepoint * 16 + static_cast<unsigned>(digit);
          }
          p_ += 4;
          if (codepoint >= 0xD800 && codepoint <= 0xDFFF) return false;  // Surrogates: nlohmann's business.
          if (out) {
            if (codepoint < 0x80) {
              out->push_back(static_cast<char>(codepoint));
            } else if (codepoint < 0x800) {
              out->push_back(static_cast<char>(0xC0 | (codepoint >> 6)));
              out->push_back(static_cast<char>(0x80 | (codepoint & 0x3F)));
            } else {
              out->push_back(static_cast<char>(0xE0 | (codepoint >> 12)));
              out->push_back(static_cast<char>(0x80 | ((codepoint >> 6) & 0x3F)));
              out->push_back(static_cast<char>(0x80 | (codepoint & 0x3F)));
            }
          }
          continue;
        }
        default: return false;
      }
      if (out) out->push_back(plain);
    }
  }

  // JSON's number grammar; the value typed as nlohmann types it: unsigned
  // for a plain non-negative integer, signed for a negative one, double
  // otherwise (and for integers out of 64-bit range).
  bool parse_number(json* out) {
    const char* start = p_;
    bool negative = false;
    if (*p_ == '-') {
      negative = true;
      ++p_;
    }
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return false;
    }
    const char* digits_end = p_;
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || !(*p_ >= '0' && *p_ <= '9')) return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !(*p_ >= '0' && *p_ <= '9')) return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    const char* digits = start + (negative ? 1 : 0);
    size_t count = static_cast<size_t>(digits_end - digits);
    if (integer && count <= 18) {  // No overflow possible.
      if (!out) return true;
      uint64_t value = 0;
      for (const char* d = digits; d != digits_end; ++d) value = value * 10 + static_cast<uint64_t>(*d - '0');
      if (negative) {
        *out = -static_cast<int64_t>(value);
      } else {
        *out = value;
      }
      return true;
    }
    if (integer) return false;  // 19+ digits: rare; nlohmann decides.
    // Correctly rounded, as glibc's strtod. Converted even when the value is
    // dropped: nlohmann refuses a number out of a double's range anywhere.
    double value = 0;
    auto [ptr, ec] = std::from_chars(start, p_, value);
    if (ec != std::errc() || ptr != p_) return false;  // Out of range: nlohmann decides.
    if (out) *out = value;
    return true;
  }

  const char* p_ = nullptr;
  const char* end_ = nullptr;
  int depth_ = 0;
  std::string key_;
  Cached cache_[kSlots];
  std::vector<Node> pool_[kKinds];
  json::object_t scratch_;  // Where new nodes are made.
};

// The slot of a message's storage: one per analysed method.
size_t slot_of(std::optional<std::string_view> method) {
  static constexpr std::string_view kAnalysed[] = {
      "Network.requestWillBeSent", "Network.requestWillBeSentExtraInfo", "Network.responseReceived",
      "Network.responseReceivedExtraInfo", "Network.loadingFinished", "Network.loadingFailed",
      "Audits.issueAdded", "Log.entryAdded"};
  static_assert(std::size(kAnalysed) < FastLineParser::kSlots);
  if (method) {
    for (size_t i = 0; i < std::size(kAnalysed); ++i) {
      if (*method == kAnalysed[i]) return i;
    }
  }
  return std::size(kAnalysed);
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
      if (const void* nl = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_)) {
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

  void fill() {
    // Keep the partial line; make room for a block (a line may be longer,
    // up to the limit: the buffer never grows much past it).
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() - end_ < kBlock) {
      buffer_.resize(std::max(std::min(buffer_.size() * 2, max_line_ + kBlock + 1), end_ + kBlock));
    }
    size_t got = read_some_(buffer_.data() + end_, buffer_.size() - end_);
    end_ += got;
    if (got == 0) eof_ = true;
  }

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

ReadResult read_lines(LineReader& lines, const std::string& name, const MessageCallback& on_message,
                      const ReadOptions& options) {
  ReadResult result;
  FastLineParser fast;
  std::string_view line;
  std::string pending_error;  // A malformed line is fatal only if another line follows it.
  uint64_t pending_line = 0;
  uint64_t good_lines = 0;  // Parsed, or skipped whole: a cut-off line needs some before it.

  // The message for the current line, with the part of it around `column`.
  const auto located = [&](size_t column, const std::string& detail) {
    return at(name, result.lines, column) + detail + "\n" + line_excerpt(line, column);
  };
  // Hands a message on; what its reader finds wrong in it is bad input at this line.
  const auto deliver = [&](const json& message) {
    try {
      on_message(message);
    } catch (const MessageError& e) {
      size_t offset = json_value_offset(line, e.path());
      throw InputError(located(offset == std::string_view::npos ? 1 : offset + 1, e.what()));
    } catch (const json::exception& e) {
      throw InputError(located(1, std::string("a CDP message of an unexpected shape: ") + e.what()));
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
    size_t slot = slot_of(method);
    if (fast.parse_line(line, slot)) {
      ++result.parsed;
      ++good_lines;
      deliver(fast.message(slot));
      continue;
    }
    // What the fast path does not take: nlohmann's parser decides.
    json message;
    try {
      message = json::parse(line, keep);
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
    deliver(message);
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

ReadResult read_recording(std::istream& in, const std::string& name, const MessageCallback& on_message,
                          const ReadOptions& options) {
  LineReader lines(stream_source(in), options.max_line_bytes);
  return read_lines(lines, name, on_message, options);
}

ReadResult read_recording_file(const std::string& path, const MessageCallback& on_message,
                               const ReadOptions& options) {
  // Blocks of 1 MiB are read straight into the line reader's buffer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path + ": cannot read: " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  LineReader lines(fd_source(fd), options.max_line_bytes);
  return read_lines(lines, path, on_message, options);
}

}  // namespace silentcors
