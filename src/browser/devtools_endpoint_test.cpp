#include "browser/devtools_endpoint.h"

#include <gtest/gtest.h>

namespace silentcors::browser {
namespace {

TEST(DevToolsEndpoint, ParsesTheActivePortFile) {
  auto endpoint = parse_devtools_active_port("37857\n/devtools/browser/cd4c91a2-a9ae-4bdf-9481-49ab4dc8c03d");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->port, 37857);
  EXPECT_EQ(endpoint->url(), "ws://127.0.0.1:37857/devtools/browser/cd4c91a2-a9ae-4bdf-9481-49ab4dc8c03d");
}

TEST(DevToolsEndpoint, RejectsPartlyWrittenOrForeignFiles) {
  EXPECT_FALSE(parse_devtools_active_port(""));
  EXPECT_FALSE(parse_devtools_active_port("37857"));
  EXPECT_FALSE(parse_devtools_active_port("37857\n"));
  EXPECT_FALSE(parse_devtools_active_port("0\n/devtools/browser/x"));
  EXPECT_FALSE(parse_devtools_active_port("99999\n/devtools/browser/x"));
  EXPECT_FALSE(parse_devtools_active_port("12a\n/devtools/browser/x"));
  EXPECT_FALSE(parse_devtools_active_port("9222\n/json/version"));
}

}  // namespace
}  // namespace silentcors::browser
