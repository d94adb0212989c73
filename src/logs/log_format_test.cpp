#include "logs/log_format.h"

#include <gtest/gtest.h>

#include "logs/orphan_verdict.h"
#include "logs/preflight_pairing.h"

namespace silentcors::logs {
namespace {

// The format the console advises for nginx, as a user pastes it from nginx.conf.
const char* kNginxCors =
    R"('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" )"
    R"("$http_user_agent" "$http_origin" "$http_access_control_request_headers"')";
const char* kApacheCors =
    R"(%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{Origin}i\" \"%{Access-Control-Request-Headers}i\")";

LogFormat compiled(const std::string& spec) {
  std::string error;
  auto format = LogFormat::compile(spec, error);
  EXPECT_TRUE(format) << error;
  return format ? *format : LogFormat{};
}

TEST(LogFormat, ReadsNginxsLogFormatWithTheCorsRequestHeaders) {
  const LogFormat format = compiled(kNginxCors);
  EXPECT_TRUE(format.logs_request_headers());
  EXPECT_TRUE(format.logs_origin());
  std::string why;
  auto e = format.parse(R"(127.0.0.1 - - [06/Dec/2026:03:10:00 +0000] "OPTIONS /api/orders?x=1 HTTP/1.1" 204 0 "http://127.0.0.1:8080/checkout" "Mozilla/5.0 (X11) \"quoted\"" "http://127.0.0.1:8080" "content-type,traceparent")",
                        &why);
  ASSERT_TRUE(e) << why;
  EXPECT_EQ(e->client, "127.0.0.1");
  EXPECT_EQ(e->method, "OPTIONS");
  EXPECT_EQ(e->path, "/api/orders");
  EXPECT_EQ(e->status, 204);
  EXPECT_EQ(e->user_agent, "Mozilla/5.0 (X11) \"quoted\"");
  EXPECT_EQ(e->origin, "http://127.0.0.1:8080");
  EXPECT_EQ(e->request_headers, "content-type,traceparent");
  EXPECT_EQ(e->time_ms, 1796526600000);

  auto post = format.parse(R"(127.0.0.1 - - [06/Dec/2026:03:10:00 +0000] "POST /api/orders HTTP/1.1" 201 2 "-" "Mozilla/5.0" "http://127.0.0.1:8080" "-")");
  ASSERT_TRUE(post);
  EXPECT_FALSE(post->request_headers);  // "-": not asked.
}

TEST(LogFormat, ReadsApachesLogFormat) {
  const LogFormat format = compiled(kApacheCors);
  EXPECT_TRUE(format.logs_request_headers());
  std::string why;
  auto e = format.parse(R"(10.0.0.7 - - [06/Dec/2026:04:10:00 +0100] "OPTIONS /api/cart/42 HTTP/1.1" 200 - "-" "curl/8" "https://shop.example" "traceparent")",
                        &why);
  ASSERT_TRUE(e) << why;
  EXPECT_EQ(e->client, "10.0.0.7");
  EXPECT_EQ(e->path, "/api/cart/42");
  EXPECT_EQ(e->request_headers, "traceparent");
  EXPECT_EQ(e->time_ms, 1796526600000);
}

TEST(LogFormat, ReadsSeparateFieldsAndOtherTimes) {
  const LogFormat msec = compiled("$msec $remote_addr $request_method $request_uri $status");
  auto e = msec.parse("1796526600.250 ::1 PUT /api/items/9?a=b 200");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time_ms, 1796526600250);
  EXPECT_EQ(e->method, "PUT");
  EXPECT_EQ(e->path, "/api/items/9");
  const LogFormat iso = compiled("$remote_addr [$time_iso8601] \"$request\"");
  auto f = iso.parse("::1 [2026-12-06T04:10:00+01:00] \"GET / HTTP/2.0\"");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->time_ms, 1796526600000);
}

TEST(LogFormat, SaysWhatIsWrongWithAFormat) {
  std::string error;
  EXPECT_FALSE(LogFormat::compile("%h %t \"%r\" %Z", error));
  EXPECT_EQ(error, "%Z is no Apache log directive");
  EXPECT_FALSE(LogFormat::compile("[$time_local] \"$request\"", error));
  EXPECT_EQ(error, "the format logs no client address ($remote_addr, %h), which pairing needs");
  EXPECT_FALSE(LogFormat::compile("main", error));
  EXPECT_NE(error.find("is no format"), std::string::npos) << error;
}

TEST(LogFormat, SaysWhereALineLeavesTheFormat) {
  const LogFormat format = compiled(kNginxCors);
  std::string why;
  // A combined line: the format's origin and headers are missing.
  EXPECT_FALSE(format.parse(R"(127.0.0.1 - - [06/Dec/2026:03:10:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8")", &why));
  EXPECT_EQ(why, "the line does not match the format at byte 78 (expected \"\" \"\")");
  EXPECT_FALSE(format.parse("", &why));
  EXPECT_FALSE(format.parse(R"(127.0.0.1 - - [06/Dec/2026:03:10:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8" "-" "-" trailing)", &why));
  EXPECT_EQ(why, "more on the line than the format has");
}

// A server that refuses traceparent: every preflight asking for it is an
// orphan, none of the others.
TEST(HeaderEvidence, NamesTheHeaderTheOrphansAskedFor) {
  const LogFormat format = compiled(kNginxCors);
  PreflightPairer pairer(5000);
  for (int i = 0; i < 20; ++i) {
    const bool traced = i % 2 == 0;
    const std::string time = "[06/Dec/2026:03:10:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + " +0000]";
    const std::string client = "10.0.0." + std::to_string(i);
    pairer.add(*format.parse(client + " - - " + time + R"( "OPTIONS /api/orders HTTP/1.1" 204 0 "-" "UA" "http://shop" ")" +
                             (traced ? "content-type,traceparent" : "content-type") + "\""));
    if (!traced) {
      pairer.add(*format.parse(client + " - - " + time + R"( "POST /api/orders HTTP/1.1" 201 2 "-" "UA" "http://shop" "-")"));
    }
  }
  pairer.finish();
  const OrphanVerdict verdict = judge_orphans(pairer.endpoints());
  ASSERT_EQ(verdict.endpoints.size(), 1u);
  const auto& headers = verdict.endpoints[0].headers;
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[0].name, "traceparent");
  EXPECT_EQ(headers[0].orphaned_asking, 10);
  EXPECT_EQ(headers[0].followed_asking, 0);
  EXPECT_DOUBLE_EQ(headers[0].orphaned_share, 1.0);
  EXPECT_DOUBLE_EQ(headers[0].followed_share, 0.0);
  EXPECT_TRUE(headers[0].goes_with_orphans);
  EXPECT_NEAR(headers[0].p_value, 1.0 / 184756, 1e-9);  // 1 / C(20, 10)
  EXPECT_EQ(headers[1].name, "content-type");  // Asked for by all: tells nothing.
  EXPECT_FALSE(headers[1].goes_with_orphans);
}

// One page, one client, one path: a refused call, then an allowed one. The
// request that follows is the allowed preflight's (the newest waiting), so
// the orphan is the one that asked for traceparent.
TEST(HeaderEvidence, ARequestFollowsTheNewestPreflightOfItsClientAndPath) {
  const LogFormat format = compiled(kNginxCors);
  PreflightPairer pairer(5000);
  const std::string at = R"(10.0.0.1 - - [06/Dec/2026:03:10:00 +0000] )";
  pairer.add(*format.parse(at + R"("OPTIONS /api/orders?i=1 HTTP/1.1" 204 0 "-" "UA" "http://shop" "traceparent")"));
  pairer.add(*format.parse(at + R"("OPTIONS /api/orders?i=2 HTTP/1.1" 204 0 "-" "UA" "http://shop" "content-type")"));
  pairer.add(*format.parse(at + R"("GET /api/orders?i=2 HTTP/1.1" 200 9 "-" "UA" "http://shop" "-")"));
  pairer.finish();
  const auto& counts = pairer.endpoints().begin()->second;
  EXPECT_EQ(counts.orphaned, 1);
  EXPECT_EQ(counts.asked.at("traceparent"), std::make_pair(std::int64_t{1}, std::int64_t{0}));
  EXPECT_EQ(counts.asked.at("content-type"), std::make_pair(std::int64_t{0}, std::int64_t{1}));
}

TEST(RequestedHeaders, SplitsLowersAndSorts) {
  EXPECT_EQ(requested_headers(" Traceparent,content-type , ,TRACEPARENT"),
            (std::vector<std::string>{"content-type", "traceparent"}));
  EXPECT_TRUE(requested_headers("").empty());
}

}  // namespace
}  // namespace silentcors::logs
