// The lines are a real Caddy's (Debian's, its default `log` output), for
// an OPTIONS with the CORS request headers and the POST after it.
#include "logs/caddy_log.h"

#include <gtest/gtest.h>

namespace silentcors::logs {
namespace {

const char* kPreflight = R"({"level":"info","ts":1796532300.712123,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"54470","proto":"HTTP/1.1","method":"OPTIONS","host":"127.0.0.1:18088","uri":"/api/orders/1?x=2","headers":{"User-Agent":["curl/7.88.1"],"Accept":["*/*"],"Origin":["http://shop"],"Access-Control-Request-Method":["POST"],"Access-Control-Request-Headers":["content-type,traceparent"]}},"user_id":"","duration":0.000017182,"size":0,"status":204,"resp_headers":{"Server":["Caddy"],"Content-Type":[]}})";
const char* kPost = R"({"level":"info","ts":1796532300.7375813,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"54480","proto":"HTTP/1.1","method":"POST","host":"127.0.0.1:18088","uri":"/api/orders/1","headers":{"Accept":["*/*"],"User-Agent":["curl/7.88.1"]}},"user_id":"","duration":0.000240996,"size":11,"status":200,"resp_headers":{"Server":["Caddy"],"Content-Type":["application/json"]}})";

TEST(CaddyLog, ReadsTheRequestAndItsCorsHeaders) {
  std::string why;
  auto e = parse_caddy_json(kPreflight, &why);
  ASSERT_TRUE(e) << why;
  EXPECT_EQ(e->client, "127.0.0.1");
  EXPECT_EQ(e->method, "OPTIONS");
  EXPECT_EQ(e->path, "/api/orders/1");
  EXPECT_EQ(e->status, 204);
  EXPECT_EQ(e->time_ms, 1796532300712);
  EXPECT_EQ(e->user_agent, "curl/7.88.1");
  EXPECT_EQ(e->origin, "http://shop");
  EXPECT_EQ(e->request_method, "POST");
  EXPECT_EQ(e->request_headers, "content-type,traceparent");

  auto post = parse_caddy_json(kPost, &why);
  ASSERT_TRUE(post) << why;
  EXPECT_EQ(post->method, "POST");
  EXPECT_FALSE(post->origin);
  EXPECT_FALSE(post->request_headers);
}

TEST(CaddyLog, SaysWhyALineIsNotOne) {
  std::string why;
  EXPECT_FALSE(parse_caddy_json("127.0.0.1 - - [06/Dec/2026:03:10:00 +0000] \"GET / HTTP/1.1\" 200 5", &why));
  EXPECT_EQ(why, "not a JSON object");
  EXPECT_FALSE(parse_caddy_json(R"({"level":"info","ts":1796532300.7,"msg":"server running"})", &why));
  EXPECT_EQ(why, "no \"request\" object (not an access log line)");
  EXPECT_FALSE(parse_caddy_json(R"({"ts":"now","request":{"remote_ip":"::1","method":"GET","uri":"/"}})", &why));
  EXPECT_EQ(why, "no \"ts\" in Unix seconds");
  EXPECT_FALSE(parse_caddy_json(R"({"ts":1,"request":{"remote_ip":"::1","uri":"/"}})", &why));
  EXPECT_EQ(why, "no request.method");
}

}  // namespace
}  // namespace silentcors::logs
