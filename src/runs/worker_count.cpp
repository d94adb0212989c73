#include "runs/worker_count.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace silentcors::runs {

int default_workers(const Machine& machine) {
  std::uint64_t n = 2ull * std::max(1u, machine.cores);
  if (machine.available_bytes > 0) n = std::min<std::uint64_t>(n, machine.available_bytes / kBytesPerWorker);
  return static_cast<int>(std::clamp<std::uint64_t>(n, 1, kMaxAutoWorkers));
}

Machine this_machine() {
  Machine machine;
  machine.cores = std::max(1u, std::thread::hardware_concurrency());
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") {
      machine.available_bytes = kib * 1024;
      break;
    }
  }
  return machine;
}

std::string describe_default_workers(const Machine& machine) {
  std::ostringstream out;
  out << default_workers(machine) << " (chosen for " << machine.cores << (machine.cores == 1 ? " core" : " cores");
  if (machine.available_bytes > 0) {
    char gb[32];
    std::snprintf(gb, sizeof gb, "%.1f", static_cast<double>(machine.available_bytes) / (1ull << 30));
    out << ", " << gb << " GB available";
  }
  out << ")";
  return out.str();
}

}  // namespace silentcors::runs
