// Hostile values from a page or a server stay text in HTML, in element
// text and in quoted attributes alike.
#include "report/html_escape.h"

#include <gtest/gtest.h>

namespace silentcors::report {
namespace {

TEST(HtmlText, MarkupCharactersBecomeReferences) {
  EXPECT_EQ(html_text("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(html_text("</style><b>"), "&lt;/style&gt;&lt;b&gt;");
  EXPECT_EQ(html_text("a\" onmouseover=\"x"), "a&quot; onmouseover=&quot;x");
  EXPECT_EQ(html_text("it's"), "it&#39;s");
  EXPECT_EQ(html_text("&amp; &#60;"), "&amp;amp; &amp;#60;");
  EXPECT_EQ(html_text("javascript:alert(1)"), "javascript:alert(1)");  // Text: never a link anyway.
}

TEST(HtmlText, InvalidUtf8AndControlsNeverPassThrough) {
  EXPECT_EQ(html_text("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(html_text(std::string("a\0b\x1b[31mc", 9)), "ab[31mc");
  EXPECT_EQ(html_text("tab\tnew\nline"), "tab\tnew\nline");
  EXPECT_EQ(html_text("\xC2\x85"), "");          // U+0085, a C1 control.
  EXPECT_EQ(html_text("\xEF\xBF\xBE"), "");      // U+FFFE
  EXPECT_EQ(html_text("caf\xC3\xA9"), "caf\xC3\xA9");
}

}  // namespace
}  // namespace silentcors::report
