// silentcors-chromium between a suite (this test, on its fds 3 and 4 or
// reading its stderr), a stand-in Chromium (fake-chromium.py, the seam of
// $SILENTCORS_REAL_CHROMIUM) and watch (this test again, on the abstract
// socket). What is checked is what a suite would see: its first command
// reaches the browser only after watch attached, the DevTools line it reads
// names the wrapper's door, exit codes and signals pass through.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wrapper/watch_channel.h"

extern char** environ;

namespace silentcors::wrapper {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr auto kDeadline = std::chrono::seconds(30);

const std::string kFake = std::string(SILENTCORS_TEST_DATA) + "/wrapper/fake-chromium.py";

struct Wrapper {
  pid_t pid = -1;
  int commands = -1;  // The suite writes here: the wrapper's fd 3.
  int answers = -1;   // The suite reads here: the wrapper's fd 4.
  int err = -1;       // The wrapper's stderr.
  DelimitedReader err_lines{'\n'};

  ~Wrapper() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    for (int fd : {commands, answers, err}) {
      if (fd >= 0) ::close(fd);
    }
  }

  // The wrapper's status as waitpid gives it.
  int wait() {
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return status;
  }
};

bool readable(int fd) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kDeadline).count();
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(left)) == 1;
}

// The next message from `reader` on `fd`, waiting at most kDeadline.
std::string next_from(DelimitedReader& reader, int fd) {
  for (;;) {
    if (auto message = reader.next()) return *message;
    if (!readable(fd) || !reader.fill(fd)) return "<nothing>";
  }
}

// The wrapper's stderr up to the first line starting with `prefix`.
std::string stderr_until(Wrapper& wrapper, const std::string& prefix, std::string* before = nullptr) {
  for (;;) {
    std::string text = next_from(wrapper.err_lines, wrapper.err);
    if (text == "<nothing>" || text.rfind(prefix, 0) == 0) return text;
    if (before) *before += text + "\n";
  }
}

Wrapper start(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  int commands[2], answers[2], err[2];
  EXPECT_EQ(::pipe2(commands, O_CLOEXEC), 0);
  EXPECT_EQ(::pipe2(answers, O_CLOEXEC), 0);
  EXPECT_EQ(::pipe2(err, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, commands[0], 3);
  posix_spawn_file_actions_adddup2(&actions, answers[1], 4);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    if (name != kWatchSocketEnv && !env.count(name)) env_strings.push_back(entry);
  }
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp, argv;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::string program = SILENTCORS_WRAPPER_BINARY;
  argv.push_back(program.data());
  std::vector<std::string> copies = args;
  for (auto& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  Wrapper wrapper;
  EXPECT_EQ(::posix_spawn(&wrapper.pid, program.c_str(), &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(commands[0]);
  ::close(answers[1]);
  ::close(err[1]);
  wrapper.commands = commands[1];
  wrapper.answers = answers[0];
  wrapper.err = err[0];
  return wrapper;
}

// This test as `watch`: the socket the wrapper announces its browser on.
class AsWatch : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    socket_name = "@silentcors-wrapper-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n);
    listener = listen_watch_socket(socket_name);
    ASSERT_GE(listener, 0);
    dir = fs::temp_directory_path() / ("silentcors-wrapper-test-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(n));
    fs::create_directories(dir);
    flag = (dir / "attached").string();
  }
  void TearDown() override {
    if (connection >= 0) ::close(connection);
    ::close(listener);
    fs::remove_all(dir);
  }

  std::map<std::string, std::string> env(std::map<std::string, std::string> more = {}) const {
    more[kWatchSocketEnv] = socket_name;
    more["SILENTCORS_REAL_CHROMIUM"] = kFake;
    more["FAKE_FLAG"] = flag;
    return more;
  }

  // The wrapper's announcement: "browser URL".
  std::string accept_announcement() {
    if (!readable(listener)) return "<no connection>";
    connection = ::accept(listener, nullptr, nullptr);
    return next_from(lines, connection);
  }

  void say(const std::string& line) { ASSERT_TRUE(send_line(connection, line)); }

  std::string socket_name;
  int listener = -1;
  int connection = -1;
  DelimitedReader lines{'\n'};
  fs::path dir;
  std::string flag;
};

// Playwright's way: the suite's first command is already in the pipe when
// the wrapper starts; it reaches the browser only after "attached".
TEST_F(AsWatch, OverAPipeTheSuitesFirstCommandWaitsUntilWatchHasAttached) {
  Wrapper wrapper = start({"--headless", "--remote-debugging-pipe"}, env({{"FAKE_EXIT", "5"}}));
  const std::string first = R"({"id":1,"method":"Browser.getVersion"})";
  ASSERT_EQ(::write(wrapper.commands, first.c_str(), first.size() + 1), static_cast<ssize_t>(first.size() + 1));

  EXPECT_EQ(accept_announcement(), "browser ws://127.0.0.1:9/devtools/browser/fake");
  std::ofstream(flag).put('1');
  say("attached");

  DelimitedReader answers('\0');
  const nlohmann::json answer = nlohmann::json::parse(next_from(answers, wrapper.answers));
  EXPECT_EQ(answer["got"], first);
  EXPECT_EQ(answer["attached"], true) << "the browser had the suite's command before watch attached";

  // Chromium got the suite's flags and silentcors' loopback port; the port's
  // line is silentcors' own, so the suite never reads it.
  std::string before;
  const std::string argv_line = stderr_until(wrapper, "argv ", &before);
  EXPECT_NE(argv_line.find(R"("--headless", "--remote-debugging-pipe")"), std::string::npos) << argv_line;
  EXPECT_NE(argv_line.find(R"("--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1")"),
            std::string::npos)
      << argv_line;
  ::close(wrapper.commands);  // The suite is done: the browser's pipe ends, and it exits.
  wrapper.commands = -1;
  EXPECT_EQ(stderr_until(wrapper, "DevTools listening"), "<nothing>");
  const int status = wrapper.wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 5);
}

// Puppeteer's way: it reads the "DevTools listening on" line. That line
// names the wrapper's door, which exists only once watch has attached.
TEST_F(AsWatch, OverAPortTheSuiteReadsTheWrappersDoorOnceWatchHasAttached) {
  Wrapper wrapper = start({"--remote-debugging-port=0"}, env({{"FAKE_WAIT_FOR_SIGNAL", "1"}}));
  EXPECT_EQ(accept_announcement(), "browser ws://127.0.0.1:9/devtools/browser/fake");
  say("attached");
  const std::string line = stderr_until(wrapper, "DevTools listening on ");
  EXPECT_EQ(line.rfind("DevTools listening on ws://127.0.0.1:", 0), 0u) << line;
  EXPECT_EQ(line.find("127.0.0.1:9/"), std::string::npos) << "not the wrapper's door: " << line;
  EXPECT_NE(line.find("/devtools/browser/fake"), std::string::npos) << line;
  // A signal to the wrapper is the browser's: it ends as the browser did.
  ::kill(wrapper.pid, SIGTERM);
  const int status = wrapper.wait();
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

TEST_F(AsWatch, WhenWatchCannotAttachTheSuiteGoesOnUnwatchedAndIsTold) {
  Wrapper wrapper = start({"--remote-debugging-port=0"}, env({{"FAKE_WAIT_FOR_SIGNAL", "1"}}));
  EXPECT_EQ(accept_announcement(), "browser ws://127.0.0.1:9/devtools/browser/fake");
  say("failed the browser did not answer");
  std::string before;
  EXPECT_EQ(stderr_until(wrapper, "DevTools listening on ", &before),
            "DevTools listening on ws://127.0.0.1:9/devtools/browser/fake");
  EXPECT_NE(before.find("silentcors watch could not attach: the browser did not answer; this browser is not watched"),
            std::string::npos)
      << before;
  ::kill(wrapper.pid, SIGTERM);
  wrapper.wait();
}

pid_t late_child_of(Wrapper& wrapper) {
  const std::string line = stderr_until(wrapper, "late child ");
  return line == "<nothing>" ? -1 : static_cast<pid_t>(std::stol(line.substr(std::strlen("late child "))));
}

// Whether `pid` has ended; when it has not, it is ended now, so a failing
// test leaves nothing behind either.
bool gone(pid_t pid) {
  if (pid > 0 && ::kill(pid, 0) == -1 && errno == ESRCH) return true;
  if (pid > 0) ::kill(pid, SIGKILL);
  return false;
}

// Over a pipe (Playwright) the wrapper is the process the suite waits for.
// Chromium's network service outlives its browser process by a moment,
// writing the profile's cache index; a driver that deletes the profile as
// soon as that process has exited must not hear of it before. Scripted
// here: the wrapper exits only after the late write.
TEST_F(AsWatch, OverAPipeTheSuiteHearsTheBrowserEndedOnlyOnceEveryProcessOfItHasEnded) {
  const fs::path index = dir / "index";
  Wrapper wrapper = start({"--remote-debugging-pipe"},
                          env({{"FAKE_LATE_CHILD", "writes"}, {"FAKE_LATE_CHILD_WRITES", index.string()}}));
  const pid_t late = late_child_of(wrapper);
  ASSERT_GT(late, 0);
  EXPECT_EQ(accept_announcement(), "browser ws://127.0.0.1:9/devtools/browser/fake");
  say("attached");
  ::close(wrapper.commands);  // The suite is done: the browser's pipe ends, and it exits.
  wrapper.commands = -1;
  const int status = wrapper.wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(gone(late)) << "a process of the browser outlived the wrapper";
  EXPECT_TRUE(fs::exists(index)) << "the suite would have deleted the profile before it was written";
}

TEST_F(AsWatch, OverAPipeABrowsersProcessThatNeverEndsIsEndedAndTheSuiteIsTold) {
  Wrapper wrapper = start({"--remote-debugging-pipe"}, env({{"FAKE_LATE_CHILD", "lingers"}}));
  const pid_t late = late_child_of(wrapper);
  ASSERT_GT(late, 0);
  EXPECT_EQ(accept_announcement(), "browser ws://127.0.0.1:9/devtools/browser/fake");
  say("attached");
  ::close(wrapper.commands);
  wrapper.commands = -1;
  EXPECT_EQ(stderr_until(wrapper, "silentcors-chromium: 1 of"),
            "silentcors-chromium: 1 of Chromium's processes were still running 5 s after its browser process had "
            "exited; they were ended");
  const int status = wrapper.wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(gone(late));
}

// Over a port (Puppeteer, chromedriver) the process the suite started is
// Chromium itself: chromedriver SIGKILLs it and deletes the profile at once,
// and Chromium must already be dead then, not a moment later (found by luck
// as a profile left in TMPDIR under load).
TEST_F(AsWatch, OverAPortTheProcessTheSuiteStartedIsChromiumItself) {
  Wrapper wrapper = start({"--remote-debugging-port=0"}, env({{"FAKE_WAIT_FOR_SIGNAL", "1"}}));
  EXPECT_EQ(accept_announcement(), "browser ws://127.0.0.1:9/devtools/browser/fake");
  std::ifstream cmdline("/proc/" + std::to_string(wrapper.pid) + "/cmdline");
  std::string argv0;
  std::getline(cmdline, argv0, '\0');
  std::getline(cmdline, argv0, '\0');  // python3's first argument: the fake's path
  EXPECT_EQ(argv0, kFake);
  ::kill(wrapper.pid, SIGKILL);
  const int status = wrapper.wait();
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  // Its relay (a child of Chromium's) ends with Chromium's stderr.
  EXPECT_EQ(stderr_until(wrapper, "never"), "<nothing>");
}

TEST_F(AsWatch, OutsideWatchItIsTheRealChromiumUnchanged) {
  auto plain = env({{"FAKE_EXIT", "4"}});
  plain.erase(kWatchSocketEnv);
  Wrapper wrapper = start({"--remote-debugging-port=0", "about:blank"}, plain);
  const std::string argv_line = stderr_until(wrapper, "argv ");
  EXPECT_EQ(argv_line, R"(argv ["--remote-debugging-port=0", "about:blank"])");
  const int status = wrapper.wait();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 4);
}

}  // namespace
}  // namespace silentcors::wrapper
