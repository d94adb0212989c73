#include "page/interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

namespace silentcors::page {

namespace {

std::atomic<int> g_signal{0};
std::mutex g_mutex;
std::map<int, std::function<void()>> g_listeners;
int g_next_token = 1;
std::function<void()> g_last_words;  // Guarded by g_mutex.

[[noreturn]] void die_of(int sig, const sigset_t& set) {
  std::function<void()> say;
  {
    std::lock_guard lock(g_mutex);
    say = g_last_words;
  }
  if (say) {
    try {
      say();
    } catch (...) {
      // Dying anyway: what could be written was.
    }
  }
  signal(sig, SIG_DFL);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
  _exit(128 + sig);  // Not reached: the default action of SIGINT/SIGTERM ends the process.
}

}  // namespace

void install_interrupt_handling() {
  static std::once_flag once;
  std::call_once(once, [] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
      int sig = 0;
      std::chrono::steady_clock::time_point first;
      while (sigwait(&set, &sig) == 0) {
        if (g_signal.load() != 0) {
          // The same event reaching us twice (timeout's group signal): once is enough.
          if (std::chrono::steady_clock::now() - first < kSameSignalWindow) continue;
          // A second Ctrl-C: the user means it. The reaper still cleans up.
          die_of(sig, set);
        }
        first = std::chrono::steady_clock::now();
        g_signal.store(sig);
        std::lock_guard lock(g_mutex);
        for (auto& [token, wake] : g_listeners) wake();
      }
    }).detach();
  });
}

LastWords::LastWords(std::function<void()> say) {
  std::lock_guard lock(g_mutex);
  g_last_words = std::move(say);
}

LastWords::~LastWords() {
  std::lock_guard lock(g_mutex);
  g_last_words = nullptr;
}

int interrupt_signal() { return g_signal.load(); }
bool interrupted() { return g_signal.load() != 0; }

int add_interrupt_listener(std::function<void()> wake) {
  std::lock_guard lock(g_mutex);
  g_listeners.emplace(g_next_token, std::move(wake));
  return g_next_token++;
}

void remove_interrupt_listener(int token) {
  std::lock_guard lock(g_mutex);
  g_listeners.erase(token);
}

}  // namespace silentcors::page
