#include "wrapper/watch_channel.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace silentcors::wrapper {
namespace {

struct SocketPair {
  SocketPair() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0); }
  ~SocketPair() {
    for (int fd : fds) if (fd >= 0) ::close(fd);
  }
  int fds[2] = {-1, -1};
};

TEST(WatchChannel, LinesArriveWholeAndInOrderHoweverTheyAreCut) {
  SocketPair pair;
  ASSERT_TRUE(send_line(pair.fds[0], "attached"));
  ASSERT_EQ(::write(pair.fds[0], "release AB", 10), 10);
  DelimitedReader reader('\n');
  ASSERT_TRUE(reader.fill(pair.fds[1]));
  EXPECT_EQ(reader.next(), "attached");
  EXPECT_FALSE(reader.next());  // "release AB" is not a line yet.
  ASSERT_TRUE(send_line(pair.fds[0], "CD"));
  ASSERT_TRUE(reader.fill(pair.fds[1]));
  EXPECT_EQ(reader.next(), "release ABCD");
  ::close(pair.fds[0]);
  pair.fds[0] = -1;
  EXPECT_FALSE(reader.fill(pair.fds[1]));
}

TEST(WatchChannel, DevToolsPipeMessagesEndAtTheirNul) {
  SocketPair pair;
  static const char kBurst[] = "{\"id\":1}\0{\"id\":2}\0{\"id\"";
  const std::string burst(kBurst, sizeof kBurst - 1);
  ASSERT_EQ(::write(pair.fds[0], burst.data(), burst.size()), static_cast<ssize_t>(burst.size()));
  DelimitedReader reader('\0');
  ASSERT_TRUE(reader.fill(pair.fds[1]));
  EXPECT_EQ(reader.next(), "{\"id\":1}");
  EXPECT_EQ(reader.next(), "{\"id\":2}");
  EXPECT_FALSE(reader.next());
  ASSERT_EQ(::write(pair.fds[0], ":3}\0", 4), 4);
  ASSERT_TRUE(reader.fill(pair.fds[1]));
  EXPECT_EQ(reader.next(), "{\"id\":3}");
}

TEST(WatchChannel, SendingToAClosedPeerIsFalseNotASignal) {
  SocketPair pair;
  ::close(pair.fds[1]);
  pair.fds[1] = -1;
  EXPECT_FALSE(send_line(pair.fds[0], "release X"));
}

// The socket watch opens is abstract ("@name"): no file to leave behind.
TEST(WatchChannel, AnAbstractSocketIsReachedByItsNameAndLeavesNoFile) {
  const std::string name = "@silentcors-watch-test-" + std::to_string(::getpid());
  const int listener = listen_watch_socket(name);
  ASSERT_GE(listener, 0) << std::strerror(errno);
  const int client = connect_watch_socket(name);
  ASSERT_GE(client, 0) << std::strerror(errno);
  const int server = ::accept(listener, nullptr, nullptr);
  ASSERT_GE(server, 0);
  ASSERT_TRUE(send_line(client, "browser ws://127.0.0.1:1/devtools/browser/x"));
  DelimitedReader reader('\n');
  ASSERT_TRUE(reader.fill(server));
  EXPECT_EQ(reader.next(), "browser ws://127.0.0.1:1/devtools/browser/x");
  for (int fd : {server, client, listener}) ::close(fd);
  EXPECT_LT(connect_watch_socket(name), 0);  // Gone with its listener.
  EXPECT_LT(connect_watch_socket("@" + std::string(200, 'x')), 0);
}

}  // namespace
}  // namespace silentcors::wrapper
