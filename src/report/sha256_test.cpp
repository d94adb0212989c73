// SHA-256 against the FIPS 180-4 examples, around the one- and two-block
// padding boundary too: a wrong hash would make Chromium refuse to run the
// report's own script.
#include "report/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace silentcors::report {
namespace {

std::string hex(std::string_view data) {
  const auto d = sha256(data);
  std::string out;
  char buf[3];
  for (auto b : d) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55 and 56 bytes: the length still fits the block, then it no longer does.
  EXPECT_EQ(hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}

TEST(Sha256, Base64AsCspWritesIt) {
  const auto d = sha256("abc");
  EXPECT_EQ(base64(d.data(), d.size()), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
  const std::uint8_t two[] = {'h', 'i'};
  EXPECT_EQ(base64(two, 2), "aGk=");
  const std::uint8_t one[] = {'h'};
  EXPECT_EQ(base64(one, 1), "aA==");
}

}  // namespace
}  // namespace silentcors::report
