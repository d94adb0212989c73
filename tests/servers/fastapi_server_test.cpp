// Verified on the real server: Debian's FastAPI (Starlette's CORSMiddleware
// underneath, imported as FastAPI documents it) under uvicorn. silentcors
// names it "starlette" (Server: uvicorn; one snippet serves both), and its
// snippet, pasted over the app's add_middleware call, must make the scenario
// pass: its Starlette import works in a FastAPI app as is.
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

class FastApiTest : public AppServerTest {
 protected:
  void SetUp() override { require_python_modules({{"fastapi", "python3-fastapi"}, {"uvicorn", "python3-uvicorn"}}); }
};

TEST_F(FastApiTest, ARefusedTraceparentIsNamedAndTheStarletteSnippetFixesIt) {
  AppServer fastapi = python_app(server_dir.path());
  fixture::FixtureApp app(
      page_fetching(fastapi.origin() + "/api/orders", std::string("{headers: {traceparent: '") + kTraceparent + "'}}"));
  app.start();
  fastapi.write("import sys\nimport uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n"
                "@app.get(\"/api/orders\")\nasync def orders():\n    return {\"ok\": True}\n",
                "from fastapi.middleware.cors import CORSMiddleware\n"
                "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\"" +
                    app.frontend_origin() + "\"],\n    allow_headers=[\"content-type\", \"x-request-id\"],\n)",
                "uvicorn.run(app, host=\"127.0.0.1\", port=int(sys.argv[1]), log_level=\"warning\")");
  ASSERT_NO_FATAL_FAILURE(fastapi.start());
  const std::string file = write_scenario(tmp.path(), "fastapi", app.page_url("/page"));

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed") << f.dump(2);
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["server"]["name"], "starlette");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("\"x-request-id\", \"traceparent\"]"), std::string::npos) << snippet;

  apply_and_pass(fastapi, file, snippet);
}

}  // namespace
}  // namespace silentcors::e2e
