#include "scenario/scenario.h"

#include <gtest/gtest.h>

#include "scenario/scenario_error.h"

namespace silentcors::scenario {
namespace {

TEST(UrlMatchesGlob, StarMatchesAnyRunIncludingSlashes) {
  EXPECT_TRUE(url_matches_glob("https://api.example/*", "https://api.example/v1/orders?id=3"));
  EXPECT_TRUE(url_matches_glob("*/orders*", "https://api.example/v1/orders"));
  EXPECT_TRUE(url_matches_glob("*", ""));
  EXPECT_TRUE(url_matches_glob("https://a.test/x", "https://a.test/x"));
  EXPECT_TRUE(url_matches_glob("*a*b*c", "xxaxxbxxbc"));  // needs backtracking
}

TEST(UrlMatchesGlob, EverythingElseIsLiteral) {
  EXPECT_FALSE(url_matches_glob("https://api.example/*", "https://cdn.example/x"));
  EXPECT_FALSE(url_matches_glob("https://a.test/?", "https://a.test/x"));  // '?' is not a wildcard
  EXPECT_FALSE(url_matches_glob("https://A.test/", "https://a.test/"));
  EXPECT_FALSE(url_matches_glob("", "x"));
  EXPECT_FALSE(url_matches_glob("*/orders", "https://a.test/orders/1"));
}

TEST(FormatScenarioError, FileLineColumnFieldMessage) {
  EXPECT_EQ(format({"checkout.json", 4, 12, "steps[1].click", "expected a string (CSS selector), got number"}),
            "checkout.json:4:12: steps[1].click: expected a string (CSS selector), got number");
}

TEST(FormatScenarioError, LeavesOutWhatDoesNotApply) {
  EXPECT_EQ(format({"a.json", 1, 1, "", "expected ',' or '}', found ']'"}),
            "a.json:1:1: expected ',' or '}', found ']'");
  EXPECT_EQ(format({"gone.json", 0, 0, "", "cannot read file: No such file or directory"}),
            "gone.json: cannot read file: No such file or directory");
}

}  // namespace
}  // namespace silentcors::scenario
