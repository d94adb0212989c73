// Verified on the real server: Debian's Flask (Werkzeug's server) with
// Flask-CORS, whose CORS() call allows only Content-Type. silentcors must
// name Flask (Server: Werkzeug) and the refused header, and its own
// fixSnippet, pasted over the CORS() call, must make the scenario pass.
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

class FlaskTest : public AppServerTest {
 protected:
  void SetUp() override { require_python_modules({{"flask", "python3-flask"}, {"flask_cors", "python3-flask-cors"}}); }
};

TEST_F(FlaskTest, ARefusedTraceparentIsNamedAndFlasksOwnSnippetFixesIt) {
  AppServer flask = python_app(server_dir.path());
  fixture::FixtureApp app(page_fetching(flask.origin() + "/api/orders", kJsonPostWithTraceparent));
  app.start();
  flask.write("import sys\nfrom flask import Flask, jsonify\n\napp = Flask(__name__)\n\n"
              "@app.route(\"/api/orders\", methods=[\"GET\", \"POST\"])\ndef orders():\n    return jsonify(ok=True)\n",
              "from flask_cors import CORS\nCORS(app, resources={r\"/api/*\": {\"origins\": [\"" + app.frontend_origin() +
                  "\"], \"allow_headers\": [\"Content-Type\"]}})",
              "app.run(host=\"127.0.0.1\", port=int(sys.argv[1]))");
  ASSERT_NO_FATAL_FAILURE(flask.start());
  const std::string file = write_scenario(tmp.path(), "flask", app.page_url("/page"));

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["server"]["name"], "flask");
  EXPECT_EQ(f["server"]["evidence"].get<std::string>().rfind("Server: Werkzeug/", 0), 0u) << f["server"].dump();
  ASSERT_EQ(f["fixSnippet"]["server"], "flask");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("\"allow_headers\": [\"content-type\", \"traceparent\"]"), std::string::npos) << snippet;

  apply_and_pass(flask, file, snippet);
}

}  // namespace
}  // namespace silentcors::e2e
