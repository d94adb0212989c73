// Verified on the real server: Debian's Caddy, whose site block sets CORS
// headers that refuse traceparent. silentcors must name Caddy from its
// Server header and the refused header; then its own fixSnippet, applied to
// the site block as it says, must make the scenario pass.
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "e2e_support.h"
#include "fixture/fixture_app.h"
#include "server_process.h"
#include "server_scenario.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A header line in a Caddy `header` block: its name is group 1.
const std::regex kCaddyHeader(R"(^\s*((?:Access-Control-[A-Za-z-]+)|Vary|Timing-Allow-Origin)\s+")");

class Caddy {
 public:
  explicit Caddy(const fs::path& dir) : dir_(dir), port_(free_port()) {}
  void write(const std::string& site_body) {
    std::ofstream(dir_ / "Caddyfile") << "{\n\tadmin off\n\tauto_https off\n}\nhttp://127.0.0.1:"
                                      << port_ << " {\n" << site_body << "\n}\n";
  }
  void start() {
    ASSERT_TRUE(process_.start({"/usr/bin/caddy", "run", "--config", (dir_ / "Caddyfile").string(), "--adapter",
                                "caddyfile"},
                               port_, dir_ / "stderr.log", dir_))
        << "caddy did not start: " << read_file(dir_ / "stderr.log");
  }
  void stop() { process_.stop(); }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string config() const { return read_file(dir_ / "Caddyfile"); }

 private:
  fs::path dir_;
  int port_;
  ServerProcess process_;
};

class CaddyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/bin/caddy"))
      FAIL() << "caddy is not installed: scripts/setup --tests installs it for these tests";
  }
  void TearDown() override { EXPECT_TRUE(nothing_left_behind(tmp.str())); }
  TempDir tmp;
  TempDir server_dir;
};

TEST_F(CaddyTest, ARefusedTraceparentIsNamedAndCaddysOwnSnippetFixesIt) {
  Caddy caddy(server_dir.path());
  fixture::FixtureConfig page;
  page.pages["/page"] = "<!doctype html><script>fetch('" + caddy.origin() +
                        "/api/orders', {headers: {traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'}})"
                        ".then(r => r.text()).catch(() => {});</script>";
  fixture::FixtureApp app(page);
  app.start();
  const std::string site = "\t@preflight method OPTIONS\n\theader /api/orders* {\n\t\tAccess-Control-Allow-Origin \"" +
                           app.frontend_origin() +
                           "\"\n\t\tAccess-Control-Allow-Methods \"GET, POST\"\n\t\tAccess-Control-Allow-Headers "
                           "\"Content-Type\"\n\t}\n\trespond @preflight 204\n\trespond /api/orders* `{\"ok\":true}` 200";
  caddy.write(site);
  ASSERT_NO_FATAL_FAILURE(caddy.start());
  const fs::path file = tmp.path() / "scenario.json";
  std::ofstream(file) << json{{"name", "caddy"}, {"url", app.page_url("/page")}, {"idleMs", 200}}.dump();

  json report = run_and_report(file.string(), tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["server"]["name"], "caddy");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("Access-Control-Allow-Headers \"Content-Type, traceparent\""), std::string::npos) << snippet;

  caddy.stop();
  caddy.write(apply_snippet(site, snippet, kCaddyHeader));
  ASSERT_NO_FATAL_FAILURE(caddy.start());
  json fixed = run_and_report(file.string(), tmp.path(), 0);
  EXPECT_EQ(fixed["summary"]["errors"], 0) << caddy.config() << fixed.dump(2);
}

// Caddy's own JSON access log (a `log` block, nothing else configured)
// carries every request header: `logs --format caddy` names the header the
// orphaned preflights asked for, the one the run's CDP report names.
TEST_F(CaddyTest, ItsJsonAccessLogNamesTheRefusedHeader) {
  Caddy caddy(server_dir.path());
  const fixture::FixtureConfig page = page_calling_twenty_half_traced(caddy.origin() + "/api/orders?i=", "GET");
  fixture::FixtureApp app(page);
  app.start();
  const fs::path access_log = server_dir.path() / "access.log";
  caddy.write("\tlog {\n\t\toutput file " + access_log.string() + "\n\t}\n\t@preflight method OPTIONS\n"
              "\theader /api/orders* {\n\t\tAccess-Control-Allow-Origin \"" + app.frontend_origin() +
              "\"\n\t\tAccess-Control-Allow-Methods \"GET, POST\"\n\t\tAccess-Control-Allow-Headers \"Content-Type\"\n\t}\n"
              "\trespond @preflight 204\n\trespond /api/orders* `{\"ok\":true}` 200");
  ASSERT_NO_FATAL_FAILURE(caddy.start());
  const fs::path file = tmp.path() / "scenario.json";
  std::ofstream(file) << json{{"name", "caddy"}, {"url", app.page_url("/page")}, {"idleMs", 200}}.dump();
  const json report = run_and_report(file.string(), tmp.path(), 1);
  EXPECT_EQ(report["summary"]["corsFailures"], 10) << report["summary"].dump(2);
  caddy.stop();

  const fs::path logs_json = tmp.path() / "logs.json";
  const auto result = run_silentcors(
      {"logs", access_log.string(), "--format", "caddy", "--json", logs_json.string()}, tmp.str());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const json logs = read_report(logs_json)["logs"];
  EXPECT_EQ(logs["lines"]["skipped"], 0) << logs.dump(2);
  ASSERT_EQ(logs["endpoints"].size(), 1u) << logs.dump(2);
  const json& e = logs["endpoints"][0];
  EXPECT_EQ(e["method"], "GET");
  EXPECT_EQ(e["path"], "/api/orders");
  EXPECT_EQ(e["origin"], app.frontend_origin());
  EXPECT_EQ(e["preflights"], 20);
  EXPECT_EQ(e["orphaned"], report["summary"]["corsFailures"]);
  expect_orphans_asked_for_traceparent(e);
}

}  // namespace
}  // namespace silentcors::e2e
