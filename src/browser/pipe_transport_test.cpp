// PipeTransport against a stand-in for Chromium's end of the pipes: plain
// pipes and socketpairs held by the test. For the read side the test writes
// into a pipe and waits until the transport has drained it before writing
// more, so each chunk is one read() and framing across reads is shown, not
// hoped for.
#include "browser/pipe_transport.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace silentcors::browser {
namespace {

using namespace std::chrono_literals;
constexpr auto kDeadline = 30s;  // Generous: a loaded machine is slow, not broken.

// What the transport handed over, waited for with a deadline.
class Received {
 public:
  void attach(Transport& transport) {
    transport.set_handlers(
        [this](std::string message) {
          std::lock_guard lock(mutex_);
          messages_.push_back(std::move(message));
          cv_.notify_all();
        },
        [this](std::string reason) {
          std::lock_guard lock(mutex_);
          closes_.push_back(std::move(reason));
          cv_.notify_all();
        });
  }
  std::vector<std::string> wait_messages(size_t count) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, kDeadline, [&] { return messages_.size() >= count; });
    return messages_;
  }
  std::vector<std::string> wait_closed() {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, kDeadline, [&] { return !closes_.empty(); });
    return closes_;
  }
  std::vector<std::string> closes() {
    std::lock_guard lock(mutex_);
    return closes_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> messages_;
  std::vector<std::string> closes_;
};

struct FdPair {
  int read = -1;
  int write = -1;
};

FdPair make_pipe() {
  int fds[2];
  EXPECT_EQ(pipe2(fds, O_CLOEXEC), 0);
  return {fds[0], fds[1]};
}

// A socketpair used one way, as silentcors hands them to Chromium.
FdPair make_socketpair() {
  int fds[2];
  EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  return {fds[0], fds[1]};
}

void write_all(int fd, const std::string& data) {
  size_t at = 0;
  while (at < data.size()) {
    ssize_t n = ::write(fd, data.data() + at, data.size() - at);
    ASSERT_GT(n, 0) << std::strerror(errno);
    at += static_cast<size_t>(n);
  }
}

// Waits until the reader of the pipe whose write end is `fd` has taken every
// byte: the next write is then a read() of its own.
bool drained(int fd) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    int queued = -1;
    if (ioctl(fd, FIONREAD, &queued) != 0) return false;
    if (queued == 0) return true;
    std::this_thread::yield();
  }
  return false;
}

// Waits until bytes are waiting to be read from `fd`.
bool has_queued_bytes(int fd) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    int queued = 0;
    if (ioctl(fd, FIONREAD, &queued) != 0) return false;
    if (queued > 0) return true;
    std::this_thread::yield();
  }
  return false;
}

// Reads from `fd` until a NUL; returns what came before it.
std::string read_until_nul(int fd) {
  std::string got;
  char buffer[65536];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return got + "<EOF>";
    got.append(buffer, static_cast<size_t>(n));
    if (!got.empty() && got.back() == '\0') {
      got.pop_back();
      return got;
    }
  }
}

// The transport with Chromium's ends in the test's hands: the test reads
// what silentcors sends from `to_browser.read` and plays Chromium on
// `from_browser.write`.
struct Fixture {
  explicit Fixture(FdPair to, FdPair from) : to_browser(to), from_browser(from) {
    transport = std::make_unique<PipeTransport>(to_browser.write, from_browser.read);
    received.attach(*transport);
    transport->start();
  }
  ~Fixture() {
    transport.reset();
    ::close(to_browser.read);
    if (from_browser.write >= 0) ::close(from_browser.write);
  }
  void browser_exits_writing() {
    ::close(from_browser.write);
    from_browser.write = -1;
  }
  FdPair to_browser;
  FdPair from_browser;
  Received received;
  std::unique_ptr<PipeTransport> transport;
};

TEST(PipeTransport, AMessageEndsAtItsNulWhereverTheReadsEnd) {
  Fixture f(make_socketpair(), make_pipe());
  write_all(f.from_browser.write, std::string(R"({"id":1,"res)"));
  ASSERT_TRUE(drained(f.from_browser.write));
  write_all(f.from_browser.write, std::string("ult\":{}}\0{\"method\":", 19));
  ASSERT_TRUE(drained(f.from_browser.write));
  write_all(f.from_browser.write, std::string("\"X.y\"}\0", 7));
  auto messages = f.received.wait_messages(2);
  EXPECT_EQ(messages, (std::vector<std::string>{R"({"id":1,"result":{}})", R"({"method":"X.y"})"}));
}

TEST(PipeTransport, AMessageSplitOverManyReadsArrivesWhole) {
  Fixture f(make_socketpair(), make_pipe());
  std::string message = R"({"method":"Network.requestWillBeSent","params":{"url":")" + std::string(300, 'u') + "\"}}";
  for (size_t at = 0; at < message.size(); at += 7) {
    write_all(f.from_browser.write, message.substr(at, 7));
    ASSERT_TRUE(drained(f.from_browser.write));
  }
  write_all(f.from_browser.write, std::string(1, '\0'));
  EXPECT_EQ(f.received.wait_messages(1), std::vector<std::string>{message});
}

TEST(PipeTransport, SeveralMessagesInOneReadArriveInOrder) {
  Fixture f(make_socketpair(), make_pipe());
  write_all(f.from_browser.write, std::string("{\"id\":1}\0{\"id\":2}\0{\"id\":3}\0", 27));
  EXPECT_EQ(f.received.wait_messages(3), (std::vector<std::string>{"{\"id\":1}", "{\"id\":2}", "{\"id\":3}"}));
}

TEST(PipeTransport, SixMegabyteMessagesGoBothWays) {
  Fixture f(make_socketpair(), make_socketpair());
  const std::string big = "\"" + std::string(6 * 1024 * 1024, 'x') + "\"";
  // Both at once, as a big reply can arrive while a big command is sent.
  auto browser_reads = std::async(std::launch::async, [&] { return read_until_nul(f.to_browser.read); });
  auto browser_writes = std::async(std::launch::async, [&] { write_all(f.from_browser.write, big + '\0'); });
  EXPECT_TRUE(f.transport->send(big));
  EXPECT_EQ(browser_reads.get(), big);
  browser_writes.get();
  auto messages = f.received.wait_messages(1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], big);
}

TEST(PipeTransport, SendsEachMessageWithItsNul) {
  Fixture f(make_pipe(), make_pipe());
  EXPECT_TRUE(f.transport->send(R"({"id":1,"method":"Browser.getVersion"})"));
  EXPECT_EQ(read_until_nul(f.to_browser.read), R"({"id":1,"method":"Browser.getVersion"})");
}

TEST(PipeTransport, EndOfFileClosesOnceAndSendingFailsThen) {
  Fixture f(make_socketpair(), make_pipe());
  f.browser_exits_writing();
  EXPECT_EQ(f.received.wait_closed(), std::vector<std::string>{"the browser closed the DevTools pipe"});
  f.transport->close();
  f.transport.reset();  // Joins the reader: nothing more can come.
  EXPECT_EQ(f.received.closes().size(), 1u);
}

TEST(PipeTransport, CloseWakesTheReaderAndIsIdempotent) {
  Fixture f(make_socketpair(), make_pipe());
  f.transport->close();
  f.transport->close();
  EXPECT_EQ(f.received.wait_closed(), std::vector<std::string>{"closed by client"});
  EXPECT_FALSE(f.transport->send("{}"));
  f.transport.reset();
  EXPECT_EQ(f.received.closes().size(), 1u);
}

TEST(PipeTransport, SendingToABrowserThatIsGoneFailsWithoutSigpipe) {
  Fixture f(make_socketpair(), make_pipe());
  ::close(f.to_browser.read);  // As if Chromium died.
  f.to_browser.read = ::open("/dev/null", O_RDONLY | O_CLOEXEC);  // For the fixture to close.
  EXPECT_FALSE(f.transport->send(R"({"id":1})"));
  EXPECT_EQ(f.received.wait_closed().size(), 1u);
}

TEST(PipeTransport, CloseFreesASenderStuckOnABrowserThatDoesNotRead) {
  Fixture f(make_socketpair(), make_pipe());
  // Far more than a socket buffer, and nobody reads it.
  auto sender = std::async(std::launch::async, [&] { return f.transport->send(std::string(64 * 1024 * 1024, 'x')); });
  // Stuck once the first bytes are on the wire: 64 MB cannot fit in its buffer.
  ASSERT_TRUE(has_queued_bytes(f.to_browser.read));
  f.transport->close();
  ASSERT_EQ(sender.wait_for(kDeadline), std::future_status::ready);
  EXPECT_FALSE(sender.get());
}

}  // namespace
}  // namespace silentcors::browser
