// Verified on the real server: Debian's rack-cors in a one-file Rails app
// (Debian's railties, served by WEBrick), its CORS block the initializer
// rack-cors documents. rack-cors answers a preflight that asks for a header
// it does not allow with no CORS header at all, so Chromium names only the
// missing Allow-Origin; silentcors must still name what the preflight asked
// for, and its own fixSnippet, pasted over that block, must make the
// scenario pass. rack-cors shows itself only with `debug: true` (X-Rack-CORS)
// and WEBrick or Puma name no framework, so the scenario states the server.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/process.hpp>

#include "app_server.h"
#include "app_server_test.h"
#include "fixture/fixture_app.h"
#include "server_scenario.h"

namespace silentcors::e2e {
namespace {

namespace bp = boost::process;
using nlohmann::json;

const std::string kRails =
    "require \"rails\"\nrequire \"action_controller/railtie\"\nrequire \"rack/cors\"\n\n"
    "class ShopApi < Rails::Application\n  config.load_defaults 6.1\n  config.eager_load = false\n"
    "  config.api_only = true\n  config.logger = Logger.new($stderr, level: :warn)\n"
    "  config.secret_key_base = \"test\"\n  config.hosts.clear\n  routes.append do\n"
    "    match \"/api/orders\", to: ->(env) { [200, {\"Content-Type\" => \"application/json\"}, ['{\"ok\":true}']] },"
    " via: %i[get post]\n  end\nend\n";

class RackTest : public AppServerTest {
 protected:
  void SetUp() override {
    int code = -1;
    try {
      code = bp::system("/usr/bin/ruby", "-e", "require 'rails'; require 'rack/cors'; require 'webrick'",
                        bp::std_out > bp::null, bp::std_err > bp::null);
    } catch (const std::exception&) {
    }
    if (code != 0 || !std::filesystem::exists("/usr/bin/rackup")) {
      FAIL() << "ruby with rails, rack-cors and webrick is not installed: scripts/setup --tests installs "
                "ruby-railties, ruby-rack-cors, ruby-rack and ruby-webrick for these tests";
    }
  }
};

TEST_F(RackTest, ARefusedTraceparentIsNamedAndRackCorsOwnSnippetFixesIt) {
  AppServer rails(server_dir.path(), "config.ru",
                  {"/usr/bin/rackup", "-s", "webrick", "-o", "127.0.0.1", "-p", "{port}", "{file}"}, "#");
  fixture::FixtureApp app(page_fetching(rails.origin() + "/api/orders", kJsonPostWithTraceparent));
  app.start();
  rails.write(kRails,
              "Rails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins '" +
                  app.frontend_origin() +
                  "'\n    resource '/api/*', headers: %w[Content-Type], methods: %i[get post options]\n  end\nend",
              "Rails.application.initialize!\nrun Rails.application");
  ASSERT_NO_FATAL_FAILURE(rails.start());
  const std::string file = write_scenario(tmp.path(), "rack", app.page_url("/page"), {{rails.origin(), "rails"}});

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["chrome"]["corsError"], "PreflightMissingAllowOriginHeader");
  EXPECT_EQ(f["kind"], "missing-allow-origin");
  EXPECT_EQ(f["headers"], json({"content-type", "traceparent"})) << f.dump(2);
  EXPECT_EQ(f["server"]["name"], "rack");
  ASSERT_EQ(f["fixSnippet"]["server"], "rack");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("headers: %w[content-type traceparent]"), std::string::npos) << snippet;

  apply_and_pass(rails, file, snippet);
}

}  // namespace
}  // namespace silentcors::e2e
