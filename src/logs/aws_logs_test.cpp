// The ALB and CloudFront readers on the entries AWS documents
// (tests/logs/aws), and a preflight left unanswered behind each.
#include "logs/aws_logs.h"

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "logs/preflight_pairing.h"

namespace silentcors::logs {
namespace {

std::vector<std::string> lines_of(const std::string& name) {
  std::ifstream in(std::string(SILENTCORS_TEST_DATA) + "/logs/aws/" + name);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Alb, EveryDocumentedEntryReads) {
  const auto lines = lines_of("alb-documented.log");
  ASSERT_EQ(lines.size(), 7u);
  for (const auto& line : lines) {
    std::string why;
    EXPECT_TRUE(parse_alb(line, &why)) << why << "\n" << line;
  }
  const auto https = parse_alb(lines[1]);
  ASSERT_TRUE(https);
  EXPECT_EQ(https->client, "192.168.131.39");  // Without its port.
  EXPECT_EQ(https->method, "GET");
  EXPECT_EQ(https->path, "/");
  EXPECT_EQ(https->status, 200);
  EXPECT_EQ(https->user_agent, "curl/7.46.0");
  // request_creation_time, 2018-07-02T22:22:48.364000Z: when it arrived.
  EXPECT_EQ(https->time_ms, 1530570168364);
  EXPECT_FALSE(https->origin);  // An ALB logs no request header.
  const auto lambda_failed = parse_alb(lines[6]);
  ASSERT_TRUE(lambda_failed);
  EXPECT_EQ(lambda_failed->status, 502);  // What the client got, not the target's "-".
}

TEST(Alb, WhatIsNoEntrySaysWhy) {
  std::string why;
  EXPECT_FALSE(parse_alb("127.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1", &why));
  EXPECT_EQ(why, "fewer than the 14 fields an ALB entry starts with");
  std::string line = lines_of("alb-documented.log")[0];
  line.replace(line.find("\"GET http://www.example.com:80/ HTTP/1.1\""), 41, "\"- - -\"");
  EXPECT_FALSE(parse_alb(line, &why));
  EXPECT_EQ(why, "no \"METHOD URL PROTOCOL\" request");
  EXPECT_FALSE(parse_alb(lines_of("alb-documented.log")[0].substr(0, 120), &why));
}

// The documented HTTP entry as a preflight and its follow-up a few ms later,
// and a preflight nobody followed.
TEST(Alb, APreflightWithoutItsRequestIsAnOrphan) {
  const std::string documented = lines_of("alb-documented.log")[0];
  auto entry = [&](const std::string& method, const std::string& path, const std::string& created) {
    std::string line = documented;
    line.replace(line.find("\"GET http://www.example.com:80/ "), 32,
                 "\"" + method + " http://www.example.com:80" + path + " ");
    line.replace(line.find("2018-07-02T22:22:48.364000Z"), 27, created);
    return line;
  };
  PreflightPairer pairer(5000, 3600000);
  for (const auto& line : {entry("OPTIONS", "/api/cart/42", "2018-07-02T22:22:48.364000Z"),
                           entry("POST", "/api/cart/42", "2018-07-02T22:22:48.391000Z"),
                           entry("OPTIONS", "/api/cart/43", "2018-07-02T22:22:50.000000Z")}) {
    const auto e = parse_alb(line);
    ASSERT_TRUE(e) << line;
    pairer.add(*e);
  }
  pairer.finish();
  ASSERT_EQ(pairer.endpoints().size(), 1u);
  const auto& [key, counts] = *pairer.endpoints().begin();
  EXPECT_EQ(key.method, "POST");
  EXPECT_EQ(key.path, "/api/cart/{id}");
  EXPECT_EQ(counts.preflights, 2);
  EXPECT_EQ(counts.orphaned, 1);
}

TEST(CloudFront, TheDocumentedFileReadsByItsFieldsLine) {
  CloudFrontLog log;
  int headers = 0, entries = 0;
  std::vector<AccessLogEntry> read;
  for (const auto& line : lines_of("cloudfront-documented.log")) {
    if (log.header(line)) {
      ++headers;
      continue;
    }
    std::string why;
    auto e = log.parse(line, &why);
    ASSERT_TRUE(e) << why << "\n" << line;
    read.push_back(*e);
    ++entries;
  }
  EXPECT_EQ(headers, 2);
  EXPECT_EQ(entries, 6);
  EXPECT_EQ(read[0].client, "192.0.2.100");
  EXPECT_EQ(read[0].method, "GET");
  EXPECT_EQ(read[0].path, "/index.html");
  EXPECT_EQ(read[0].status, 200);
  EXPECT_EQ(read[0].time_ms, 1575493351000);  // 2019-12-04 21:02:31 UTC
  EXPECT_EQ(read[5].user_agent, "curl/7.55.1");
  EXPECT_EQ(read[3].status, 502);
}

// A #Fields line of a custom field set moves the columns.
TEST(CloudFront, ColumnsFollowTheFieldsLine) {
  CloudFrontLog log;
  EXPECT_TRUE(log.header("#Fields: c-ip date time cs-uri-stem cs-method"));
  const auto e = log.parse("203.0.113.9\t2026-12-01\t10:00:00\t/api/x\tOPTIONS");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->client, "203.0.113.9");
  EXPECT_EQ(e->method, "OPTIONS");
  EXPECT_EQ(e->path, "/api/x");
  std::string why;
  EXPECT_FALSE(log.parse("203.0.113.9\t2026-12-01", &why));
  EXPECT_EQ(why, "fewer tab-separated fields than #Fields names");
  EXPECT_TRUE(log.header("#Fields: x-edge-location sc-bytes"));
  EXPECT_FALSE(log.parse("LAX1\t392", &why));
  EXPECT_EQ(why, "the #Fields line names no date, time, c-ip, cs-method or cs-uri-stem");
}

}  // namespace
}  // namespace silentcors::logs
