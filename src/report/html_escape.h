// Untrusted text (URLs, header values, server and page messages, scenario
// names) made inert in HTML. One function for both places a value may go in
// the report: element text and double- or single-quoted attribute values.
// Values never go anywhere else: not into <script>, <style>, a style or
// event-handler attribute, nor an href or src (no value is ever a link).
#pragma once

#include <string>
#include <string_view>

namespace silentcors::report {

// & < > " ' as character references; invalid UTF-8 as U+FFFD; control
// characters other than tab and newline (which HTML would keep or
// normalise away) and noncharacters removed. What comes out can neither
// open a tag, close an attribute, nor start a character reference.
std::string html_text(std::string_view text);

}  // namespace silentcors::report
