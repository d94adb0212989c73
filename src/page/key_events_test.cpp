#include "page/key_events.h"

#include <gtest/gtest.h>

namespace silentcors::page {
namespace {

using nlohmann::json;

TEST(KeyEvents, EnterTypesACarriageReturnSoFormsSubmit) {
  auto events = key_press_events("Enter");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "keyDown");
  EXPECT_EQ(events[0]["key"], "Enter");
  EXPECT_EQ(events[0]["code"], "Enter");
  EXPECT_EQ(events[0]["windowsVirtualKeyCode"], 13);
  EXPECT_EQ(events[0]["text"], "\r");
  EXPECT_EQ(events[1]["type"], "keyUp");
  EXPECT_FALSE(events[1].contains("text"));
}

TEST(KeyEvents, TabTypesNothing) {
  auto events = key_press_events("Tab");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "rawKeyDown");
  EXPECT_EQ(events[0]["windowsVirtualKeyCode"], 9);
}

TEST(KeyEvents, ALetterHasItsUsLayoutCode) {
  auto events = key_press_events("a");
  EXPECT_EQ(events[0]["code"], "KeyA");
  EXPECT_EQ(events[0]["windowsVirtualKeyCode"], 65);
  EXPECT_EQ(events[0]["text"], "a");
}

TEST(KeyEvents, ModifiersGoDownFirstAndUpLast) {
  auto events = key_press_events("Control+Shift+K");
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0]["key"], "Control");
  EXPECT_EQ(events[0]["modifiers"], 2);
  EXPECT_EQ(events[1]["key"], "Shift");
  EXPECT_EQ(events[1]["modifiers"], 10);
  EXPECT_EQ(events[2]["key"], "K");
  EXPECT_EQ(events[2]["type"], "rawKeyDown");  // a shortcut types nothing
  EXPECT_EQ(events[2]["modifiers"], 10);
  EXPECT_EQ(events[3]["type"], "keyUp");
  EXPECT_EQ(events[4]["key"], "Shift");
  EXPECT_EQ(events[4]["modifiers"], 2);
  EXPECT_EQ(events[5]["key"], "Control");
  EXPECT_EQ(events[5]["modifiers"], 0);
}

TEST(KeyEvents, ShiftWithALetterTypesTheCapital) {
  auto events = key_press_events("Shift+a");
  EXPECT_EQ(events[1]["text"], "A");
  EXPECT_EQ(events[1]["type"], "keyDown");
}

TEST(KeyEvents, AliasesAndThePlusKey) {
  EXPECT_EQ(key_press_events("Ctrl+A")[0]["key"], "Control");
  EXPECT_EQ(key_press_events("Esc")[0]["key"], "Escape");
  EXPECT_EQ(key_press_events("Shift++")[1]["text"], "+");
}

TEST(KeyEvents, UnknownKeySuggestsTheNearestName) {
  try {
    key_press_events("Entr");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown key \"Entr\" in \"Entr\"; did you mean \"Enter\"?");
  }
  EXPECT_THROW(key_press_events("a+b"), std::invalid_argument);  // "a" is not a modifier
}

}  // namespace
}  // namespace silentcors::page
