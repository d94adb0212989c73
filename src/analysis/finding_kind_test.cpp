#include "analysis/finding_kind.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace silentcors {
namespace {

TEST(FindingKind, EveryKindHasOneRowAndAUniqueName) {
  std::set<std::string_view> names;
  for (int k = 0; k <= static_cast<int>(FindingKind::kOtherCors); ++k) {
    const auto kind = static_cast<FindingKind>(k);
    EXPECT_EQ(info(kind).kind, kind) << "no row for kind " << k;
    EXPECT_TRUE(names.insert(name_of(kind)).second) << name_of(kind);
    EXPECT_EQ(finding_kind_named(name_of(kind)), kind);
    EXPECT_TRUE(info(kind).severity == "error" || info(kind).severity == "warning");
  }
  EXPECT_EQ(names.size(), std::size(kFindingKinds));
  EXPECT_FALSE(finding_kind_named("header-not-alowed"));
}

TEST(FindingKind, ChromiumsNamesMapToTheirKinds) {
  EXPECT_EQ(finding_kind_for_chrome_error("HeaderDisallowedByPreflightResponse"), FindingKind::kHeaderNotAllowed);
  EXPECT_EQ(finding_kind_for_chrome_error("PreflightMissingAllowOriginHeader"), FindingKind::kMissingAllowOrigin);
  EXPECT_EQ(finding_kind_for_chrome_error("MissingAllowOriginHeader"), FindingKind::kMissingAllowOrigin);
  EXPECT_EQ(finding_kind_for_chrome_error("InvalidAllowMethodsPreflightResponse"), FindingKind::kMethodNotAllowed);
  EXPECT_EQ(finding_kind_for_chrome_error("PreflightWildcardOriginNotAllowed"), FindingKind::kWildcardWithCredentials);
  // The enum drifts: a value we do not know is other-cors, never a crash.
  EXPECT_EQ(finding_kind_for_chrome_error("SomethingChromium157Renamed"), FindingKind::kOtherCors);
  EXPECT_EQ(finding_kind_for_chrome_error(""), FindingKind::kOtherCors);
}

}  // namespace
}  // namespace silentcors
