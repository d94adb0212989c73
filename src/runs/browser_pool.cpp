#include "runs/browser_pool.h"

#include <exception>
#include <mutex>
#include <thread>

#include "browser/browser_error.h"

namespace silentcors::runs {

std::vector<BrowserSlot*> BrowserPool::workers() const {
  std::vector<BrowserSlot*> out;
  for (const auto& slot : slots) out.push_back(slot.get());
  return out;
}

BrowserPool start_browser_pool(int count, const BrowserSlot::Launch& launch) {
  BrowserPool pool;
  std::mutex mutex;
  std::exception_ptr first_failure;
  const auto start_one = [&] {
    try {
      auto slot = std::make_unique<BrowserSlot>(launch);
      std::lock_guard lock(mutex);
      pool.slots.push_back(std::move(slot));
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex);
      pool.failures.push_back(e.what());
      if (!first_failure) first_failure = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < count; ++i) threads.emplace_back(start_one);
  start_one();
  for (auto& thread : threads) thread.join();
  if (pool.slots.empty() && first_failure) std::rethrow_exception(first_failure);
  return pool;
}

}  // namespace silentcors::runs
