#include "browser/message_assembler.h"

#include <gtest/gtest.h>

namespace silentcors::browser {
namespace {

TEST(MessageAssembler, JoinsFragmentsUntilTheFinalOne) {
  MessageAssembler assembler;
  EXPECT_EQ(assembler.append("{\"a\":", 5, false), MessageAssembler::Result::kIncomplete);
  EXPECT_EQ(assembler.append("1}", 2, true), MessageAssembler::Result::kComplete);
  EXPECT_EQ(assembler.take(), "{\"a\":1}");
  EXPECT_EQ(assembler.append("{}", 2, true), MessageAssembler::Result::kComplete);
  EXPECT_EQ(assembler.take(), "{}");
}

TEST(MessageAssembler, DropsAnOversizedMessageAndRecovers) {
  MessageAssembler assembler(8);
  EXPECT_EQ(assembler.append("12345", 5, false), MessageAssembler::Result::kIncomplete);
  EXPECT_EQ(assembler.append("67890", 5, true), MessageAssembler::Result::kTooLarge);
  EXPECT_EQ(assembler.append("ok", 2, true), MessageAssembler::Result::kComplete);
  EXPECT_EQ(assembler.take(), "ok");
}

}  // namespace
}  // namespace silentcors::browser
