// The processes under the wrapper's Chromium. Chromium's network service and
// crashpad handlers can outlive its browser process by a moment, still
// writing into the profile; a driver that deletes the profile as soon as the
// process it started has exited (chromedriver) then leaves a half-written
// profile directory behind. The wrapper is the process the driver started, so
// it becomes the reaper of every descendant and exits only after all of them.
#pragma once

#include <sys/types.h>

#include <functional>

namespace silentcors::wrapper {

// From now on a descendant whose parent exits is reparented to this process
// (not to init), so this process can wait for it.
void adopt_orphaned_descendants();

// Reaps every child that has exited, telling `on_exit` its pid and wait
// status; returns whether a child is still running.
bool reap_exited_children(const std::function<void(pid_t, int)>& on_exit);

// Sends SIGKILL to every child of this process; returns how many there were.
int kill_children();

}  // namespace silentcors::wrapper
