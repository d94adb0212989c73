// A CdpEvent straight from one line of JSON, with simdjson's On Demand API:
// no DOM, the few members the ledger uses picked out in one pass. Every other
// value is still read through (strings unescaped, numbers converted, literals
// checked), so a line is taken only if it is valid JSON as nlohmann reads it:
// a line this parser refuses goes to nlohmann, which then decides and words
// the error (recording_reader.cpp). It refuses more than nlohmann does (a root
// that is not an object, integers beyond 64 bits, nesting deeper than 1024):
// those lines are nlohmann's too.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "analysis/cdp_event.h"

namespace silentcors {

class CdpEventParser {
 public:
  // simdjson reads in blocks: this many bytes after a line must be readable
  // (their content does not matter). Equal to SIMDJSON_PADDING.
  static constexpr size_t kPadding = 64;

  CdpEventParser();
  ~CdpEventParser();
  CdpEventParser(const CdpEventParser&) = delete;
  CdpEventParser& operator=(const CdpEventParser&) = delete;

  // True: `event` holds the message; its views are valid until the next
  // call. False: not taken (invalid, or one of the cases above).
  bool parse(std::string_view line, CdpEvent& event);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace silentcors
