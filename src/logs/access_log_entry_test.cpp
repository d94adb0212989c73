#include "logs/access_log_entry.h"

#include <gtest/gtest.h>

namespace silentcors::logs {
namespace {

TEST(CombinedLog, ReadsTheLineNginxAndApacheWriteByDefault) {
  const auto e = parse_combined(
      R"(127.0.0.1 - - [05/Dec/2026:19:20:01 +0000] "OPTIONS /api/cart/42?x=1 HTTP/1.1" 204 0 "http://127.0.0.1:8000/shop" "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0 Safari/537.36")");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->client, "127.0.0.1");
  EXPECT_EQ(e->method, "OPTIONS");
  EXPECT_EQ(e->path, "/api/cart/42");
  EXPECT_EQ(e->status, 204);
  EXPECT_EQ(e->user_agent, "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/156.0.0.0 Safari/537.36");
  EXPECT_EQ(e->time_ms, 1796498401000);  // date -u -d "2026-12-05 19:20:01" +%s
  EXPECT_FALSE(e->request_headers);
}

TEST(CombinedLog, TheTimeZoneIsTheLinesOwn) {
  // Apache's documentation example: 2000-10-10 20:55:36 UTC.
  EXPECT_EQ(parse_common_log_time("10/Oct/2000:13:55:36 -0700"), 971211336000);
  EXPECT_EQ(parse_common_log_time("10/Oct/2000:22:25:36 +0130"), 971211336000);
  EXPECT_FALSE(parse_common_log_time("10/Okt/2000:13:55:36 -0700"));
  EXPECT_FALSE(parse_common_log_time("10/Oct/2000:13:55:36"));
}

TEST(CombinedLog, EscapedQuotesAndTheCommonFormatWithoutAgent) {
  const auto e = parse_combined(R"(::1 - bob [05/Dec/2026:19:20:01 +0000] "GET / HTTP/1.1" 200 12 "-" "a \"quoted\" agent \x41")");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->user_agent, "a \"quoted\" agent A");
  const auto escaped_target = parse_combined(R"(::1 - - [05/Dec/2026:19:20:01 +0000] "GET /a\x22b?c HTTP/1.1" 200 12)");
  ASSERT_TRUE(escaped_target);
  EXPECT_EQ(escaped_target->path, "/a\"b");
  EXPECT_FALSE(parse_combined(R"(::1 - - [05/Dec/2026:19:20:01 +0000] "GET / HTTP/1.1" 200 12 "-" "cut \"off)"));
  const auto common = parse_combined(R"(10.0.0.7 - - [05/Dec/2026:19:20:01 +0000] "POST /api/orders HTTP/1.1" 201 -)");
  ASSERT_TRUE(common);
  EXPECT_EQ(common->user_agent, "");
  EXPECT_EQ(common->status, 201);
}

TEST(CombinedLog, ALineThatIsNotOneSaysWhy) {
  std::string why;
  EXPECT_FALSE(parse_combined("", &why));
  EXPECT_EQ(why, "no client address");
  EXPECT_FALSE(parse_combined(R"(1.2.3.4 - - [05/Dec/2026:19:20:01 +0000] "GET /api HTTP/1.1)", &why));  // cut off
  EXPECT_EQ(why, "no quoted \"METHOD target PROTOCOL\"");
  EXPECT_FALSE(parse_combined(R"(1.2.3.4 - - [05/Dec/2026:19:20:01 +0000] "GET /api HTTP/1.1" OK 0)", &why));
  EXPECT_EQ(why, "no 3-digit status");
  // access_log_fuzzer's first find (tests/fuzz/access_logs/001-*): a status of
  // "011" run into the request's closing quote was taken for status 11.
  EXPECT_FALSE(parse_combined(R"(127.0.0.1 - - [05/Dec/2026:19:20:01 +0000] "OPTIONS /api/cart/42?x=1 HTZP/1.1"011 - - [05/Dec)", &why));
  EXPECT_EQ(why, "no 3-digit status");
  EXPECT_FALSE(parse_combined(R"(1.2.3.4 - - [05/Dec/2026:19:20:01 +0000] "GET /api HTTP/1.1" 700 0)", &why));
  EXPECT_FALSE(parse_combined(std::string("\x00\xff\x01 binary", 10), &why));
  EXPECT_FALSE(why.empty());
}

}  // namespace
}  // namespace silentcors::logs

namespace silentcors::logs {
namespace {

TEST(Iso8601Time, TheWaysServersAndLoadBalancersWriteIt) {
  EXPECT_EQ(parse_iso8601_time("2026-10-10T13:55:36+00:00"), 1791640536000);
  EXPECT_EQ(parse_iso8601_time("2026-10-10T15:55:36+02:00"), 1791640536000);
  EXPECT_EQ(parse_iso8601_time("2026-10-10T13:55:36.186641Z"), 1791640536186);
  EXPECT_EQ(parse_iso8601_time("2026-10-10 13:55:36.5-0100"), 1791644136500);
  EXPECT_EQ(parse_iso8601_time("2026-10-10T13:55:36"), 1791640536000);  // No zone: UTC.
  for (const char* bad : {"2026-10-10", "2026-13-10T13:55:36Z", "2026-10-10T13:55:36.Z", "2026-10-10T13:55:36+2",
                          "2026-10-10T13:55:36 UTC", "20a6-10-10T13:55:36Z"}) {
    EXPECT_FALSE(parse_iso8601_time(bad)) << bad;
  }
}

}  // namespace
}  // namespace silentcors::logs
