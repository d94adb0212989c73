// The fixture the real-server tests share: a scratch folder for silentcors
// (checked empty at the end) and one apart for the server, and, for a server
// whose CORS setup is code (AppServer), pasting the finding's snippet and
// checking the scenario then passes.
#pragma once

#include <initializer_list>
#include <source_location>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app_server.h"
#include "e2e_support.h"
#include "python_servers.h"
#include "server_process.h"

namespace silentcors::e2e {

class ServerTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_TRUE(nothing_left_behind(tmp.str())); }

  TempDir tmp;         // silentcors' TMPDIR and reports: nothing of its may be left.
  TempDir server_dir;  // The server's own files, apart.
};

class AppServerTest : public ServerTest {
 protected:
  // From SetUp: fails the test, naming what to install, at the first of
  // `modules` (module, Debian package) that Debian's python3 cannot import.
  void require_python_modules(std::initializer_list<std::pair<const char*, const char*>> modules) {
    for (const auto& [module, package] : modules) {
      if (auto missing = missing_python_module(module, package); !missing.empty()) FAIL() << missing;
    }
  }

  // Pastes the finding's snippet over the app's CORS block, restarts, and
  // checks the scenario now passes.
  void apply_and_pass(AppServer& server, const std::string& file, const std::string& snippet,
                      std::source_location where = std::source_location::current()) {
    server.stop();
    server.apply(snippet);
    ASSERT_NO_FATAL_FAILURE(server.start());
    nlohmann::json fixed = run_and_report(file, tmp.path(), 0, where);
    EXPECT_EQ(fixed["summary"]["errors"], 0) << server.source() << fixed.dump(2);
  }
};

}  // namespace silentcors::e2e
