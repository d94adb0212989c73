// One CDP message as the request ledger reads it: only the members it uses,
// typed, with strings as views into the parser's storage (valid until the
// next message is parsed). Two builders fill it: straight from simdjson for
// recordings (cdp_event_parser.h), and from a nlohmann::json for live events
// and for the lines simdjson gives up on (cdp_event_json.h). Both give what
// the ledger used to read from a nlohmann::json: for a repeated key the last
// value, a member of the wrong type is as if absent, and header objects in
// nlohmann's order (names sorted bytewise, each once, string values only).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace silentcors {

// The methods the ledger acts on; every other method is kOther.
enum class CdpMethod : uint8_t {
  kNone,  // No "method" string (a reply), or an empty one.
  kOther,
  kRequestWillBeSent,
  kRequestWillBeSentExtraInfo,
  kResponseReceived,
  kResponseReceivedExtraInfo,
  kLoadingFinished,
  kLoadingFailed,
  kAuditsIssueAdded,
  kLogEntryAdded,
};

CdpMethod cdp_method(std::string_view method);

// An HTTP status read from a JSON number. A member that is not a number is
// absent, as before; a number that is no status (1e300, 4294967696, -1,
// 200.5) is kept as such, and the ledger calls it bad input where it reads
// it: converting it to int was undefined behaviour or wrapped round.
struct CdpStatus {
  enum class Kind : uint8_t { kAbsent, kValid, kOutOfRange };
  Kind kind = Kind::kAbsent;
  int value = 0;  // kValid: 0 to kMaxStatus.

  static constexpr int kMaxStatus = 999;
  // The number as nlohmann types it: unsigned, signed (negative), or a float
  // that may be a whole number (204.0).
  static CdpStatus of_unsigned(uint64_t number);
  static CdpStatus of_signed(int64_t number);
  static CdpStatus of_float(double number);

  bool operator==(const CdpStatus&) const = default;
};

struct CdpHeader {
  std::string_view name;
  std::string_view value;
  bool operator==(const CdpHeader&) const = default;
};
using CdpHeaders = std::vector<CdpHeader>;

// A member of a header object as it came, before the order nlohmann gives.
struct CdpHeaderEntry {
  std::string_view name;
  std::string_view value;
  bool is_string = false;
};

// `entries` in document order -> `out` as a nlohmann object iterates them:
// sorted by name (bytewise), the last of a repeated name, and only string
// values (HttpHeaders::from_cdp skips the others). `entries` is reordered.
void normalize_cdp_headers(std::vector<CdpHeaderEntry>& entries, CdpHeaders& out);

struct CdpCorsErrorStatus {
  bool present = false;  // An object (loadingFailed: the request failed CORS).
  std::string_view cors_error;
  std::string_view failed_parameter;
  bool operator==(const CdpCorsErrorStatus&) const = default;
};

struct CdpEvent {
  CdpMethod method = CdpMethod::kNone;
  bool has_params = false;  // "params" is an object.
  std::string_view session_id;

  // The members of "params" the ledger reads, by the path they come from.
  struct Params {
    std::string_view request_id;
    std::string_view type;
    std::string_view document_url;  // documentURL
    std::string_view error_text;
    std::string_view blocked_reason;
    bool canceled = false;
    // Network.* "timestamp": Chromium's monotonic clock in seconds, for the
    // report's request timeline. Absent (or not a number): no timeline bar.
    bool has_timestamp = false;
    double timestamp = 0;
    CdpStatus status_code;  // responseReceivedExtraInfo
    CdpHeaders headers;     // The ExtraInfo events.

    struct Request {
      std::string_view method;
      std::string_view url;
      CdpHeaders headers;
      bool operator==(const Request&) const = default;
    } request;
    struct RedirectResponse {
      bool present = false;
      CdpStatus status;
      CdpHeaders headers;
      bool operator==(const RedirectResponse&) const = default;
    } redirect_response;
    struct Initiator {
      std::string_view type;
      std::string_view request_id;
      bool operator==(const Initiator&) const = default;
    } initiator;
    struct Response {
      CdpStatus status;
      CdpHeaders headers;
      bool operator==(const Response&) const = default;
    } response;
    CdpCorsErrorStatus cors_error_status;
    // Audits.issueAdded: issue.code, issue.details.corsIssueDetails.
    struct Issue {
      std::string_view code;
      CdpCorsErrorStatus cors_error_status;
      std::string_view request_id;  // corsIssueDetails.request.requestId
      bool is_warning = false;
      bool operator==(const Issue&) const = default;
    } issue;
    // Log.entryAdded: entry.
    struct Entry {
      std::string_view network_request_id;
      std::string_view category;
      std::string_view text;
      bool operator==(const Entry&) const = default;
    } entry;
    bool operator==(const Params&) const = default;
  } params;

  bool operator==(const CdpEvent&) const = default;

  // Empties it, keeping the header lists' storage for the next message.
  void clear();
};

}  // namespace silentcors
