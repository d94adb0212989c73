#include "analysis/cdp_event_parser.h"

#include <simdjson.h>

#include <cstring>

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

// A key compared with a literal: a fixed-size compare the compiler inlines.
template <size_t N>
bool is(std::string_view key, const char (&literal)[N]) {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

// A member's key, given its value (On Demand has just read past the colon).
// Keys have no escapes in practice: then the key is its raw text (stage 1
// has checked its UTF-8 and control characters), found back from where the
// value starts; only a key with a backslash is unescaped (and so validated)
// by simdjson.
error_code key_of(od::field& field, std::string_view& key) {
  const char* start = field.key().raw();
  const char* end = field.value().raw_json_token().data();  // After "key" : whitespace.
  while (*--end != ':') {
  }
  while (*--end != '"') {
  }
  key = std::string_view(start, static_cast<size_t>(end - start));
  if (std::memchr(key.data(), '\\', key.size()) == nullptr) return SUCCESS;
  return field.unescaped_key().get(key);
}

// A string value without escapes, straight from the line (no copy); false
// when it has escapes, which simdjson must then unescape and validate.
// Every value is consumed, never skipped: see the end of this function.
bool plain_string(od::value& value, std::string_view& out) {
  // The token runs to the next structural character: trailing whitespace too.
  std::string_view token = value.raw_json_token();
  size_t end = token.size();
  while (end > 0 && (token[end - 1] == ' ' || token[end - 1] == '\t' || token[end - 1] == '\n' ||
                     token[end - 1] == '\r')) {
    --end;
  }
  if (end < 2 || token[0] != '"' || token[end - 1] != '"') return false;
  std::string_view body = token.substr(1, end - 2);
  if (std::memchr(body.data(), '\\', body.size()) != nullptr) return false;
  out = body;
  // Consumed, not left for On Demand to step over: its skipping counts only
  // brackets, so {"a":"b":}} would pass (fuzzer-found, regression 007).
  od::raw_json_string raw;
  return value.get_raw_json_string().get(raw) == SUCCESS;
}

// Iterates an object's members as (key, value).
template <typename OnMember>
error_code for_each_member(od::object& object, OnMember&& on_member) {
  for (auto result : object) {
    od::field field;
    SC_TRY(std::move(result).get(field));
    std::string_view key;
    SC_TRY(key_of(field, key));
    SC_TRY(on_member(key, field.value()));
  }
  return SUCCESS;
}

// Reads a value through without keeping it, so that it is validated as
// nlohmann would: On Demand alone only checks the structure of what it skips.
error_code validate(od::value value) {
  od::json_type type;
  SC_TRY(value.type().get(type));
  switch (type) {
    case od::json_type::object: {
      od::object object;
      SC_TRY(value.get_object().get(object));
      return for_each_member(object, [](std::string_view, od::value member) { return validate(member); });
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
      if (plain_string(value, text)) return SUCCESS;
      return value.get_string().get(text);
    }
    case od::json_type::number: {
      // Only whether it is a number; its value (see read_json_number) is not used.
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
  if (plain_string(value, out)) return SUCCESS;
  return value.get_string().get(out);
}

error_code read_bool(od::value value, bool& out) {
  out = false;
  od::json_type type;
  SC_TRY(value.type().get(type));
  if (type != od::json_type::boolean) return validate(value);
  return value.get_bool().get(out);
}

// A number as nlohmann types it, without get_number(): in simdjson 3.0.1
// its double is 0 for a float of more than 19 significant digits (fuzzer,
// regression 009), where get_double() parses it right. An integer beyond
// 64 bits fails get_uint64() and the line goes to nlohmann.
struct JsonNumber {
  od::number_type type = od::number_type::signed_integer;
  int64_t signed_value = 0;
  uint64_t unsigned_value = 0;
  double double_value = 0;
};

error_code read_json_number(od::value value, JsonNumber& out) {
  SC_TRY(value.get_number_type().get(out.type));
  switch (out.type) {
    case od::number_type::signed_integer:
      SC_TRY(value.get_int64().get(out.signed_value));
      out.double_value = static_cast<double>(out.signed_value);
      return SUCCESS;
    case od::number_type::unsigned_integer:
      SC_TRY(value.get_uint64().get(out.unsigned_value));
      out.double_value = static_cast<double>(out.unsigned_value);
      return SUCCESS;
    case od::number_type::floating_point_number:
      return value.get_double().get(out.double_value);
  }
  return simdjson::NUMBER_ERROR;
}

error_code read_status(od::value value, CdpStatus& out) {
  out = {};
  od::json_type type;
  SC_TRY(value.type().get(type));
  if (type != od::json_type::number) return validate(value);
  JsonNumber number;
  SC_TRY(read_json_number(value, number));
  switch (number.type) {
    case od::number_type::signed_integer: out = CdpStatus::of_signed(number.signed_value); break;
    case od::number_type::unsigned_integer: out = CdpStatus::of_unsigned(number.unsigned_value); break;
    case od::number_type::floating_point_number: out = CdpStatus::of_float(number.double_value); break;
  }
  return SUCCESS;
}

// A number read as a double (nlohmann's get<double>() of any number type);
// another type is absent.
error_code read_number(od::value value, bool& present, double& out) {
  present = false;
  out = 0;
  od::json_type type;
  SC_TRY(value.type().get(type));
  if (type != od::json_type::number) return validate(value);
  JsonNumber number;
  SC_TRY(read_json_number(value, number));
  present = true;
  out = number.double_value;
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
  return for_each_member(object, on_member);
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
    SC_TRY(for_each_member(root, [&](std::string_view key, od::value value) -> error_code {
      if (is(key, "method")) {
        SC_TRY(read_string(value, method));
      } else if (is(key, "sessionId")) {
        SC_TRY(read_string(value, event.session_id));
      } else if (is(key, "params")) {
        if (seen_params) event.params = CdpEvent::Params();
        seen_params = true;
        SC_TRY(read_object(value, event.has_params,
                           [&](std::string_view k, od::value v) { return params(k, v, event.params); }));
      } else {
        SC_TRY(validate(value));
      }
      return SUCCESS;
    }));
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
      if (!plain_string(v, text)) SC_TRY(v.get_string().get(text));
      scratch_.push_back({name, text, true});
      return SUCCESS;
    }));
    normalize_cdp_headers(scratch_, out);
    return SUCCESS;
  }

  error_code cors_error_status(od::value value, CdpCorsErrorStatus& out) {
    out = {};
    return read_object(value, out.present, [&](std::string_view k, od::value v) {
      if (is(k, "corsError")) return read_string(v, out.cors_error);
      if (is(k, "failedParameter")) return read_string(v, out.failed_parameter);
      return validate(v);
    });
  }

  error_code params(std::string_view key, od::value value, CdpEvent::Params& p) {
    if (is(key, "requestId")) return read_string(value, p.request_id);
    if (is(key, "type")) return read_string(value, p.type);
    if (is(key, "headers")) return headers(value, p.headers);
    if (is(key, "request")) {
      p.request = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (is(k, "method")) return read_string(v, p.request.method);
        if (is(k, "url")) return read_string(v, p.request.url);
        if (is(k, "headers")) return headers(v, p.request.headers);
        return validate(v);
      });
    }
    if (is(key, "response")) {
      p.response = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (is(k, "status")) return read_status(v, p.response.status);
        if (is(k, "headers")) return headers(v, p.response.headers);
        return validate(v);
      });
    }
    if (is(key, "statusCode")) return read_status(value, p.status_code);
    if (is(key, "timestamp")) return read_number(value, p.has_timestamp, p.timestamp);
    if (is(key, "documentURL")) return read_string(value, p.document_url);
    if (is(key, "initiator")) {
      p.initiator = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (is(k, "type")) return read_string(v, p.initiator.type);
        if (is(k, "requestId")) return read_string(v, p.initiator.request_id);
        return validate(v);
      });
    }
    if (is(key, "redirectResponse")) {
      p.redirect_response = {};
      return read_object(value, p.redirect_response.present, [&](std::string_view k, od::value v) {
        if (is(k, "status")) return read_status(v, p.redirect_response.status);
        if (is(k, "headers")) return headers(v, p.redirect_response.headers);
        return validate(v);
      });
    }
    if (is(key, "errorText")) return read_string(value, p.error_text);
    if (is(key, "blockedReason")) return read_string(value, p.blocked_reason);
    if (is(key, "canceled")) return read_bool(value, p.canceled);
    if (is(key, "corsErrorStatus")) return cors_error_status(value, p.cors_error_status);
    if (is(key, "issue")) {
      p.issue = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (is(k, "code")) return read_string(v, p.issue.code);
        if (!is(k, "details")) return validate(v);
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
          if (!is(dk, "corsIssueDetails")) return validate(dv);
          reset_details();
          return read_object(dv, [&](std::string_view ck, od::value cv) {
            if (is(ck, "corsErrorStatus")) return cors_error_status(cv, issue.cors_error_status);
            if (is(ck, "isWarning")) return read_bool(cv, issue.is_warning);
            if (!is(ck, "request")) return validate(cv);
            issue.request_id = {};
            return read_object(cv, [&](std::string_view rk, od::value rv) {
              if (is(rk, "requestId")) return read_string(rv, issue.request_id);
              return validate(rv);
            });
          });
        });
      });
    }
    if (is(key, "entry")) {
      p.entry = {};
      return read_object(value, [&](std::string_view k, od::value v) {
        if (is(k, "networkRequestId")) return read_string(v, p.entry.network_request_id);
        if (is(k, "category")) return read_string(v, p.entry.category);
        if (is(k, "text")) return read_string(v, p.entry.text);
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
