// Verified on the real server: Express and cors() from npm, exactly as
// pinned in tests/servers/express/package-lock.json (scripts/setup --tests runs
// `npm ci` there). The app's cors() call refuses traceparent
// (allowedHeaders replaces cors()'s default of echoing the requested
// headers); silentcors must name Express (X-Powered-By) and the refused
// header, and its own fixSnippet, pasted over the app's cors() call, must
// make the scenario pass. Second: cors()'s default `*` origin refuses a
// credentialed fetch.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app_server.h"
#include "app_server_test.h"
#include "fixture/fixture_app.h"
#include "server_scenario.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kNodeModules = fs::path(SILENTCORS_SERVERS_DIR) / "express/node_modules";

// app.js: the CORS setup between the markers, then the route.
AppServer express_app(const fs::path& dir) {
  return AppServer(dir, "app.js", {"/usr/bin/env", "node", "{file}", "{port}"}, "//",
                   {{"NODE_PATH", kNodeModules.string()}});
}
const std::string kBefore = "const express = require('express');\nconst app = express();";
const std::string kAfter =
    "app.all('/api/orders', (req, res) => res.json({ok: true}));\n"
    "app.listen(Number(process.argv[2]), '127.0.0.1');";

// The app's cors() call: the fixture's page origin, Content-Type only
// (allowedHeaders replaces cors()'s default of echoing the requested headers).
std::string cors_allowing_content_type(const fixture::FixtureApp& app) {
  return "const cors = require('cors');\napp.use('/api/orders', cors({origin: '" + app.frontend_origin() +
         "', allowedHeaders: ['Content-Type']}));";
}

class ExpressTest : public AppServerTest {
 protected:
  void SetUp() override {
    if (!fs::exists(kNodeModules / "express") || !fs::exists(kNodeModules / "cors")) {
      FAIL() << "express and cors are not installed in " << kNodeModules << ": scripts/setup --tests runs npm ci there";
    }
  }
};

TEST_F(ExpressTest, ARefusedTraceparentIsNamedAndExpresssOwnSnippetFixesIt) {
  AppServer express = express_app(server_dir.path());
  fixture::FixtureApp app(page_fetching(express.origin() + "/api/orders", kJsonPostWithTraceparent));
  app.start();
  express.write(kBefore, cors_allowing_content_type(app), kAfter);
  ASSERT_NO_FATAL_FAILURE(express.start());
  const std::string file = write_scenario(tmp.path(), "express", app.page_url("/page"));

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["server"]["name"], "express");
  EXPECT_EQ(f["server"]["evidence"], "X-Powered-By: Express");
  ASSERT_EQ(f["fixSnippet"]["server"], "express");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("allowedHeaders: ['Content-Type', 'traceparent']"), std::string::npos) << snippet;

  apply_and_pass(express, file, snippet);
}

// audit: cors() allowing Content-Type only refuses every SDK; the audit's
// one fix, pasted over the cors() call, makes the row ready for all.
TEST_F(ExpressTest, TheAuditsOneFixMakesTheRowReadyForEverySdk) {
  AppServer express = express_app(server_dir.path());
  fixture::FixtureApp app(
      page_fetching(express.origin() + "/api/orders", "{method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'}"));
  app.start();
  express.write(kBefore, cors_allowing_content_type(app), kAfter);
  ASSERT_NO_FATAL_FAILURE(express.start());
  const std::string file = write_scenario(tmp.path(), "express", app.page_url("/page"));

  const json audit = audit_and_report(file, tmp.path(), 1);
  ASSERT_NO_FATAL_FAILURE(expect_every_sdk(audit, "refused"));
  const json& row = audit["endpoints"][0];
  ASSERT_EQ(row["fixSnippet"]["server"], "express") << row.dump(2);
  const std::string snippet = row["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("'sentry-trace'"), std::string::npos) << snippet;

  express.stop();
  express.apply(snippet);
  ASSERT_NO_FATAL_FAILURE(express.start());
  expect_every_sdk(audit_and_report(file, tmp.path(), 0), "ready");
}

// cors() with no options answers `Access-Control-Allow-Origin: *`, which a
// credentialed fetch may not use.
TEST_F(ExpressTest, TheDefaultStarOriginRefusesCredentialsAndTheSnippetFixesIt) {
  AppServer express = express_app(server_dir.path());
  fixture::FixtureApp app(page_fetching(express.origin() + "/api/orders", "{credentials: 'include'}"));
  app.start();
  express.write(kBefore, "const cors = require('cors');\napp.use(cors());", kAfter);
  ASSERT_NO_FATAL_FAILURE(express.start());
  const std::string file = write_scenario(tmp.path(), "express", app.page_url("/page"));

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "wildcard-with-credentials");
  EXPECT_EQ(f["server"]["name"], "express");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("credentials: true"), std::string::npos) << snippet;

  apply_and_pass(express, file, snippet);
}

}  // namespace
}  // namespace silentcors::e2e
