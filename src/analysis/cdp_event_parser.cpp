#include "analysis/cdp_event_parser.h"

#include <simdjson.h>

namespace silentcors {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

static_assert(CdpEventParser::kPadding == simdjson::SIMDJSON_PADDING);

// Lines up to this size are parsed here. simdjson holds about seven bytes
// per byte of its largest document; a longer line (a data: URL of
// megabytes, or not a recording at all) goes to nlohmann, which needs less.
constexpr size_t kMaxLine = size_t{4} << 20;
// After a line longer than this, the parser's buffers are given back.
constexpr size_t kKeptCapacity = size_t{1} << 20;

#define SC_TRY(expr)                    \
  do {                                  \
    if (error_code e_ = (expr); e_) return e_; \
  } while (false)

// Reads a value through without keeping it, so that it is validated as
// nlohmann would: On Demand alone only checks the structure of what it skips.
error_code validate(od::value value) {
  od::json_type type;
  SC_TRY(value.type().get(type));
  switch (type) {
    case od::json_type::object: {
      od::object object;
      SC_TRY(value.get_object().get(object));
      for (auto field : object) {
        std::string_view key;
        SC_TRY(field.unescaped_key().get(key));
        od::value member;
        SC_TRY(field.value().get(member));
        SC_TRY(validate(member));
      }
      return SUCCESS;
    }
    case od::json_type::array: {
      od::array array;
      SC_TRY(value.get_array().get(array));
      for (auto element : array) {
        od::value item;
        SC_TRY(element.get(item));
        SC_TRY(validate(item));
      }
      return SUCCESS;
    }
    case od::json_type::string: {
      std::string_view text;
      return value.get_string().get(text);
    }
    case od::json_type::number: {
      od::number number;
      return value.get_number().get(number);
    }
    case od::json_type::boolean: {
      bool flag;
      return value.get_bool().get(flag);
    }
    case od::json_type::null: {
      bool is_null = false;
      SC_TRY(value.is_null().get(is_null));
      return is_null ? SUCCESS : simdjson::N_ATOM_ERROR;  // "nul", "nulx"
    }
  }
  return simdjson::INCORRECT_TYPE;
}

// A member the ledger reads as a string: absent ("") when it is another type.
error_code read_string(od::value value, std::string_view& out) {
  out = {};
  od::json_type type;
  SC_TRY(value.type().get(type));
  if (type != od::json_type::string) return validate(value);
  return value.get_string().get(out);
}

error_code read_bool(od::value value, bool& out) {
  out = false;
  od::json_type type;
  SC_TRY(value.type().get(type));
  if (type != od::json_type::boolean) return validate(value);
  return value.get_bool().get(out);
}

error_code read_status(od::value value, CdpStatus& out) {
  out = {};
  od::json_type type;
  SC_TRY(value.type().get(type));
  if (type != od::json_type::number) return validate(value);
  od::number number;
  SC_TRY(value.get_number().get(number));
  switch (number.get_number_type()) {
    case od::number_type::signed_integer: out = CdpStatus::of_signed(number.get_int64()); break;
    case od::number_type::unsigned_integer: out = CdpStatus::of_unsigned(number.get_uint64()); break;
    case od::number_type::floating_point_number: out = CdpStatus::of_float(number.get_double()); break;
  }
  return SUCCESS;
}

// Iterates an object's members, each through `on_member(key, value)`;
// `present` says whether it was an object at all (anything else is read
// through and stands for an empty object, as object_at() made it).
template <typename OnMember>
error_code read_object(od::value value, bool& present, OnMember&& on_member) {
  od::json_type type;
  SC_TRY(value.type().get(type));
  present = type == od::json_type::object;
  if (!present) return validate(value);
  od::object object;
  SC_TRY(value.get_object().get(object));
  for (auto field : object) {
    std::string_view key;
    SC_TRY(field.unescaped_key().get(key));
    od::value member;
    SC_TRY(field.value().get(member));
    SC_TRY(on_member(key, member));
  }
  return SUCCESS;
}

template <typename OnMember>
error_code read_object(od::value value, OnMember&& on_member) {
  bool present = false;
  return read_object(value, present, std::forward<OnMember>(on_member));
}

// The walk of one message. A member that comes again replaces what the
// earlier one gave (nlohmann keeps the last), so each sub-object is reset
// before it is read.
class EventReader {
 public:
  explicit EventReader(std::vector<CdpHeaderEntry>& scratch) : scratch_(scratch) {}

  error_code message(od::object root, CdpEvent& event) {
    std::string_view method;
    bool seen_params = false;
    for (auto field : root) {
      std::string_view key;
      SC_TRY(field.unescaped_key().get(key));
      od::value value;
      SC_TRY(field.value().get(value));
      if (key == "method") {
        SC_TRY(read_string(value, method));
      } else if (key == "sessionId") {
        SC_TRY(read_string(value, event.session_id));
      } else if (key == "params") {
        if (seen_params) event.params = CdpEvent::Params();
        seen_params = true;
        SC_TRY(read_object(value, event.has_params,
                           [&](std::string_view k, od::value v) { return params(k, v, event.params); }));
      } else {
        SC_TRY(validate(value));
      }
    }
    event.method = cdp_method(method);
    return SUCCESS;
  }

 private:
  error_code headers(od::value value, CdpHeaders& out) {
    scratch_.clear();
    SC_TRY(read_object(value, [&](std::string_view name, od::value v) {
      od::json_type type;
      SC_TRY(v.type().get(type));
      if (type != od::json_type::string) {
        scratch_.push_back({name, {}, false});
        return validate(v);
      }
      std::string_view text;
      SC_TRY(v.get_string().get(text));
      scratch_.push_back({name, text, true});
      return SUCCESS;
    }));
    normalize_cdp_headers(scratch_, out);
    return SUCCESS;
  }

  error_code cors_error_status(od::value value, CdpCorsErrorStatus& out) {
    out = {};
    return read_object(value, out.present, [&](std::string_view k, od::value v) {
      if (k == "corsError") return read_string(v, out.cors_error);
      if (k == "failedParameter") return read_string(v, out.failed_parameter);
      return validate(v);
    });
  }

  error_code params(std::string_view key, od::value value, CdpEvent::Params& p) {
    if (key == "requestId") return read_string(value, p.request_id);
    if (key == "type") return read_string(value, p.type);
    if (key == "headers") return headers(value, p.headers);
    if (key == "request") {
      p.request = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (k == "method") return read_string(v, p.request.method);
        if (k == "url") return read_string(v, p.request.url);
        if (k == "headers") return headers(v, p.request.headers);
        return validate(v);
      });
    }
    if (key == "response") {
      p.response = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (k == "status") return read_status(v, p.response.status);
        if (k == "headers") return headers(v, p.response.headers);
        return validate(v);
      });
    }
    if (key == "statusCode") return read_status(value, p.status_code);
    if (key == "documentURL") return read_string(value, p.document_url);
    if (key == "initiator") {
      p.initiator = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (k == "type") return read_string(v, p.initiator.type);
        if (k == "requestId") return read_string(v, p.initiator.request_id);
        return validate(v);
      });
    }
    if (key == "redirectResponse") {
      p.redirect_response = {};
      return read_object(value, p.redirect_response.present, [&](std::string_view k, od::value v) {
        if (k == "status") return read_status(v, p.redirect_response.status);
        if (k == "headers") return headers(v, p.redirect_response.headers);
        return validate(v);
      });
    }
    if (key == "errorText") return read_string(value, p.error_text);
    if (key == "blockedReason") return read_string(value, p.blocked_reason);
    if (key == "canceled") return read_bool(value, p.canceled);
    if (key == "corsErrorStatus") return cors_error_status(value, p.cors_error_status);
    if (key == "issue") {
      p.issue = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (k == "code") return read_string(v, p.issue.code);
        if (k != "details") return validate(v);
        // Of details, only corsIssueDetails is read. Either, repeated,
        // replaces what the earlier one gave.
        CdpEvent::Params::Issue& issue = p.issue;
        const auto reset_details = [&issue] {
          issue.cors_error_status = {};
          issue.request_id = {};
          issue.is_warning = false;
        };
        reset_details();
        return read_object(v, [&](std::string_view dk, od::value dv) {
          if (dk != "corsIssueDetails") return validate(dv);
          reset_details();
          return read_object(dv, [&](std::string_view ck, od::value cv) {
            if (ck == "corsErrorStatus") return cors_error_status(cv, issue.cors_error_status);
            if (ck == "isWarning") return read_bool(cv, issue.is_warning);
            if (ck != "request") return validate(cv);
            issue.request_id = {};
            return read_object(cv, [&](std::string_view rk, od::value rv) {
              if (rk == "requestId") return read_string(rv, issue.request_id);
              return validate(rv);
            });
          });
        });
      });
    }
    if (key == "entry") {
      p.entry = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (k == "networkRequestId") return read_string(v, p.entry.network_request_id);
        if (k == "category") return read_string(v, p.entry.category);
        if (k == "text") return read_string(v, p.entry.text);
        return validate(v);
      });
    }
    return validate(value);
  }

  std::vector<CdpHeaderEntry>& scratch_;
};

}  // namespace

struct CdpEventParser::Impl {
  std::unique_ptr<od::parser> parser = std::make_unique<od::parser>();
  std::vector<CdpHeaderEntry> scratch;
};

CdpEventParser::CdpEventParser() : impl_(std::make_unique<Impl>()) {}
CdpEventParser::~CdpEventParser() = default;

bool CdpEventParser::parse(std::string_view line, CdpEvent& event) {
  if (line.size() > kMaxLine) return false;
  if (impl_->parser->capacity() > kKeptCapacity) impl_->parser = std::make_unique<od::parser>();
  event.clear();
  od::document doc;
  if (impl_->parser->iterate(line.data(), line.size(), line.size() + kPadding).get(doc)) return false;
  od::object root;
  if (doc.get_object().get(root)) return false;
  EventReader reader(impl_->scratch);
  if (reader.message(root, event)) return false;
  // Nothing may follow the object ("{...} x", "{...}}").
  const char* after = nullptr;
  return doc.current_location().get(after) == simdjson::OUT_OF_BOUNDS;
}

}  // namespace silentcors
