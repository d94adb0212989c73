#include "browser/chromium_tmpdir.h"

#include <gtest/gtest.h>

namespace silentcors::browser {
namespace {

TEST(ChromiumTmpdir, InsideTheProfile) {
  EXPECT_EQ(chromium_tmpdir("/tmp/silentcors-profile-abc123"), "/tmp/silentcors-profile-abc123/tmp");
}

// The longest profile whose singleton socket path still fits in 107 bytes.
TEST(ChromiumTmpdir, NotWhereChromiumsSocketPathWouldBeTooLong) {
  const std::string fits(107 - std::string("/tmp/org.chromium.Chromium.XXXXXX/SingletonSocket").size(), 'p');
  EXPECT_TRUE(chromium_tmpdir(fits).has_value());
  EXPECT_FALSE(chromium_tmpdir(fits + "p").has_value());
}

}  // namespace
}  // namespace silentcors::browser
