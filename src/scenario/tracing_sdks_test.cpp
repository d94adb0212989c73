#include "scenario/tracing_sdks.h"

#include <gtest/gtest.h>

#include "analysis/input_error.h"

namespace silentcors::scenario {
namespace {

TEST(TracingSdks, SlashesMakeARegExpAsSdkConfigWritesThem) {
  EXPECT_EQ(propagation_target("/^https:\\/\\/api\\./i"), (PropagationTarget{true, "^https:\\/\\/api\\.", "i"}));
  EXPECT_EQ(propagation_target("https://api.example"), (PropagationTarget{false, "https://api.example", ""}));
  // A path is a string: what follows its last slash is no list of flags.
  EXPECT_EQ(propagation_target("/api/orders"), (PropagationTarget{false, "/api/orders", ""}));
  EXPECT_EQ(target_text(propagation_target("/a.b/gi")), "/a.b/gi");
}

TEST(TracingSdks, SdkListKeepsTheOrderGivenAndNamesTheKnownOnesForATypo) {
  auto sdks = sdks_from_list("sentry, datadog,sentry");
  ASSERT_EQ(sdks.size(), 2u);
  EXPECT_EQ(sdks[0]->name, "sentry");
  EXPECT_EQ(sdks[1]->name, "datadog");
  try {
    sdks_from_list("datadgo");
    FAIL() << "an unknown SDK was taken";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"datadog\""), std::string::npos) << e.what();
  }
  EXPECT_THROW(sdks_from_list(" , "), InputError);
}

TEST(TracingSdks, DatadogSendsItsSevenHeadersAndOtelOnlyTraceparent) {
  const auto* datadog = find_tracing_sdk("datadog");
  ASSERT_NE(datadog, nullptr);
  EXPECT_EQ(datadog->headers.size(), 7u);
  EXPECT_EQ(std::vector<std::string_view>(find_tracing_sdk("otel")->headers.begin(), find_tracing_sdk("otel")->headers.end()),
            std::vector<std::string_view>{"traceparent"});
}

TEST(TracingSdks, ConfigReadsEachSdksOwnSettingWithRegExpsAndObjects) {
  const auto config = parse_sdk_config(R"({
    "datadog": {"allowedTracingUrls": ["https://api.shop.example", "/^https:\\/\\/.*\\.shop\\.example/", {"match": "https://cdn.example", "propagatorTypes": ["tracecontext"]}]},
    "xray": {"addXRayTraceIdHeader": true},
    "dynatrace": {"urlPattern": "api\\.shop"}
  })", "sdks.json");
  ASSERT_TRUE(config.errors.empty()) << format(config.errors[0]);
  const auto& datadog = config.by_sdk.at("datadog");
  EXPECT_FALSE(datadog.everywhere);
  ASSERT_EQ(datadog.targets.size(), 3u);
  EXPECT_FALSE(datadog.targets[0].regexp);
  EXPECT_TRUE(datadog.targets[1].regexp);
  EXPECT_EQ(datadog.targets[2].text, "https://cdn.example");
  // Its propagators choose its headers (RUM's makeTracingHeaders), baggage
  // last; a plain target keeps the SDK's own list.
  EXPECT_EQ(datadog.targets[2].headers, (std::vector<std::string>{"traceparent", "tracestate", "baggage"}));
  EXPECT_TRUE(datadog.targets[0].headers.empty());
  EXPECT_TRUE(config.by_sdk.at("xray").everywhere);
  // Dynatrace's pattern is a RegExp source, tested case-insensitively.
  EXPECT_EQ(config.by_sdk.at("dynatrace").targets.at(0), (PropagationTarget{true, "api\\.shop", "i"}));
  // An SDK the file leaves out propagates everywhere.
  EXPECT_TRUE(matching_for(*find_tracing_sdk("otel"), config).everywhere);
  EXPECT_FALSE(matching_for(*find_tracing_sdk("datadog"), config).everywhere);
}

TEST(TracingSdks, ConfigProblemsAreAllReportedWithLineAndColumn) {
  const auto config = parse_sdk_config(
      "{\n  \"datdog\": {},\n  \"otel\": {\"allowedTracingUrls\": []},\n  \"sentry\": {\"tracePropagationTargets\": [\"/(a/\", 3]}\n}",
      "sdks.json");
  ASSERT_EQ(config.errors.size(), 5u);
  EXPECT_EQ(format(config.errors[0]).substr(0, 16), "sdks.json:2:3: d");
  EXPECT_NE(config.errors[0].message.find("did you mean \"datadog\""), std::string::npos);
  EXPECT_NE(config.errors[1].message.find("propagateTraceHeaderCorsUrls"), std::string::npos);
  EXPECT_NE(config.errors[2].message.find("names no propagateTraceHeaderCorsUrls"), std::string::npos);
  EXPECT_NE(config.errors[3].message.find("invalid RegExp /(a/"), std::string::npos);
  EXPECT_EQ(config.errors[4].field, "sentry.tracePropagationTargets[1]");
  EXPECT_EQ(parse_sdk_config("{\"otel\": ", "x.json").errors.size(), 1u);
}

TEST(TracingSdks, AnUnknownDatadogPropagatorIsNamedWhereItIs) {
  const auto config = parse_sdk_config(
      R"({"datadog": {"allowedTracingUrls": [{"match": "https://a.example/", "propagatorTypes": ["w3c"]}]}})", "s.json");
  ASSERT_EQ(config.errors.size(), 1u);
  EXPECT_EQ(config.errors[0].field, "datadog.allowedTracingUrls[0].propagatorTypes[0]");
  EXPECT_NE(config.errors[0].message.find("unknown propagator \"w3c\""), std::string::npos) << config.errors[0].message;
}

}  // namespace
}  // namespace silentcors::scenario
