// Making untrusted text (URLs, header values, server messages, scenario
// names) safe for each medium a writer produces. Every function first reads
// the input as UTF-8: bytes that are not valid UTF-8 (stray continuation
// bytes, overlong forms, surrogates, code points above U+10FFFF, truncated
// sequences) never reach the output as they are.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "analysis/utf8.h"

namespace silentcors::report {

// decode_utf8 and append_utf8 live with the core (analysis/utf8.h).
using silentcors::Utf8Char;
using silentcors::decode_utf8;

// Invalid bytes replaced by U+FFFD, one each (what nlohmann::json's
// error_handler_t::replace does): the text can always be serialised as JSON.
std::string valid_utf8(std::string_view text);

// For a terminal: valid UTF-8 with control characters (C0, DEL, C1; tab and
// newline included) shown as \xNN / \uNNNN, so that text from a server can
// neither inject escape sequences nor break the layout.
std::string terminal_safe(std::string_view text);

// terminal_safe for text of several lines (a fix snippet, a GitHub workflow
// command before its own %0A escaping): the same, but newlines are kept.
std::string terminal_safe_lines(std::string_view text);

// XML 1.0 character data: & < > escaped; invalid UTF-8 bytes and characters
// XML 1.0 does not allow (controls other than tab, LF, CR; U+FFFE, U+FFFF)
// removed. CR is written as &#13; so that it survives end-of-line handling.
std::string xml_text(std::string_view text);

// An attribute value for a double-quoted attribute: as xml_text, plus " and
// ' escaped, and tab/LF/CR written as character references so that
// attribute-value normalisation does not turn them into spaces.
std::string xml_attribute(std::string_view text);

// Markdown inline text, also safe inside a GFM table cell: terminal-safe
// characters minus line breaks (newlines and other controls become a
// space), and the characters that could start markup (\ ` * _ [ ] < > | ~ &
// and ! # which are harmless but cheap to escape) backslash-escaped.
std::string markdown_text(std::string_view text);

// A Markdown code span holding `text` verbatim (line breaks become spaces),
// fenced with more backticks than the longest run inside it. Not for GFM
// table cells, where a | would end the cell: use markdown_text there.
std::string markdown_code(std::string_view text);

}  // namespace silentcors::report
