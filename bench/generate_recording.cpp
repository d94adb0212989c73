// generate_recording: writes a large, realistic CDP recording for the
// `analyze` benchmark (issue #3).
//
//   generate_recording --out FILE [--size-mb N] [--seed S] [--templates DIR]
//
// Real Chromium recordings (tests/recordings/*.jsonl) are the templates. Each
// is cut into whole request lifecycles (main request + its preflight(s) +
// ExtraInfo + response + data + finish/failure + the Audits issue and console
// lines about it) and a page skeleton (navigation, Document request, Page,
// Runtime and other non-network events). The output is a series of page
// visits: a skeleton with its Document request, then tens to hundreds of
// lifecycles replicated from all templates, 5-50 in flight at a time and
// interleaved event by event, the skeleton's later events among them.
// Lines are copied byte for byte from the templates (real sizes, real key
// order and number formatting); only ids and URLs change: every request,
// preflight and issue gets a fresh id, every replicated URL a unique query
// (r=N) on a bounded set of endpoints, every visit its own session, frame and
// loader ids. The page origins of all templates become one application origin.
//
// Deterministic for a given seed and template set. On stdout, key=value
// lines: what was written and what a correct analysis must find (requests,
// failed_requests, cors_failures), so the benchmark checks correctness too.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#ifndef SILENTCORS_TEST_DATA
#define SILENTCORS_TEST_DATA "tests"
#endif

namespace {

using nlohmann::json;

// Our own generator and ranges: std::*_distribution differ between standard
// libraries, and the output must not.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {  // splitmix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  uint64_t range(uint64_t lo, uint64_t hi) { return lo + next() % (hi - lo + 1); }
  double unit() { return static_cast<double>(next() >> 11) / static_cast<double>(1ull << 53); }

 private:
  uint64_t state_;
};

// What an id in a template stands for when a copy is written.
enum class SlotKind {
  kSession,      // the visit's sessionId
  kFrame,        // the visit's main frame id
  kLoader,       // the visit's document loader id (= its Document request id)
  kFreshHex,     // a new 32-hex id per copy (preflights, navigations, issues)
  kFreshDotted,  // a new "PID.N" id per copy (renderer-initiated requests)
  kUrlQuery,     // not an id: the query appended to the lifecycle's URL
};

// A template line: literal text with slots between the pieces.
// pieces.size() == slots.size() + 1.
struct TemplateLine {
  std::vector<std::string> pieces;
  std::vector<int> slots;  // Index into the owner's slot table.
  size_t bytes = 0;        // Literal bytes (without the newline).
};

enum class Outcome { kOk, kCors, kOther, kCanceled };

struct Lifecycle {
  std::vector<TemplateLine> lines;
  std::vector<SlotKind> slots;
  Outcome outcome = Outcome::kOk;
  int preflights = 0;
  std::string url;  // Of the main request, as in the template.
  std::string from;
};

struct Skeleton {
  std::vector<TemplateLine> head;  // Before the template's first subresource event.
  std::vector<TemplateLine> tail;  // Interleaved with the visit's lifecycles.
  std::vector<SlotKind> slots;
  Outcome document_outcome = Outcome::kOk;
  std::string from;
};

struct Templates {
  std::vector<Lifecycle> lifecycles;
  std::vector<Skeleton> skeletons;
};

std::string_view str_at(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : std::string_view();
}

const json& obj_at(const json& object, const char* key) {
  static const json empty = json::object();
  if (!object.is_object()) return empty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : empty;
}

bool is_hex_id(std::string_view s) {
  if (s.size() != 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); });
}

bool is_dotted_id(std::string_view s) {
  size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i != dot && !(s[i] >= '0' && s[i] <= '9')) return false;
  }
  return true;
}

bool is_url_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::strchr("-._~:/?#[]@!$&()*+,;=%", c) != nullptr;
}

void replace_all_bounded(std::string& text, const std::string& from, const std::string& to) {
  // Only whole tokens: "127.0.0.1:4000" must not match in "127.0.0.1:40001".
  size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    size_t end = pos + from.size();
    if (end < text.size() && text[end] >= '0' && text[end] <= '9') {
      pos = end;
      continue;
    }
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

// Cuts a line into pieces at every id-valued string and after every
// occurrence of `url` (when given); registers the slots in `slots`.
TemplateLine make_template_line(const std::string& text, const std::string& url, std::vector<SlotKind>& slots,
                                std::map<std::string, int>& slot_of_id, const std::string& session,
                                const std::string& frame, const std::string& loader, int& url_slot) {
  struct Cut {
    size_t begin, end;  // Replaced range in text (empty for an insertion).
    int slot;
  };
  std::vector<Cut> cuts;
  // Ids: "...":"ID" values.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '"' || i == 0 || text[i - 1] != ':') continue;
    size_t close = text.find('"', i + 1);
    if (close == std::string::npos) break;
    std::string_view value(text.data() + i + 1, close - i - 1);
    if (is_hex_id(value) || is_dotted_id(value)) {
      std::string id(value);
      auto [it, inserted] = slot_of_id.try_emplace(id, static_cast<int>(slots.size()));
      if (inserted) {
        SlotKind kind = id == session  ? SlotKind::kSession
                        : id == frame  ? SlotKind::kFrame
                        : id == loader ? SlotKind::kLoader
                        : is_hex_id(id) ? SlotKind::kFreshHex
                                        : SlotKind::kFreshDotted;
        slots.push_back(kind);
      }
      cuts.push_back({i + 1, close, it->second});
    }
    i = close;
  }
  if (!url.empty()) {
    for (size_t pos = text.find(url); pos != std::string::npos; pos = text.find(url, pos + 1)) {
      size_t end = pos + url.size();
      if (end < text.size() && is_url_char(text[end])) continue;  // A longer URL.
      if (url_slot < 0) {
        url_slot = static_cast<int>(slots.size());
        slots.push_back(SlotKind::kUrlQuery);
      }
      cuts.push_back({end, end, url_slot});
    }
  }
  std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.begin < b.begin; });
  TemplateLine line;
  size_t at = 0;
  for (const Cut& cut : cuts) {
    line.pieces.push_back(text.substr(at, cut.begin - at));
    line.slots.push_back(cut.slot);
    at = cut.end;
  }
  line.pieces.push_back(text.substr(at));
  for (const auto& piece : line.pieces) line.bytes += piece.size();
  return line;
}

// The request a line is about, if any.
std::string owner_id(const json& message) {
  const json& params = obj_at(message, "params");
  std::string_view method = str_at(message, "method");
  if (auto id = str_at(params, "requestId"); !id.empty()) return std::string(id);
  if (method == "Audits.issueAdded") {
    const json& details = obj_at(obj_at(obj_at(params, "issue"), "details"), "corsIssueDetails");
    return std::string(str_at(obj_at(details, "request"), "requestId"));
  }
  if (method == "Log.entryAdded") return std::string(str_at(obj_at(params, "entry"), "networkRequestId"));
  return {};
}

Outcome outcome_of(const json& params) {
  if (params.contains("corsErrorStatus")) return Outcome::kCors;
  if (params.value("canceled", false)) return Outcome::kCanceled;
  return Outcome::kOther;
}

void load_template(const std::filesystem::path& path, const std::string& app_host, const std::string& app_port,
                   Templates& out) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> texts;
  std::vector<json> messages;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    messages.push_back(json::parse(line));
    texts.push_back(std::move(line));
  }
  const std::string name = path.filename().string();

  // The page: its Document request, session and main frame.
  std::string session, frame, document, page_host;
  for (const auto& m : messages) {
    if (session.empty()) session = std::string(str_at(m, "sessionId"));
    const json& params = obj_at(m, "params");
    if (document.empty() && str_at(m, "method") == "Network.requestWillBeSent" && str_at(params, "type") == "Document") {
      document = std::string(str_at(params, "requestId"));
      frame = std::string(str_at(params, "frameId"));
      std::string url(str_at(params, "documentURL"));
      size_t host = url.find("://");
      if (host != std::string::npos) page_host = url.substr(host + 3, url.find('/', host + 3) - host - 3);
    }
  }
  if (document.empty() || session.empty()) throw std::runtime_error(name + ": no Document request");

  // One application origin for every template's page.
  if (!page_host.empty() && page_host != app_host) {
    std::string page_port = page_host.substr(page_host.rfind(':') + 1);
    for (size_t i = 0; i < texts.size(); ++i) {
      replace_all_bounded(texts[i], page_host, app_host);
      replace_all_bounded(texts[i], "\"remotePort\":" + page_port, "\"remotePort\":" + app_port);
      messages[i] = json::parse(texts[i]);
    }
  }

  // Preflight -> main request; the requests in order of first appearance.
  std::map<std::string, std::string> main_of;
  for (const auto& m : messages) {
    const json& params = obj_at(m, "params");
    if (str_at(m, "method") != "Network.requestWillBeSent") continue;
    const json& initiator = obj_at(params, "initiator");
    if (str_at(params, "type") == "Preflight" || str_at(initiator, "type") == "preflight") {
      main_of[std::string(str_at(params, "requestId"))] = std::string(str_at(initiator, "requestId"));
    }
  }
  auto main_id = [&](const std::string& id) {
    auto it = main_of.find(id);
    return it == main_of.end() ? id : it->second;
  };

  // Every line to its lifecycle (by main request id), or to the skeleton ("").
  std::vector<std::string> owner(messages.size());
  std::map<std::string, std::string> url_of;  // main id -> URL
  std::vector<std::string> started;           // main ids, first seen first
  for (size_t i = 0; i < messages.size(); ++i) {
    const json& m = messages[i];
    const json& params = obj_at(m, "params");
    std::string id = owner_id(m);
    if (!id.empty()) {
      id = main_id(id);
      if (std::find(started.begin(), started.end(), id) == started.end()) started.push_back(id);
      if (str_at(m, "method") == "Network.requestWillBeSent" && !main_of.count(std::string(str_at(params, "requestId"))))
        url_of[id] = std::string(str_at(obj_at(params, "request"), "url"));
    } else if (str_at(m, "method") == "Log.entryAdded" && str_at(obj_at(params, "entry"), "category") == "cors") {
      // "Access to fetch at 'URL' from origin ...": no request id; it is about
      // the latest request to that URL.
      std::string_view text = str_at(obj_at(params, "entry"), "text");
      size_t open = text.find(" at '");
      if (open != std::string_view::npos) {
        size_t close = text.find('\'', open + 5);
        std::string url(text.substr(open + 5, close - open - 5));
        for (auto it = started.rbegin(); it != started.rend(); ++it) {
          if (url_of[*it] == url) {
            id = *it;
            break;
          }
        }
      }
    }
    owner[i] = id == document ? "" : id;
  }

  std::map<std::string, size_t> index_of;  // main id -> position in out.lifecycles
  size_t first_lifecycle_line = messages.size();
  Skeleton skeleton;
  skeleton.from = name;
  std::map<std::string, int> skeleton_ids;
  int skeleton_url_slot = -1;
  for (size_t i = 0; i < messages.size(); ++i) {
    const json& params = obj_at(messages[i], "params");
    if (owner[i].empty()) {
      auto line = make_template_line(texts[i], "", skeleton.slots, skeleton_ids, session, frame, document,
                                     skeleton_url_slot);
      (i < first_lifecycle_line ? skeleton.head : skeleton.tail).push_back(std::move(line));
      if (str_at(messages[i], "method") == "Network.loadingFailed" && str_at(params, "requestId") == document)
        skeleton.document_outcome = outcome_of(params);
      continue;
    }
    first_lifecycle_line = std::min(first_lifecycle_line, i);
    if (index_of.try_emplace(owner[i], out.lifecycles.size()).second) {
      out.lifecycles.emplace_back();
      out.lifecycles.back().url = url_of[owner[i]];
      out.lifecycles.back().from = name;
    }
  }
  // Second pass: the lines of each lifecycle, now that its URL is known.
  std::map<size_t, std::map<std::string, int>> ids_of;
  std::map<size_t, int> url_slot_of;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (owner[i].empty()) continue;
    size_t index = index_of.at(owner[i]);
    Lifecycle& lc = out.lifecycles[index];
    auto [slot, inserted] = url_slot_of.try_emplace(index, -1);
    lc.lines.push_back(
        make_template_line(texts[i], lc.url, lc.slots, ids_of[index], session, frame, document, slot->second));
    const json& m = messages[i];
    const json& params = obj_at(m, "params");
    std::string_view method = str_at(m, "method");
    std::string request_id(str_at(params, "requestId"));
    bool is_main = request_id == owner[i];
    if (method == "Network.requestWillBeSent" && !is_main) ++lc.preflights;
    if (is_main && method == "Network.loadingFailed") lc.outcome = outcome_of(params);
    if (is_main && method == "Network.loadingFinished") lc.outcome = Outcome::kOk;
  }
  out.skeletons.push_back(std::move(skeleton));
}

const char* kHex = "0123456789ABCDEF";

struct Counts {
  uint64_t bytes = 0, lines = 0, visits = 0, requests = 0, preflights = 0, cors = 0, other = 0, canceled = 0;
  uint64_t max_in_flight = 0, in_flight_sum = 0, in_flight_samples = 0;
};

class Writer {
 public:
  Writer(const std::string& path, uint64_t seed) : rng_(seed) {
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
    buffer_.reserve(1 << 22);
  }
  ~Writer() {
    flush();
    if (file_) std::fclose(file_);
  }
  void close() {
    flush();
    if (std::fclose(file_) != 0) throw std::runtime_error("write failed");
    file_ = nullptr;
  }

  Rng& rng() { return rng_; }
  Counts& counts() { return counts_; }

  std::string fresh_hex() {
    std::string id(32, '0');
    uint64_t a = rng_.next(), b = rng_.next();
    for (int i = 0; i < 16; ++i) id[i] = kHex[(a >> (4 * i)) & 15];
    for (int i = 0; i < 16; ++i) id[16 + i] = kHex[(b >> (4 * i)) & 15];
    return id;
  }

  // Visit-level ids.
  struct Visit {
    std::string session, frame, loader;
    uint64_t pid = 0;
    uint64_t next_request = 1;
  };

  // The values of a copy's slots.
  std::vector<std::string> bind(const std::vector<SlotKind>& slots, Visit& visit) {
    std::vector<std::string> values(slots.size());
    for (size_t i = 0; i < slots.size(); ++i) {
      switch (slots[i]) {
        case SlotKind::kSession: values[i] = visit.session; break;
        case SlotKind::kFrame: values[i] = visit.frame; break;
        case SlotKind::kLoader: values[i] = visit.loader; break;
        case SlotKind::kFreshHex: values[i] = fresh_hex(); break;
        case SlotKind::kFreshDotted:
          values[i] = std::to_string(visit.pid) + "." + std::to_string(++visit.next_request);
          break;
        case SlotKind::kUrlQuery: break;  // Set by the caller.
      }
    }
    return values;
  }

  void write(const TemplateLine& line, const std::vector<std::string>& values, const std::string& query) {
    for (size_t i = 0; i < line.slots.size(); ++i) {
      buffer_ += line.pieces[i];
      const std::string& value = values[line.slots[i]];
      buffer_ += value.empty() ? query : value;
    }
    buffer_ += line.pieces.back();
    buffer_ += '\n';
    counts_.lines++;
    if (buffer_.size() >= (1 << 22) - (1 << 16)) flush();
  }

  uint64_t bytes() const { return counts_.bytes + buffer_.size(); }

 private:
  void flush() {
    if (!file_ || buffer_.empty()) return;
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) throw std::runtime_error("write failed");
    counts_.bytes += buffer_.size();
    buffer_.clear();
  }

  Rng rng_;
  FILE* file_ = nullptr;
  std::string buffer_;
  Counts counts_;
};

struct Active {
  const Lifecycle* lifecycle;
  std::vector<std::string> values;
  std::string query;
  size_t next = 0;
};

void count_request(Counts& counts, Outcome outcome, int preflights) {
  counts.requests++;
  counts.preflights += preflights;
  if (outcome == Outcome::kCors) counts.cors++;
  if (outcome == Outcome::kOther) counts.other++;
  if (outcome == Outcome::kCanceled) counts.canceled++;
}

void generate(const Templates& templates, Writer& out, uint64_t target_bytes) {
  Rng& rng = out.rng();
  Counts& counts = out.counts();

  // The mix of a real page: mostly requests that work, most of them
  // without a preflight (same-origin, simple or cached: the templates'
  // favicon requests stand for a page's same-origin GETs); some cross-origin
  // calls that CORS blocks; a few that fail otherwise (refused, DNS, unsafe
  // port, aborted).
  std::vector<const Lifecycle*> simple, preflighted, cors, other;
  for (const auto& lc : templates.lifecycles) {
    if (lc.outcome == Outcome::kOk) (lc.preflights ? preflighted : simple).push_back(&lc);
    else (lc.outcome == Outcome::kCors ? cors : other).push_back(&lc);
  }
  if (simple.empty() || preflighted.empty() || cors.empty() || other.empty())
    throw std::runtime_error("templates lack a kind of request");
  auto pick = [&]() -> const Lifecycle* {
    double u = rng.unit();
    const auto& pool = u < 0.06 ? cors : u < 0.09 ? other : u < 0.35 ? preflighted : simple;
    return pool[rng.next() % pool.size()];
  };

  uint64_t request_number = 0;  // For unique URLs.
  uint64_t in_flight_target = 20;
  while (out.bytes() < target_bytes) {
    // A page visit.
    counts.visits++;
    const Skeleton& skeleton = templates.skeletons[rng.next() % templates.skeletons.size()];
    Writer::Visit visit{out.fresh_hex(), out.fresh_hex(), out.fresh_hex(), rng.range(10000, 99999), 1};
    std::vector<std::string> skeleton_values = out.bind(skeleton.slots, visit);
    for (const auto& line : skeleton.head) out.write(line, skeleton_values, "");
    count_request(counts, skeleton.document_outcome, 0);

    uint64_t budget = rng.range(10, 150);  // Subresource requests of this visit.
    double tail_chance = static_cast<double>(skeleton.tail.size()) / (budget * 6.0);
    size_t tail_next = 0;
    std::vector<Active> active;
    uint64_t steps = 0;
    while (budget > 0 || !active.empty()) {
      if (++steps % 64 == 0) {
        // In flight: a random walk between 5 and 50.
        int64_t t = static_cast<int64_t>(in_flight_target) + static_cast<int64_t>(rng.range(0, 10)) - 5;
        in_flight_target = static_cast<uint64_t>(std::clamp<int64_t>(t, 5, 50));
      }
      while (budget > 0 && active.size() < in_flight_target && out.bytes() < target_bytes) {
        const Lifecycle* lc = pick();
        Active a{lc, out.bind(lc->slots, visit), {}, 0};
        a.query = (lc->url.find('?') == std::string::npos ? "?r=" : "&r=") + std::to_string(++request_number);
        active.push_back(std::move(a));
        count_request(counts, lc->outcome, lc->preflights);
        --budget;
      }
      if (out.bytes() >= target_bytes) budget = 0;  // Finish what is in flight.
      if (active.empty()) break;
      counts.max_in_flight = std::max<uint64_t>(counts.max_in_flight, active.size());
      counts.in_flight_sum += active.size();
      counts.in_flight_samples++;

      if (tail_next < skeleton.tail.size() && rng.unit() < tail_chance) {
        out.write(skeleton.tail[tail_next++], skeleton_values, "");
      }
      size_t i = rng.next() % active.size();
      Active& a = active[i];
      out.write(a.lifecycle->lines[a.next++], a.values, a.query);
      if (a.next == a.lifecycle->lines.size()) {
        std::swap(active[i], active.back());
        active.pop_back();
      }
    }
    while (tail_next < skeleton.tail.size()) out.write(skeleton.tail[tail_next++], skeleton_values, "");
  }
}

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "generate_recording: " << problem << "\n"
            << "usage: generate_recording --out FILE [--size-mb N] [--seed S] [--templates DIR]\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path;
  double size_mb = 600;
  uint64_t seed = 3;
  std::string templates_dir = std::string(SILENTCORS_TEST_DATA) + "/recordings";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--out") out_path = value();
    else if (arg == "--size-mb") size_mb = std::stod(value());
    else if (arg == "--seed") seed = std::stoull(value());
    else if (arg == "--templates") templates_dir = value();
    else usage("unknown argument " + arg);
  }
  if (out_path.empty()) usage("--out is required");

  try {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(templates_dir)) {
      if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) throw std::runtime_error(templates_dir + ": no *.jsonl templates");
    Templates templates;
    // The application origin: the first template's page (any one would do).
    const std::string app_host = "127.0.0.1:59443", app_port = "59443";
    for (const auto& file : files) load_template(file, app_host, app_port, templates);

    Writer out(out_path, seed);
    generate(templates, out, static_cast<uint64_t>(size_mb * 1024 * 1024));
    out.close();
    const Counts& c = out.counts();
    std::cout << "templates=" << files.size() << "\n"
              << "template_lifecycles=" << templates.lifecycles.size() << "\n"
              << "bytes=" << c.bytes << "\n"
              << "lines=" << c.lines << "\n"
              << "visits=" << c.visits << "\n"
              << "requests=" << c.requests << "\n"
              << "preflights=" << c.preflights << "\n"
              << "cors_failures=" << c.cors << "\n"
              << "other_failures=" << c.other << "\n"
              << "canceled=" << c.canceled << "\n"
              << "failed_requests=" << c.cors + c.other << "\n"
              << "max_in_flight=" << c.max_in_flight << "\n"
              << "mean_in_flight=" << (c.in_flight_samples ? c.in_flight_sum / c.in_flight_samples : 0) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "generate_recording: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
