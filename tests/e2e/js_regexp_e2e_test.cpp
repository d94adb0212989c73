// The propagateTo check against the engine that runs the patterns: every
// source is compiled by `new RegExp(source)` in real Chromium and by
// scenario::js_regexp_syntax_error; the two must agree on each, so a
// scenario is refused exactly when its rehearsal could not have run.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "browser/browser.h"
#include "e2e_support.h"
#include "scenario/js_regexp_syntax.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;

// Every string up to `length` characters over `alphabet`.
void all_strings(const std::string& alphabet, std::size_t length, std::string prefix, std::vector<std::string>& out) {
  out.push_back(prefix);
  if (prefix.size() == length) return;
  for (char c : alphabet) all_strings(alphabet, length, prefix + c, out);
}

class JsRegExpWithChromium : public ::testing::Test {
 protected:
  void SetUp() override { setenv("TMPDIR", tool_tmpdir(tmp.str()).c_str(), 1); }
  void TearDown() override {
    unsetenv("TMPDIR");
    EXPECT_TRUE(nothing_left_behind(tmp.str()));
  }
  TempDir tmp;
};

TEST_F(JsRegExpWithChromium, AgreesWithTheBrowserOnEveryShortPatternAndOnRealOnes) {
  std::vector<std::string> sources;
  // The grammar's every character, three deep; then the group, class and
  // quantifier characters four deep.
  all_strings("()[]{}*+?|\\^$-a1,<>=!:kbz", 3, "", sources);
  all_strings("()[]{}?\\1,-<k", 4, "", sources);
  for (const char* source :
       {"^https://api\\.example\\.com/", "([", "(?<host>api)\\.\\k<host>", "(?<a>x)\\k<b>", "(?<a>x)(?<a>y)",
        "(?<=a)+", "(?<!a)?", "(?=a){2}", "\\u{41}", "[\\u0041-\\u0040]", "[\\x41-\\x40]", "[\\101-\\100]",
        "[\\cb-\\ca]", "[\\c1-\\c0]", "[\\0-\\b]", "[\\n-\\t]", "[\xc3\xa9-\xc3\xa8]", "[\xc3\xa8-\xc3\xa9]",
        "[\xf0\x9f\x98\x80-\xf0\x9f\x98\x81]", "[a-\xf0\x9f\x98\x80]", "[\xf0\x9f\x98\x80-a]",
        "[a-\xf0\x9f\x98\x80-b]", "[a-\xf0\x9f\x98\x80-\xef\xbf\xbf]", "\xf0\x9f\x98\x80+", "(?<\xc3\xa9>x)", "(?<a$_1>x)", "(?<a-b>x)", "(?<>x)", "a{99999999999,1}",
        "a{1,99999999999}", "x{2147483648}", "\\k<a>", "(?<a>)\\k<a", "[a-\\d]", "[\\s-\\S]", "[--a]", "[a--]",
        "(?:", "(?", "(?<", "(?<a", "(?<=", "\\", "[\\", "[]", "[^]", "a||b", "|", "()", "(?:)*"}) {
    sources.push_back(source);
  }

  browser::Browser chrome{browser::ChromeOptions{}};
  auto& cdp = chrome.cdp();
  const std::string target = cdp.call("Target.createTarget", {{"url", "about:blank"}}).at("targetId").get<std::string>();
  const std::string session =
      cdp.call("Target.attachToTarget", {{"targetId", target}, {"flatten", true}}).at("sessionId").get<std::string>();
  const json reply = cdp.call(
      "Runtime.evaluate",
      {{"expression", "(" + json(sources).dump() +
                          ").map((s) => { try { new RegExp(s); return ''; } catch (e) { return e.message; } })"},
       {"returnByValue", true}},
      session);
  const json& errors = reply.at("result").at("value");
  ASSERT_EQ(errors.size(), sources.size());

  std::size_t refused = 0, disagreements = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string& browser_error = errors[i].get_ref<const std::string&>();
    const auto ours = scenario::js_regexp_syntax_error(sources[i]);
    refused += !browser_error.empty();
    if (browser_error.empty() != !ours.has_value() && ++disagreements <= 20) {
      ADD_FAILURE() << "/" << sources[i] << "/: Chromium says " << (browser_error.empty() ? "valid" : browser_error)
                    << ", silentcors says " << (ours ? ours->message : "valid");
    }
  }
  EXPECT_EQ(disagreements, 0u) << "of " << sources.size() << " patterns";
  // The corpus must hold both kinds, or agreeing proves nothing.
  EXPECT_GT(refused, sources.size() / 10);
  EXPECT_LT(refused, sources.size());
}

}  // namespace
}  // namespace silentcors::e2e
