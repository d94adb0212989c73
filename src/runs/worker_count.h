// How many pages `silentcors triage` runs side by side when --workers is not
// given. A run mostly waits (the network-idle quiet period is a sleep), so
// a core keeps two pages busy; each worker is a renderer process of its own
// (about 150 MB with the browser's share), so memory caps it too; and past
// four the one browser process that routes every page's events becomes the
// bottleneck on the small machines this runs on.
#pragma once

#include <cstdint>
#include <string>

namespace silentcors::runs {

struct Machine {
  unsigned cores = 1;
  std::uint64_t available_bytes = 0;  // MemAvailable; 0 when unknown.
};

inline constexpr int kMaxAutoWorkers = 4;
inline constexpr std::uint64_t kBytesPerWorker = 256ull << 20;

// min(2 x cores, available / 256 MB, 4), at least 1. Unknown memory does not cap.
int default_workers(const Machine& machine);

// This machine: std::thread::hardware_concurrency and /proc/meminfo.
Machine this_machine();

// "4 (chosen for 2 cores, 21.7 GB available)", for triage's output.
std::string describe_default_workers(const Machine& machine);

}  // namespace silentcors::runs
