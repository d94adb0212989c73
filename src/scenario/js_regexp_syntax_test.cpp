// The verdicts here are V8's (Chromium 156, `new RegExp(source)`); the
// e2e test tests/e2e/js_regexp_e2e_test.cpp compares thousands more with
// the browser itself.
#include "scenario/js_regexp_syntax.h"

#include <gtest/gtest.h>

namespace silentcors::scenario {
namespace {

std::string verdict(std::string_view source) {
  auto error = js_regexp_syntax_error(source);
  return error ? error->message + " at " + std::to_string(error->offset) : "ok";
}

TEST(JsRegExpSyntax, PatternsTeamsWriteForPropagationAreValid) {
  for (const char* source : {"^https://api\\.example\\.com/", "https://api.example.com", ".*", "localhost:\\d+",
                             "^https?://(www\\.)?shop\\.example/(cart|orders)/", "/api/", "[a-z0-9-]+\\.example\\.org",
                             "(?<host>api)\\.\\k<host>", "(?:a|b){2,3}?", "(?=api)api", "(?<!x)y", "\\u00e9t\\xe9",
                             "caf\xc3\xa9", "[\\d-z]", "a{", "{", "}", "]", "a{,5}", "x{2,}", "\\k", "\\1(a)", "[\\b]",
                             "(?=a)*", ""}) {
    EXPECT_EQ(verdict(source), "ok") << source;
  }
}

TEST(JsRegExpSyntax, WhatTheBrowserRefusesIsNamedWithWhereItWentWrong) {
  EXPECT_EQ(verdict("(["), "Unterminated character class at 1");
  EXPECT_EQ(verdict("(api"), "Unterminated group at 0");
  EXPECT_EQ(verdict("api)"), "Unmatched ')' at 3");
  EXPECT_EQ(verdict("*.example.com"), "Nothing to repeat at 0");
  EXPECT_EQ(verdict("https://a.b/**"), "Nothing to repeat at 13");
  EXPECT_EQ(verdict("api\\"), "\\ at end of pattern at 3");
  EXPECT_EQ(verdict("(?x)"), "Invalid group at 0");
  EXPECT_EQ(verdict("a{3,1}"), "numbers out of order in {} quantifier at 1");
  EXPECT_EQ(verdict("[z-a]"), "Range out of order in character class at 1");
  EXPECT_EQ(verdict("(?<1a>x)"), "Invalid capture group name at 0");
  EXPECT_EQ(verdict("(?<a>x)(?<a>y)"), "Duplicate capture group name at 7");
  EXPECT_EQ(verdict("(?<a>x)\\k<b>"), "Invalid named capture referenced at 7");
  EXPECT_EQ(verdict("(?<a>x)\\k"), "Invalid named reference at 7");
  EXPECT_EQ(verdict("^*"), "Nothing to repeat at 1");
  EXPECT_EQ(verdict("(?<=a)+"), "Nothing to repeat at 6");
  EXPECT_EQ(verdict("{1}"), "Nothing to repeat at 0");
}

}  // namespace
}  // namespace silentcors::scenario
