#include "analysis/audit_matrix.h"

#include <gtest/gtest.h>

namespace silentcors {
namespace {

AuditEndpoint endpoint(std::string url, std::string origin, std::map<std::string, AuditCell> sdks) {
  AuditEndpoint e;
  e.method = "POST";
  e.url = std::move(url);
  e.origin = std::move(origin);
  e.sdks = std::move(sdks);
  return e;
}

TEST(ThirdPartyWarnings, AnSdkDecoratingAnotherSitesEndpointIsWarnedOfOncePerEndpoint) {
  AuditMatrix matrix;
  matrix.sdks = {"otel", "datadog"};
  matrix.endpoints = {
      // Its own API on a subdomain: the same site.
      endpoint("https://api.shop.example/orders", "https://www.shop.example",
               {{"otel", {kAuditReady, {}, ""}}, {"datadog", {kAuditReady, {}, ""}}}),
      // A payment API: refused with otel's headers, not decorated by datadog.
      endpoint("https://api.stripe.com/v1/tokens", "https://www.shop.example",
               {{"otel", {kAuditRefused, {"traceparent"}, "header-not-allowed"}},
                {"datadog", {kAuditNotDecorated, {}, ""}}}),
      // Analytics that accepts anything: still a leak.
      endpoint("https://collector.analytics.example/e", "https://www.shop.example",
               {{"otel", {kAuditReady, {}, ""}}, {"datadog", {kAuditNotCalled, {}, ""}}}),
  };
  const auto warnings = third_party_warnings(matrix, {{"datadog", "https://api.shop.example/"}});
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].sdk, "otel");
  EXPECT_EQ(warnings[0].problem, "third-party");
  EXPECT_EQ(warnings[0].example, "https://api.stripe.com/v1/tokens");
  EXPECT_EQ(warnings[0].target, "(no setting: every request)");
  EXPECT_NE(warnings[0].message.find("refuses them, so the flow breaks"), std::string::npos) << warnings[0].message;
  EXPECT_EQ(warnings[1].example, "https://collector.analytics.example/e");
  EXPECT_NE(warnings[1].message.find("accepts them today"), std::string::npos) << warnings[1].message;
}

}  // namespace
}  // namespace silentcors
