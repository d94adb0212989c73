#include "logs/preflight_pairing.h"

#include <gtest/gtest.h>

namespace silentcors::logs {
namespace {

AccessLogEntry entry(std::string method, std::string path, std::int64_t time_ms, std::string client = "10.0.0.1") {
  AccessLogEntry e;
  e.client = std::move(client);
  e.user_agent = "Chrome";
  e.method = std::move(method);
  e.path = std::move(path);
  e.time_ms = time_ms;
  e.status = 204;
  return e;
}

TEST(FoldedPath, IdsBecomeOnePlaceholder) {
  EXPECT_EQ(folded_path("/api/cart/42"), "/api/cart/{id}");
  EXPECT_EQ(folded_path("/api/users/3fa85f64-5717-4562-b3fc-2c963f66afa6/orders"), "/api/users/{id}/orders");
  EXPECT_EQ(folded_path("/api/blobs/0123456789abcdef0123"), "/api/blobs/{id}");
  EXPECT_EQ(folded_path("/api/v2/orders/"), "/api/v2/orders/");
  EXPECT_EQ(folded_path("/"), "/");
}

TEST(PreflightPairer, APreflightFollowedByItsRequestIsFollowedAndOneAloneIsAnOrphan) {
  PreflightPairer pairer(5000);
  pairer.add(entry("OPTIONS", "/api/cart/1", 1000));
  pairer.add(entry("POST", "/api/cart/1", 1000));
  pairer.add(entry("OPTIONS", "/api/cart/2", 2000));  // never followed
  pairer.add(entry("OPTIONS", "/api/cart/3", 3000, "10.0.0.2"));
  pairer.add(entry("POST", "/api/cart/3", 3000, "10.0.0.9"));  // another client's
  pairer.finish();
  ASSERT_EQ(pairer.endpoints().size(), 1u);
  const auto& [key, counts] = *pairer.endpoints().begin();
  EXPECT_EQ(key.method, "POST");  // the orphans join the path's one method
  EXPECT_EQ(key.path, "/api/cart/{id}");
  EXPECT_EQ(counts.preflights, 3);
  EXPECT_EQ(counts.followed, 1);
  EXPECT_EQ(counts.orphaned, 2);
  EXPECT_EQ(pairer.waiting(), 0u);
  // One hour bucket holds them all.
  ASSERT_EQ(counts.buckets.size(), 1u);
  EXPECT_EQ(counts.buckets.begin()->second, (std::pair<std::int64_t, std::int64_t>{3, 2}));
}

TEST(PreflightPairer, BucketsShowWhenTheOrphansBegan) {
  PreflightPairer pairer(5000, 60000);  // one-minute buckets
  for (int i = 0; i < 10; ++i) {
    pairer.add(entry("OPTIONS", "/api/orders", i * 10000LL));
    if (i < 6) pairer.add(entry("POST", "/api/orders", i * 10000LL + 5));  // the first minute: all followed
  }
  pairer.finish();
  const auto& buckets = pairer.endpoints().at({"POST", "/api/orders", ""}).buckets;
  EXPECT_EQ(buckets.at(0), (std::pair<std::int64_t, std::int64_t>{6, 0}));
  EXPECT_EQ(buckets.at(60000), (std::pair<std::int64_t, std::int64_t>{4, 4}));
}

TEST(PreflightPairer, AFollowUpAfterTheWindowOrOfAnotherMethodIsNotOne) {
  PreflightPairer pairer(5000);
  auto options = entry("OPTIONS", "/api/orders", 0);
  options.request_method = "PUT";
  pairer.add(options);
  pairer.add(entry("POST", "/api/orders", 100));     // not the PUT it announced
  pairer.add(entry("OPTIONS", "/api/orders", 1000));
  pairer.add(entry("DELETE", "/api/orders", 7000));  // 6 s later: too late
  pairer.finish();
  std::int64_t orphaned = 0, followed = 0;
  for (const auto& [key, counts] : pairer.endpoints()) {
    orphaned += counts.orphaned;
    followed += counts.followed;
  }
  EXPECT_EQ(orphaned, 2);
  EXPECT_EQ(followed, 0);
  EXPECT_TRUE(pairer.endpoints().contains({"PUT", "/api/orders", ""}));
}

TEST(PreflightPairer, MemoryHoldsOnlyTheWindow) {
  PreflightPairer pairer(5000);
  std::size_t most = 0;
  for (int i = 0; i < 100000; ++i) {
    pairer.add(entry("OPTIONS", "/api/x/" + std::to_string(i), i * 1000LL));
    most = std::max(most, pairer.waiting());
  }
  EXPECT_LE(most, 6u);
  pairer.finish();
  EXPECT_EQ(pairer.endpoints().at({"", "/api/x/{id}", ""}).orphaned, 100000);
}

}  // namespace
}  // namespace silentcors::logs
