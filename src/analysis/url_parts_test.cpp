#include "analysis/url_parts.h"

#include <gtest/gtest.h>

namespace silentcors {
namespace {

TEST(UrlParts, OriginDropsPathQueryAndDefaultPort) {
  EXPECT_EQ(origin_of("https://api.shop.example:443/x?y=1"), "https://api.shop.example");
  EXPECT_EQ(origin_of("http://127.0.0.1:8002/api"), "http://127.0.0.1:8002");
  EXPECT_EQ(origin_of("data:text/plain,x"), "null");
}

TEST(UrlParts, SiteIsTheRegistrablePartOfTheHostRoughly) {
  EXPECT_EQ(site_of("https://api.shop.example:8443/orders"), "shop.example");
  EXPECT_EQ(site_of("https://shop.example/"), "shop.example");
  EXPECT_EQ(site_of("https://checkout.shop.co.uk/pay"), "shop.co.uk");
  EXPECT_EQ(site_of("https://api.stripe.com/v1/tokens"), "stripe.com");
  EXPECT_EQ(site_of("http://127.0.0.1:43625/api"), "127.0.0.1");
  EXPECT_EQ(site_of("http://localhost:3000/"), "localhost");
  EXPECT_EQ(site_of("http://[::1]:8080/"), "[::1]");
  // A port or a subdomain is the same site; another registrable name is not.
  EXPECT_EQ(site_of("https://app.shop.example"), site_of("https://api.shop.example:9000/x"));
  EXPECT_NE(site_of("https://app.shop.example"), site_of("https://shop.example.evil.net/"));
}

}  // namespace
}  // namespace silentcors
