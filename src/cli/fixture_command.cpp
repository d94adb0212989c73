// silentcors fixture [--config FILE]: serves the built-in two-origin app
// until interrupted, for trying the tool (scripts/demo) and for recording
// test fixtures. Without --config it serves the demo: an API that refuses
// traceparent.
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/input_error.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "fixture/builtin_pages.h"
#include "fixture/fixture_app.h"
#include "fixture/fixture_config.h"
#include "page/interrupt.h"
#include "scenario/scenario_parser.h"

namespace silentcors::cli {

namespace {

fixture::FixtureConfig load_fixture_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  // Checked as a scenario's "fixture" field is: every problem at its line
  // and column, with did-you-mean, JSON with comments.
  scenario::FixtureParse parsed = scenario::parse_fixture_config(text.str(), path);
  if (!parsed.errors.empty()) {
    std::string message;
    for (const auto& error : parsed.errors) message += (message.empty() ? "" : "\n") + scenario::format(error);
    throw InputError(message);
  }
  try {
    // Its "files" are named relative to the config file.
    return fixture::fixture_config_from_json(*parsed.config, std::filesystem::absolute(path).parent_path());
  } catch (const std::invalid_argument& e) {
    throw InputError(path + ": " + e.what());
  }
}

}  // namespace

int fixture_command(const Args& args) {
  if (!args.positionals().empty()) throw UsageError("fixture takes no arguments");
  auto config_path = args.value("--config");
  fixture::FixtureApp app(config_path ? load_fixture_config(*config_path) : fixture::demo_config());
  app.start();
  std::cout << "frontend " << app.frontend_origin() << "\n"
            << "api      " << app.api_origin() << "\n"
            << "page     " << app.page_url() << "\n"
            << std::flush;
  std::mutex mutex;
  std::condition_variable stop;
  int token = page::add_interrupt_listener([&] {
    std::lock_guard lock(mutex);
    stop.notify_all();
  });
  {
    std::unique_lock lock(mutex);
    stop.wait(lock, [] { return page::interrupted(); });
  }
  page::remove_interrupt_listener(token);
  app.stop();
  // Stopped by a signal, as it always is: 128 + N, as a shell reports it.
  return exit_code_for_signal(page::interrupt_signal());
}

}  // namespace silentcors::cli
