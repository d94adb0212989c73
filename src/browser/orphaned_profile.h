// The cleanup the reaper does, for when the reaper itself is gone (SIGKILLed
// alone, or it crashed): silentcors must then remove what it would have.
#pragma once

#include <chrono>
#include <string>

namespace silentcors::browser {

// Kills every process whose command line names `profile_dir` (each Chromium
// process does, through --user-data-dir; so do crashpad handlers) and
// removes the directory. Bounded by `timeout`; false, with `error` saying
// why, if something is left.
bool remove_orphaned_profile(const std::string& profile_dir, std::chrono::milliseconds timeout, std::string& error);

}  // namespace silentcors::browser
