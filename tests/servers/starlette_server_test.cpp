// Verified on the real server: Debian's Starlette (CORSMiddleware) under
// uvicorn. Its add_middleware call refuses traceparent; a refused preflight
// is Starlette's 400 "Disallowed CORS headers" (Chromium names only the
// status). silentcors must name Starlette (Server: uvicorn) and the refused
// header, and its own fixSnippet, pasted over the add_middleware call, must
// make the scenario pass, keeping the methods the app allowed (Starlette's
// default is GET only). Second: that GET-only default refuses a PUT.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app_server.h"
#include "app_server_test.h"
#include "fixture/fixture_app.h"
#include "python_servers.h"
#include "server_scenario.h"

namespace silentcors::e2e {
namespace {

using nlohmann::json;

// app.py (python_app): the app, its CORSMiddleware, uvicorn.
const std::string kBefore =
    "import sys\nimport uvicorn\nfrom starlette.applications import Starlette\n"
    "from starlette.responses import JSONResponse\nfrom starlette.routing import Route\n\n"
    "async def orders(request):\n    return JSONResponse({\"ok\": True})\n\n"
    "app = Starlette(routes=[Route(\"/api/orders\", orders, methods=[\"GET\", \"POST\", \"PUT\"])])";
const std::string kAfter = "uvicorn.run(app, host=\"127.0.0.1\", port=int(sys.argv[1]), log_level=\"warning\")";

// The CORS block: Starlette's CORSMiddleware with `options`.
std::string cors_middleware(const std::string& options) {
  return "from starlette.middleware.cors import CORSMiddleware\napp.add_middleware(CORSMiddleware, " + options + ")";
}

class StarletteTest : public AppServerTest {
 protected:
  void SetUp() override {
    require_python_modules({{"starlette", "python3-starlette"}, {"uvicorn", "python3-uvicorn"}});
  }
};

TEST_F(StarletteTest, ARefusedTraceparentIsNamedAndStarlettesOwnSnippetFixesIt) {
  AppServer starlette = python_app(server_dir.path());
  fixture::FixtureApp app(page_fetching(starlette.origin() + "/api/orders", kJsonPostWithTraceparent));
  app.start();
  starlette.write(kBefore,
                  cors_middleware("allow_origins=[\"" + app.frontend_origin() +
                                  "\"], allow_methods=[\"GET\", \"POST\"], allow_headers=[\"content-type\"]"),
                  kAfter);
  ASSERT_NO_FATAL_FAILURE(starlette.start());
  const std::string file = write_scenario(tmp.path(), "starlette", app.page_url("/page"));

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["chrome"]["corsError"], "PreflightInvalidStatus");
  EXPECT_EQ(f["kind"], "header-not-allowed") << f.dump(2);
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["status"], 400);
  EXPECT_EQ(f["server"]["name"], "starlette");
  EXPECT_EQ(f["server"]["evidence"], "Server: uvicorn");
  ASSERT_EQ(f["fixSnippet"]["server"], "starlette");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("\"traceparent\"]"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("allow_methods=[\"GET\", \"POST\"]"), std::string::npos) << snippet;

  apply_and_pass(starlette, file, snippet);
}

// allow_methods left out: Starlette allows GET only, and answers the PUT's
// preflight 400 "Disallowed CORS method".
TEST_F(StarletteTest, ItsGetOnlyDefaultRefusesAPutAndTheSnippetFixesIt) {
  AppServer starlette = python_app(server_dir.path());
  fixture::FixtureApp app(page_fetching(starlette.origin() + "/api/orders",
                                        "{method: 'PUT', headers: {'content-type': 'application/json'}, body: '{}'}"));
  app.start();
  starlette.write(kBefore,
                  cors_middleware("allow_origins=[\"" + app.frontend_origin() +
                                  "\"], allow_headers=[\"content-type\"]"),
                  kAfter);
  ASSERT_NO_FATAL_FAILURE(starlette.start());
  const std::string file = write_scenario(tmp.path(), "starlette", app.page_url("/page"));

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "method-not-allowed") << f.dump(2);
  EXPECT_EQ(f["method"], "PUT");
  EXPECT_EQ(f["server"]["name"], "starlette");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("allow_methods=[\"GET\", \"PUT\"]"), std::string::npos) << snippet;

  apply_and_pass(starlette, file, snippet);
}

}  // namespace
}  // namespace silentcors::e2e
