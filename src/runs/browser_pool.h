// The browsers a command's workers drive when each has its own: `run
// --workers N` locally (a Chromium each), or --grid (a Grid session each).
// They start side by side (a Grid session takes seconds), and a pool where
// only some started goes on with those.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runs/browser_slot.h"

namespace silentcors::runs {

struct BrowserPool {
  std::vector<std::unique_ptr<BrowserSlot>> slots;
  std::vector<std::string> failures;  // Why the others did not start.

  std::vector<BrowserSlot*> workers() const;
};

// Starts `count` browsers with `launch`, concurrently. Throws the first
// BrowserError when none started.
BrowserPool start_browser_pool(int count, const BrowserSlot::Launch& launch);

}  // namespace silentcors::runs
