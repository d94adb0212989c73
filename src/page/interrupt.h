// SIGINT and SIGTERM end a run cleanly: whatever waits (network idle, a
// repeat loop) stops, the browser and its profile are removed, the files
// written so far are complete, and the exit status says which signal it was.
// A thread of its own waits for the signals (sigwait), so nothing
// async-signal-unsafe runs in a handler.
//
// Signals within kSameSignalWindow of the first count as that one: GNU
// `timeout` sends SIGTERM to silentcors and then to its process group, and a
// terminal's Ctrl-C may reach it twice. A signal after the window is a
// deliberate second Ctrl-C: silentcors ends at once (its reaper still
// removes Chromium), after the last words (the reports of finished runs).
#pragma once

#include <chrono>
#include <functional>
#include <stdexcept>

namespace silentcors::page {

// Thrown by a wait that cannot return a status (PageSession::evaluate) when
// a signal arrives: the run stops and reports what it has.
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

// Blocks SIGINT/SIGTERM in every thread started after this call and starts
// the waiting thread. Call first thing in main, before any thread starts.
void install_interrupt_handling();

// 0, or the signal that arrived.
int interrupt_signal();
bool interrupted();

inline constexpr std::chrono::milliseconds kSameSignalWindow{1000};

// While it lives, a second signal runs `say` (on the signal thread) before
// ending the process: it writes what must not be lost. Only one at a time.
class LastWords {
 public:
  explicit LastWords(std::function<void()> say);
  ~LastWords();
  LastWords(const LastWords&) = delete;
  LastWords& operator=(const LastWords&) = delete;
};

// Runs `wake` when a signal arrives (used to notify condition variables).
// Returns a token for remove_interrupt_listener.
int add_interrupt_listener(std::function<void()> wake);
void remove_interrupt_listener(int token);

}  // namespace silentcors::page
