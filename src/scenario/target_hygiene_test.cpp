#include "scenario/target_hygiene.h"

#include <gtest/gtest.h>

#include "scenario/tracing_sdks.h"

namespace silentcors::scenario {
namespace {

// The warnings for one SDK's setting, each as "problem example".
std::vector<std::string> warned(const std::string& sdk, std::initializer_list<const char*> targets) {
  SdkMatching matching{sdk, false, {}};
  for (const char* t : targets) matching.targets.push_back(propagation_target(t));
  std::vector<std::string> out;
  for (const auto& w : target_warnings(matching)) {
    EXPECT_EQ(w.sdk, sdk);
    EXPECT_FALSE(w.message.empty());
    out.push_back(w.problem + (w.example.empty() ? "" : " " + w.example));
  }
  return out;
}

using Words = std::vector<std::string>;

TEST(NestedQuantifier, FindsARepeatedGroupThatRepeatsInside) {
  EXPECT_EQ(nested_quantifier("(a+)+"), "(a+)+");
  EXPECT_EQ(nested_quantifier(R"(^https:\/\/(\w+\.)*example\.com\/)"), R"((\w+\.)*)");
  EXPECT_EQ(nested_quantifier("((ab)*c)+"), "((ab)*c)+");
  EXPECT_EQ(nested_quantifier("(?:a{2,})*"), "(?:a{2,})*");
  EXPECT_EQ(nested_quantifier(R"((\d+)+$)"), R"((\d+)+)");
}

TEST(NestedQuantifier, BoundedOrSingleQuantifiersAreSafe) {
  EXPECT_EQ(nested_quantifier("(a|b)+"), "");
  EXPECT_EQ(nested_quantifier("(a+)"), "");
  EXPECT_EQ(nested_quantifier("(a{2,3})*"), "");
  EXPECT_EQ(nested_quantifier("[(a+)]+"), "");      // a class: no group at all
  EXPECT_EQ(nested_quantifier(R"(\(a+\)+)"), "");   // escaped parentheses
  EXPECT_EQ(nested_quantifier(R"(^https:\/\/api\.example\/.*)"), "");
}

TEST(HostLikeDots, AnUnescapedDotBetweenLettersIsOne) {
  EXPECT_EQ(host_like_dots("^https://api.shop.example/"), (std::vector<std::size_t>{12, 17}));
  EXPECT_TRUE(host_like_dots(R"(api\.shop\.example)").empty());
  EXPECT_TRUE(host_like_dots(".*").empty());
  EXPECT_TRUE(host_like_dots("api.*").empty());
  EXPECT_TRUE(host_like_dots("[a.b]").empty());
  EXPECT_TRUE(host_like_dots(R"(\d.x)").empty());  // after an escape, not a literal
}

TEST(TargetHygiene, ADatadogPrefixThatEndsWithTheHostOrAShortPortGoesOnMatching) {
  EXPECT_EQ(warned("datadog", {"https://api.shop.example"}), (Words{"over-match https://api.shop.example.evil.net/"}));
  EXPECT_EQ(warned("datadog", {"http://127.0.0.1:4362"}), (Words{"over-match http://127.0.0.1:43620/"}));
  EXPECT_EQ(warned("datadog", {"https://api.shop.example/", "http://127.0.0.1:43625", "http://h:8080"}), Words{});
}

TEST(TargetHygiene, AStringComparedWithTheNormalizedAbsoluteUrlThatCannotBeOneNeverMatches) {
  EXPECT_EQ(warned("otel", {"https://api.shop.example"}), (Words{"never-matches https://api.shop.example/api"}));
  EXPECT_EQ(warned("faro", {"/api/orders"}), (Words{"never-matches https://api.example/api/orders"}));
  EXPECT_EQ(warned("datadog", {"/api/orders"}), (Words{"never-matches https://api.example/api/orders"}));
  EXPECT_EQ(warned("datadog", {"https://API.shop.example/api/"}),
            (Words{"never-matches https://api.shop.example/api/"}));
  EXPECT_EQ(warned("otel", {"HTTPS://api.shop.example"}), (Words{"never-matches https://api.shop.example/"}));
  EXPECT_EQ(warned("otel", {"https://api.shop.example/", "https://api.shop.example/api/orders"}), Words{});
  EXPECT_EQ(warned("elastic", {"https://api.shop.example/"}), (Words{"never-matches https://api.shop.example/"}));
  EXPECT_EQ(warned("elastic", {"https://api.shop.example"}), Words{});
}

TEST(TargetHygiene, ASentryStringMatchesAnyUrlThatCarriesIt) {
  EXPECT_EQ(warned("sentry", {"api.shop.example"}),
            (Words{"over-match https://elsewhere.example/?next=api.shop.example"}));
  // What to write instead is anchored where the URL starts.
  SdkMatching matching{"sentry", false, {propagation_target("api.shop.example")}};
  const std::string message = target_warnings(matching).at(0).message;
  EXPECT_NE(message.find(R"(such as /^https:\/\/api\.shop\.example\//)"), std::string::npos) << message;
}

TEST(TargetHygiene, AnUnescapedDotIsShownWithAHostItLetsThrough) {
  EXPECT_EQ(warned("otel", {R"(/^https:\/\/api.shop\.example\//)"}),
            (Words{"unescaped-dot https://api-shop.example/"}));
  // No example when the RegExp is more than literals: still warned.
  EXPECT_EQ(warned("datadog", {R"(/^https:\/\/api.shop\.example\/\d+/)"}), (Words{"unescaped-dot"}));
}

TEST(TargetHygiene, AnUnanchoredHostMatchesAnotherSitesQueryString) {
  EXPECT_EQ(warned("otel", {R"(/api\.shop\.example/)"}),
            (Words{"over-match https://elsewhere.example/?next=api.shop.example"}));
  EXPECT_EQ(warned("xray", {R"(/api\.shop\.example/i)"}),
            (Words{"over-match https://elsewhere.example/?next=api.shop.example"}));
  // Elastic tests the origin alone: no query string to carry it.
  EXPECT_EQ(warned("elastic", {R"(/api\.shop\.example/)"}), Words{});
  EXPECT_EQ(warned("otel", {R"(/^https:\/\/api\.shop\.example\//)", R"(/\/api\//)"}), Words{});
}

TEST(TargetHygiene, NestedQuantifiersAreWarnedOfForEverySdk) {
  EXPECT_EQ(warned("dynatrace", {R"(/^https:\/\/(\w+\.)*shop\.example\//)"}), (Words{"backtracking"}));
}

TEST(TargetHygiene, PropagatingEverywhereHasNoTargetToCheck) {
  EXPECT_TRUE(target_warnings(SdkMatching{"sentry", true, {}}).empty());
}

}  // namespace
}  // namespace silentcors::scenario
