#include "logs/json_lines_log.h"

#include <gtest/gtest.h>

namespace silentcors::logs {
namespace {

// nginx: log_format json escape=json '{"time_iso8601":"$time_iso8601","remote_addr":"$remote_addr",
// "request":"$request","status":"$status","http_user_agent":"$http_user_agent","http_origin":"$http_origin",
// "http_access_control_request_headers":"$http_access_control_request_headers"}';
// ($http_... of an absent header is "" under escape=json.)
TEST(JsonLines, NginxEscapeJsonReads) {
  bool logged = false;
  const auto e = parse_json_line(
      R"({"time_iso8601":"2026-12-01T10:00:00+01:00","remote_addr":"10.0.0.7","request":"OPTIONS /api/cart/42?x=1 HTTP/1.1","status":"204","http_user_agent":"Mozilla/5.0","http_origin":"https://shop.example","http_access_control_request_headers":"content-type,traceparent"})",
      nullptr, &logged);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->client, "10.0.0.7");
  EXPECT_EQ(e->method, "OPTIONS");
  EXPECT_EQ(e->path, "/api/cart/42");
  EXPECT_EQ(e->status, 204);
  EXPECT_EQ(e->time_ms, 1796115600000);  // 09:00 UTC
  EXPECT_EQ(e->user_agent, "Mozilla/5.0");
  EXPECT_EQ(e->origin, "https://shop.example");
  EXPECT_EQ(e->request_headers, "content-type,traceparent");
  EXPECT_TRUE(logged);
  const auto get = parse_json_line(
      R"({"time_iso8601":"2026-12-01T10:00:00+01:00","remote_addr":"10.0.0.7","request":"GET /api/cart/42 HTTP/1.1","status":"200","http_user_agent":"Mozilla/5.0","http_origin":"","http_access_control_request_headers":""})",
      nullptr, &logged);
  ASSERT_TRUE(get);
  EXPECT_FALSE(get->request_headers);
  EXPECT_FALSE(get->origin);
  EXPECT_TRUE(logged);  // The field is there, empty: the log does carry it.
}

// A framework's logger: method and url apart, a numeric status, Unix ms.
TEST(JsonLines, MethodAndUrlApartAndANumericTime) {
  bool logged = true;
  const auto e = parse_json_line(
      R"({"ts":1796115600123,"client_ip":"203.0.113.5","method":"POST","url":"https://api.example/api/pay?id=3","status":201,"user_agent":"curl/8"})",
      nullptr, &logged);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->time_ms, 1796115600123);
  EXPECT_EQ(e->path, "/api/pay");
  EXPECT_EQ(e->status, 201);
  EXPECT_FALSE(logged);
  const auto seconds = parse_json_line(R"({"ts":1796115600.5,"ip":"1.2.3.4","request":"GET / HTTP/2.0"})");
  ASSERT_TRUE(seconds);
  EXPECT_EQ(seconds->time_ms, 1796115600500);
}

TEST(JsonLines, WhatIsMissingIsNamed) {
  std::string why;
  EXPECT_FALSE(parse_json_line("not json", &why));
  EXPECT_EQ(why, "not a JSON object");
  EXPECT_FALSE(parse_json_line(R"({"time":"2026-12-01T10:00:00Z","request":"GET / HTTP/1.1"})", &why));
  EXPECT_EQ(why, "no client (remote_addr, client_ip, ...)");
  EXPECT_FALSE(parse_json_line(R"({"ip":"1.2.3.4","time":"yesterday","request":"GET / HTTP/1.1"})", &why));
  EXPECT_EQ(why, "a time that is neither ISO 8601, the common log time, nor Unix seconds");
  EXPECT_FALSE(parse_json_line(R"({"ip":"1.2.3.4","time":"2026-12-01T10:00:00Z","status":"2x4","request":"GET / HTTP/1.1"})", &why));
  EXPECT_EQ(why, "a status that is no 3-digit code");
  EXPECT_FALSE(parse_json_line(R"({"ip":"1.2.3.4","time":"2026-12-01T10:00:00Z","method":"GET"})", &why));
  EXPECT_EQ(why, "no request, nor method and uri");
}

}  // namespace
}  // namespace silentcors::logs
