#include "analysis/http_headers.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace silentcors {
namespace {

TEST(HttpHeaders, FromCdpSplitsRepeatedHeadersJoinedByNewline) {
  auto headers = HttpHeaders::from_cdp(nlohmann::json{
      {"Access-Control-Allow-Origin", "http://a.test\nhttp://b.test"}, {"Vary", "Origin"}});
  EXPECT_EQ(headers.get_all("access-control-allow-origin"),
            (std::vector<std::string>{"http://a.test", "http://b.test"}));
  EXPECT_EQ(headers.get("ACCESS-CONTROL-ALLOW-ORIGIN"), "http://a.test, http://b.test");
  EXPECT_EQ(headers.get("vary"), "Origin");
  EXPECT_FALSE(headers.get("content-type").has_value());
}

TEST(HttpHeaders, FromCdpIgnoresNonObjectsAndNonStringValues) {
  EXPECT_TRUE(HttpHeaders::from_cdp(nlohmann::json::array()).empty());
  EXPECT_EQ(HttpHeaders::from_cdp(nlohmann::json{{"a", 1}, {"b", "x"}}).size(), 1u);
}

TEST(HttpHeaders, CaseInsensitiveHelpers) {
  EXPECT_TRUE(equals_ignore_case("TraceParent", "traceparent"));
  EXPECT_FALSE(equals_ignore_case("traceparent", "tracestate"));
  EXPECT_EQ(to_lower_ascii("X-Datadog-Trace-ID"), "x-datadog-trace-id");
}

}  // namespace
}  // namespace silentcors
