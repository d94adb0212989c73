// Raw CDP events in, completed requests out, in one streaming pass. Events
// are correlated by sessionId + requestId, never by order: a preflight's
// requestWillBeSent may come before or after its main request's, and
// ExtraInfo events before or after the events they complement. So a
// request that has ended is held for a short window of further messages
// (late ExtraInfo, Audits issues, console lines) before it is handed on.
// Memory grows with the requests in flight, not with the recording.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "analysis/cdp_event.h"
#include "analysis/request_record.h"

namespace silentcors {

class RequestLedger {
 public:
  using Sink = std::function<void(CompletedRequest&&)>;

  // `settle_messages`: how many further messages an ended request waits for
  // its stragglers. Chromium sends them within a few messages; 512 is ample.
  explicit RequestLedger(Sink sink, uint64_t settle_messages = 512);

  // One CDP message (an event; replies and unknown events are ignored).
  // Throws MessageError for a value it cannot take (a status of 1e300).
  void on_event(const CdpEvent& event);
  // The same for a message as nlohmann parsed it (live events).
  void on_message(const nlohmann::json& message);
  // End of input: hands on everything that is left (unfinished requests
  // included, in state kPending).
  void finish();

  size_t tracked() const { return requests_.size(); }

 private:
  using Key = std::pair<std::string, std::string>;  // sessionId, requestId
  using KeyView = std::pair<std::string_view, std::string_view>;
  // Hashed, not ordered: every message looks its request up, and ordered
  // keys compared the 32-character session id (the same for every request
  // of a page) again at each level of the tree. Found by the views an event
  // holds, without copying its ids into strings first.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(const KeyView& key) const {
      size_t h = std::hash<std::string_view>()(key.second);
      return h ^ (std::hash<std::string_view>()(key.first) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
    }
    size_t operator()(const Key& key) const { return (*this)(KeyView{key.first, key.second}); }
  };
  struct KeyEqual {
    using is_transparent = void;
    static KeyView view(const Key& key) { return {key.first, key.second}; }
    static KeyView view(const KeyView& key) { return key; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return view(a) == view(b);
    }
  };
  RequestRecord& record(std::string_view session, std::string_view request_id);
  void ended(const RequestRecord& r);
  void emit(const Key& key);
  void release_settled();

  Sink sink_;
  uint64_t settle_messages_;
  uint64_t message_count_ = 0;
  std::unordered_map<Key, RequestRecord, KeyHash, KeyEqual> requests_;
  // Main request -> its preflights (by their own ids).
  std::unordered_map<Key, std::vector<Key>, KeyHash, KeyEqual> preflights_of_;
  // Ended main requests in the order they ended, with the message count then.
  std::deque<std::pair<uint64_t, Key>> settling_;
};

}  // namespace silentcors
