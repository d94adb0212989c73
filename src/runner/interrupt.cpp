#include "runner/interrupt.h"

#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace silentcors::runner {

namespace {

std::atomic<int> g_signal{0};
std::mutex g_mutex;
std::map<int, std::function<void()>> g_listeners;
int g_next_token = 1;

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
      while (sigwait(&set, &sig) == 0) {
        if (g_signal.load() != 0) {
          // A second Ctrl-C: the user means it. The reaper still cleans up.
          signal(sig, SIG_DFL);
          pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
          raise(sig);
        }
        g_signal.store(sig);
        std::lock_guard lock(g_mutex);
        for (auto& [token, wake] : g_listeners) wake();
      }
    }).detach();
  });
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

}  // namespace silentcors::runner
