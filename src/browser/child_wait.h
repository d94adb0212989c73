// Waiting for a child process with a time limit. Not bp::child::wait_for:
// Boost 1.74's swaps the process-wide SIGCHLD handler and waits for the
// signal in the calling thread, which a multi-threaded program cannot
// promise (the signal may land in another thread, and the wait then lasts
// its whole limit); its maintainer calls the wait_for functions broken.
#pragma once

#include <chrono>

#include <boost/process/child.hpp>

namespace silentcors::browser {

// True once `child` has exited (and is reaped: exit_code() is valid);
// false if it still runs after `timeout`.
bool wait_for_exit(boost::process::child& child, std::chrono::milliseconds timeout);

}  // namespace silentcors::browser
