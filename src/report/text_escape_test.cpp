#include "report/text_escape.h"

#include <gtest/gtest.h>

namespace silentcors::report {
namespace {

TEST(DecodeUtf8, ValidSequences) {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
  EXPECT_EQ(decode_utf8(text, 0).code_point, U'a');
  EXPECT_EQ(decode_utf8(text, 1).code_point, U'\u00E9');
  EXPECT_EQ(decode_utf8(text, 1).length, 2u);
  EXPECT_EQ(decode_utf8(text, 3).code_point, U'\u20AC');
  EXPECT_EQ(decode_utf8(text, 6).code_point, U'\U0001F600');
  EXPECT_EQ(decode_utf8(text, 6).length, 4u);
}

TEST(DecodeUtf8, InvalidSequences) {
  for (const std::string& bad : {
           std::string("\x80"),              // stray continuation
           std::string("\xC0\xAF"),          // overlong '/'
           std::string("\xE0\x80\xAF"),      // overlong
           std::string("\xED\xA0\x80"),      // surrogate U+D800
           std::string("\xF4\x90\x80\x80"),  // above U+10FFFF
           std::string("\xF5\x80\x80\x80"),
           std::string("\xFF"),
           std::string("\xE2\x82"),  // truncated
           std::string("\xE2(\xAC"),  // bad continuation
       }) {
    const Utf8Char c = decode_utf8(bad, 0);
    EXPECT_FALSE(c.valid) << ::testing::PrintToString(bad);
    EXPECT_EQ(c.length, 1u);
  }
}

TEST(ValidUtf8, ReplacesEachInvalidByte) {
  EXPECT_EQ(valid_utf8("ok \xC3\xA9"), "ok \xC3\xA9");
  EXPECT_EQ(valid_utf8("a\xFF" "b\xE2\x82"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(TerminalSafe, ShowsControlsAndKeepsUnicode) {
  EXPECT_EQ(terminal_safe("\x1b[31mred\t\xC3\xA9\x7f"), "\\x1B[31mred\\x09\xC3\xA9\\x7F");
  EXPECT_EQ(terminal_safe("\xC2\x9B" "2J"), "\\u009B2J");  // C1 CSI
  EXPECT_EQ(terminal_safe("\xFF"), "\xEF\xBF\xBD");
}

TEST(XmlText, EscapesMarkupAndStripsInvalid) {
  EXPECT_EQ(xml_text("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d\"e'f");
  EXPECT_EQ(xml_text("tab\tnl\ncr\r"), "tab\tnl\ncr&#13;");
  EXPECT_EQ(xml_text(std::string("nul\0x\x01\x1f", 8)), "nulx");
  EXPECT_EQ(xml_text("bad\xFF\xC0\xAF!"), "bad!");
  EXPECT_EQ(xml_text("\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xBF\xBD"), "\xEF\xBF\xBD");  // U+FFFE/FFFF out
  EXPECT_EQ(xml_text("]]>"), "]]&gt;");
  EXPECT_EQ(xml_text("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
}

TEST(XmlAttribute, EscapesQuotesAndWhitespace) {
  EXPECT_EQ(xml_attribute("a&<>\"'"), "a&amp;&lt;&gt;&quot;&apos;");
  EXPECT_EQ(xml_attribute("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
}

TEST(MarkdownText, EscapesMarkupAndFlattensLines) {
  EXPECT_EQ(markdown_text("a|b"), "a\\|b");
  EXPECT_EQ(markdown_text("line\nnext\r\n"), "line next  ");
  EXPECT_EQ(markdown_text("*_`[]<>~&!#\\"), "\\*\\_\\`\\[\\]\\<\\>\\~\\&\\!\\#\\\\");
  EXPECT_EQ(markdown_text("http://a.example/x-y.z"), "http://a.example/x-y.z");
  EXPECT_EQ(markdown_text("\xFF"), "\xEF\xBF\xBD");
}

TEST(MarkdownCode, FencesAroundBackticks) {
  EXPECT_EQ(markdown_code("GET /x"), "`GET /x`");
  EXPECT_EQ(markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(markdown_code("`a``"), "``` `a`` ```");
  EXPECT_EQ(markdown_code("a\nb"), "`a b`");
}

}  // namespace
}  // namespace silentcors::report
