// Verified on the real server: github.com/rs/cors from Debian's Go source
// package, built offline with Debian's Go (GOPATH mode, no module proxy).
// rs/cors answers a preflight that asks for a header it does not allow with
// no CORS header at all, so Chromium names only the missing Allow-Origin;
// silentcors must still name what the preflight asked for, and its own
// fixSnippet, pasted over the app's cors.New call, must make the scenario
// pass. Go's net/http names no server, so the scenario states it.
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

const fs::path kGoPath = "/usr/share/gocode";

const std::string kBefore =
    "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\n\t\"github.com/rs/cors\"\n)\n\nfunc main() {\n"
    "\tmux := http.NewServeMux()\n"
    "\tmux.HandleFunc(\"/api/orders\", func(w http.ResponseWriter, r *http.Request) {\n"
    "\t\tw.Header().Set(\"Content-Type\", \"application/json\")\n\t\tw.Write([]byte(`{\"ok\":true}`))\n\t})";
const std::string kAfter = "\thttp.ListenAndServe(\"127.0.0.1:\"+os.Args[1], handler)\n}";

class GoRsCorsTest : public AppServerTest {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/bin/go") || !fs::exists(kGoPath / "src/github.com/rs/cors/cors.go")) {
      FAIL() << "Go or rs/cors is not installed: scripts/setup --tests installs golang-go and "
                "golang-github-rs-cors-dev for these tests";
    }
  }
};

TEST_F(GoRsCorsTest, ARefusedTraceparentIsNamedAndRsCorsOwnSnippetFixesIt) {
  // GOPATH mode against Debian's sources: nothing is fetched. The build
  // cache lives in the build tree, so only the first build is slow.
  AppServer go(server_dir.path(), "main.go", {"{dir}/app", "{port}"}, "//",
               {{"GO111MODULE", "off"}, {"GOPATH", kGoPath.string()}, {"GOCACHE", SILENTCORS_GO_CACHE},
                {"GOFLAGS", ""}, {"GOTOOLCHAIN", "local"}});
  go.build_with({"/usr/bin/go", "build", "-o", "{dir}/app", "{file}"});
  fixture::FixtureApp app(page_fetching(go.origin() + "/api/orders", kJsonPostWithTraceparent));
  app.start();
  go.write(kBefore,
           "\tc := cors.New(cors.Options{\n\t\tAllowedOrigins: []string{\"" + app.frontend_origin() +
               "\"},\n\t\tAllowedHeaders: []string{\"Content-Type\"},\n\t})\n\thandler := c.Handler(mux)",
           kAfter);
  ASSERT_NO_FATAL_FAILURE(go.start());
  const std::string file = write_scenario(tmp.path(), "go", app.page_url("/page"), {{go.origin(), "go-rs-cors"}});

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["chrome"]["corsError"], "PreflightMissingAllowOriginHeader");
  EXPECT_EQ(f["kind"], "missing-allow-origin");
  EXPECT_EQ(f["headers"], json({"content-type", "traceparent"})) << f.dump(2);
  EXPECT_EQ(f["server"]["name"], "go-rs-cors");
  ASSERT_EQ(f["fixSnippet"]["server"], "go-rs-cors");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("AllowedHeaders: []string{\"content-type\", \"traceparent\"}"), std::string::npos) << snippet;

  apply_and_pass(go, file, snippet);
}

}  // namespace
}  // namespace silentcors::e2e
