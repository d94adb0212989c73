#include "scenario/json_locator.h"

#include <gtest/gtest.h>

namespace silentcors::scenario {
namespace {

using nlohmann::json;

JsonDocument read_ok(std::string_view text) {
  auto result = read_json(text);
  if (auto* error = std::get_if<JsonSyntaxError>(&result)) {
    ADD_FAILURE() << "unexpected syntax error at " << error->position.line << ":" << error->position.column << ": "
                  << error->message;
    return {};
  }
  return std::get<JsonDocument>(std::move(result));
}

// "line:column path: message", compact enough to assert in one line.
std::string read_error(std::string_view text) {
  auto result = read_json(text);
  auto* error = std::get_if<JsonSyntaxError>(&result);
  if (!error) return "no error";
  return std::to_string(error->position.line) + ":" + std::to_string(error->position.column) + " " + error->path +
         (error->path.empty() ? "" : ": ") + error->message;
}

TEST(ReadJson, BuildsTheSameValueAsNlohmann) {
  const std::string text =
      R"({"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "d\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"},
                               "big": 18446744073709551615, "huge": 1e400000000, "e": {}, "f": []})";
  const std::string without_huge =
      R"({"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "d\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"},
                               "big": 18446744073709551615, "e": {}, "f": []})";
  EXPECT_EQ(read_error(text), "2:69 huge: this number is too large");
  const JsonDocument doc = read_ok(without_huge);
  EXPECT_EQ(doc.value, json::parse(without_huge));
  EXPECT_TRUE(doc.value["a"][0].is_number_integer());
  EXPECT_TRUE(doc.value["a"][3].is_number_float());
  EXPECT_TRUE(doc.value["big"].is_number_unsigned());
  EXPECT_EQ(doc.value["b"]["c"], "d\"\\/\b\f\n\r\t\u00e9\U0001F600");
}

TEST(ReadJson, RecordsValueAndKeyPositions) {
  const JsonDocument doc = read_ok(
      "{\n"
      "  \"name\": \"checkout\",\n"
      "  \"steps\": [\n"
      "    {\"click\": \"#buy\"},\n"
      "    {\"fill\": \"#email\",   \"text\": 42}\n"
      "  ]\n"
      "}\n");
  EXPECT_EQ(doc.value_position(""), (SourcePosition{1, 1}));
  EXPECT_EQ(doc.key_position(""), (SourcePosition{1, 1}));
  EXPECT_EQ(doc.key_position("name"), (SourcePosition{2, 3}));
  EXPECT_EQ(doc.value_position("name"), (SourcePosition{2, 11}));
  EXPECT_EQ(doc.value_position("steps"), (SourcePosition{3, 12}));
  EXPECT_EQ(doc.value_position("steps[0]"), (SourcePosition{4, 5}));
  EXPECT_EQ(doc.key_position("steps[0]"), (SourcePosition{4, 5}));
  EXPECT_EQ(doc.value_position("steps[0].click"), (SourcePosition{4, 15}));
  EXPECT_EQ(doc.key_position("steps[1].text"), (SourcePosition{5, 26}));
  EXPECT_EQ(doc.value_position("steps[1].text"), (SourcePosition{5, 34}));
  EXPECT_EQ(doc.value_position("nope"), (SourcePosition{}));
}

TEST(ReadJson, ColumnsCountCharactersNotBytes) {
  const JsonDocument doc = read_ok("{\"description\": \"caf\u00e9 \U0001F600\", \"x\": 1}");
  EXPECT_EQ(doc.key_position("x"), (SourcePosition{1, 27}));
}

TEST(ReadJson, SkipsCommentsAndByteOrderMark) {
  const JsonDocument doc = read_ok(
      "\xEF\xBB\xBF// checkout happy path\n"
      "{ /* the page */ \"url\": \"https://a.test/\", // trailing note\n"
      "  \"n\" /* odd but fine */ : /* here too */ 1 }\n"
      "// the end");
  EXPECT_EQ(doc.value, (json{{"url", "https://a.test/"}, {"n", 1}}));
  EXPECT_EQ(doc.key_position("url"), (SourcePosition{2, 18}));
  EXPECT_EQ(doc.value_position("n"), (SourcePosition{3, 43}));
}

TEST(ReadJson, CommentMarkersInsideStringsAreText) {
  EXPECT_EQ(read_ok(R"({"url": "https://a.test/*x*/"})").value["url"], "https://a.test/*x*/");
}

TEST(ReadJson, PathsReadLikeJavaScript) {
  EXPECT_EQ(member_path("", "steps"), "steps");
  EXPECT_EQ(member_path(element_path("steps", 2), "selector"), "steps[2].selector");
  EXPECT_EQ(member_path("headers", "X-Api-Key"), "headers.X-Api-Key");
  EXPECT_EQ(member_path("fixture.pages", "/checkout"), "fixture.pages[\"/checkout\"]");
  EXPECT_EQ(member_path("", "a b"), "[\"a b\"]");
  EXPECT_EQ(member_path("x", ""), "x[\"\"]");
}

TEST(ReadJson, ListsDuplicateKeysAndKeepsTheLast) {
  const JsonDocument doc = read_ok("{\"a\": 1,\n \"a\": 2}");
  EXPECT_EQ(doc.value["a"], 2);
  ASSERT_EQ(doc.duplicate_keys.size(), 1u);
  EXPECT_EQ(doc.duplicate_keys[0].path, "a");
  EXPECT_EQ(doc.duplicate_keys[0].first, (SourcePosition{1, 2}));
  EXPECT_EQ(doc.duplicate_keys[0].second, (SourcePosition{2, 2}));
}

TEST(ReadJsonSyntaxError, ReportsWhereAndHowToFix) {
  EXPECT_EQ(read_error(""), "1:1 the file is empty; expected a JSON object");
  EXPECT_EQ(read_error("  // only a comment\n"), "2:1 the file is empty; expected a JSON object");
  EXPECT_EQ(read_error("{\"a\": 1\n \"b\": 2}"), "2:2 missing ',' before this field");
  EXPECT_EQ(read_error("{\"a\": [1 2]}"), "1:10 a: missing ',' between array elements");
  EXPECT_EQ(read_error("{\"a\": 1,\n}"), "1:8 remove this trailing ','; JSON does not allow a ',' before '}'");
  EXPECT_EQ(read_error("[1,]"), "1:3 remove this trailing ','; JSON does not allow a ',' before ']'");
  EXPECT_EQ(read_error("{\"a\": {\"b\": 1}"), "1:1 this '{' is never closed");
  EXPECT_EQ(read_error("{\"a\": [1"), "1:7 a: this '[' is never closed");
  EXPECT_EQ(read_error("{\"a\": \"text\n\"}"),
            "1:7 a: this string is not closed before the end of the line (write \\n for a line break)");
  EXPECT_EQ(read_error("{\"a\": \"te"), "1:7 a: this string is never closed");
  EXPECT_EQ(read_error("{'a': 1}"), "1:2 use double quotes (\") for strings and field names, not single quotes");
  EXPECT_EQ(read_error("{a: 1}"),
            "1:2 unexpected word \"a\"; strings and field names need double quotes (\"a\") and the only literals are "
            "true, false and null");
  EXPECT_EQ(read_error("{\"a\": True}"),
            "1:7 a: unexpected word \"True\"; strings and field names need double quotes (\"True\") and the only "
            "literals are true, false and null");
  EXPECT_EQ(read_error("{\"a\": \u201Cx\u201D}"), "1:7 a: found a curly quote \u201C; use straight double quotes (\")");
  EXPECT_EQ(read_error("{\"a\" 1}"), "1:6 a: expected ':' after the field name, found '1'");
  EXPECT_EQ(read_error("{\"a\": }"), "1:7 a: expected a value, found '}'");
  EXPECT_EQ(read_error("{\"a\": 1} x"), "1:10 unexpected 'x' after the end of the JSON value");
  EXPECT_EQ(read_error("{} }"), "1:4 unexpected '}' after the end of the JSON value");
}

TEST(ReadJsonSyntaxError, Numbers) {
  EXPECT_EQ(read_error("{\"n\": 007}"), "1:7 n: a number cannot start with 0 (write 7, not 07)");
  EXPECT_EQ(read_error("{\"n\": 1.}"), "1:9 n: expected a digit after '.'");
  EXPECT_EQ(read_error("{\"n\": -x}"), "1:7 n: expected a digit after '-'");
  EXPECT_EQ(read_error("{\"n\": 1e}"), "1:9 n: expected a digit in the exponent");
  EXPECT_EQ(read_error("{\"n\": +1}"), "1:7 n: expected a value, found '+'");
}

TEST(ReadJsonSyntaxError, StringsAndEscapes) {
  EXPECT_EQ(read_error("[\"a\\qb\"]"), "1:4 [0]: invalid escape: '\\' followed by 'q'; write \\\\ for a backslash");
  EXPECT_EQ(read_error("[\"\\u12G4\"]"), "1:3 [0]: invalid \\u escape: expected 4 hex digits");
  EXPECT_EQ(read_error("[\"\\ud83d\"]"), "1:3 [0]: invalid \\u escape: unpaired surrogate");
  EXPECT_EQ(read_error("[\"\\ude00\"]"), "1:3 [0]: invalid \\u escape: a low surrogate without a high one");
  EXPECT_EQ(read_error("[\"a\tb\"]"),
            "1:4 [0]: control character (such as a tab) inside a string; write it as an escape like \\t");
  EXPECT_EQ(read_error("[\"\xC3\x28\"]"), "1:3 [0]: invalid UTF-8 in a string; save the file as UTF-8");
  EXPECT_EQ(read_error("[\xFF]"), "1:2 [0]: expected a value, found byte 0xFF");
}

TEST(ReadJsonSyntaxError, Comments) {
  EXPECT_EQ(read_error("{\n  /* never closed\n}"), "2:3 this /* comment is never closed with */");
  EXPECT_EQ(read_error("{\"a\": 1 / 2}"), "1:9 unexpected '/'; comments start with // or /*");
}

TEST(ReadJsonSyntaxError, DeepNestingIsRefusedNotACrash) {
  EXPECT_EQ(read_error(std::string(100, '[') + std::string(100, ']')), "no error");
  const std::string deep = std::string(101, '[') + std::string(101, ']');
  EXPECT_EQ(read_error(deep).substr(0, 5), "1:101");
  EXPECT_NE(read_error(std::string(100000, '[')).find("nesting is too deep"), std::string::npos);
}

}  // namespace
}  // namespace silentcors::scenario
