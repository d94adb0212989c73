// Verified on the real server: Debian's Apache httpd (mod_headers) with a
// CORS configuration that refuses traceparent. silentcors must name Apache
// from its Server header and the refused header; then its own fixSnippet,
// applied to the configuration as it says, must make the scenario pass.
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

const std::regex kHeaderSet(R"(Header\s+(?:always\s+)?set\s+([A-Za-z-]+)\s)");

// httpd in the foreground (-X), every path of it in `dir`; a static file
// at /api/orders answers GET, and the core answers OPTIONS 200.
class Apache {
 public:
  explicit Apache(const fs::path& dir) : dir_(dir), port_(free_port()) {
    fs::create_directories(dir_ / "www/api");
    std::ofstream(dir_ / "www/api/orders") << "{\"ok\":true}\n";
  }
  // `log_format`: a LogFormat string for an access log (access_log()); ""
  // for none.
  void write(const std::string& cors_lines, const std::string& log_format = "") {
    const std::string modules = "/usr/lib/apache2/modules/";
    const std::string access_log = log_format.empty() ? "" :
        "LogFormat \"" + log_format + "\" cors\nCustomLog " + (dir_ / "access.log").string() + " cors\n";
    std::ofstream(dir_ / "httpd.conf")
        << "ServerRoot " << dir_.string() << "\nListen 127.0.0.1:" << port_ << "\nPidFile " << (dir_ / "httpd.pid").string()
        << "\nErrorLog " << (dir_ / "error.log").string() << "\nLoadModule mpm_event_module " << modules
        << "mod_mpm_event.so\nLoadModule authz_core_module " << modules << "mod_authz_core.so\nLoadModule headers_module "
        << modules << "mod_headers.so\nLoadModule rewrite_module " << modules << "mod_rewrite.so\nServerName localhost\nDocumentRoot " << (dir_ / "www").string() << "\n<Directory "
        << (dir_ / "www").string() << ">\n  Require all granted\n</Directory>\n<Location \"/api/orders\">\n" << cors_lines
        << "\n</Location>\n" << access_log;
  }
  std::string access_log() const { return (dir_ / "access.log").string(); }
  void start() {
    ASSERT_TRUE(process_.start({"/usr/sbin/apache2", "-X", "-f", (dir_ / "httpd.conf").string()}, port_, dir_ / "stderr.log"))
        << "apache2 did not start: " << read_file(dir_ / "stderr.log") << read_file(dir_ / "error.log");
  }
  void stop() { process_.stop(); }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string config() const { return read_file(dir_ / "httpd.conf"); }

 private:
  fs::path dir_;
  int port_;
  ServerProcess process_;
};

class ApacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/sbin/apache2"))
      FAIL() << "apache2 is not installed: scripts/setup --tests installs it for these tests";
  }
  void TearDown() override { EXPECT_TRUE(nothing_left_behind(tmp.str())); }

  json run(const std::string& scenario_file, int expected_exit) {
    return run_and_report(scenario_file, tmp.path(), expected_exit);
  }

  TempDir tmp;
  TempDir server_dir;
};

TEST_F(ApacheTest, ARefusedTraceparentIsNamedAndApachesOwnSnippetFixesIt) {
  Apache apache(server_dir.path());
  fixture::FixtureConfig page;
  page.pages["/page"] = "<!doctype html><script>fetch('" + apache.origin() +
                        "/api/orders', {headers: {traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'}})"
                        ".then(r => r.text()).catch(() => {});</script>";
  fixture::FixtureApp app(page);
  app.start();
  const std::string cors = "  Header always set Access-Control-Allow-Origin \"" + app.frontend_origin() +
                           "\"\n  Header always set Access-Control-Allow-Methods \"GET, POST\"\n"
                           "  Header always set Access-Control-Allow-Headers \"Content-Type\"";
  apache.write(cors);
  ASSERT_NO_FATAL_FAILURE(apache.start());
  const fs::path file = tmp.path() / "scenario.json";
  std::ofstream(file) << json{{"name", "apache"}, {"url", app.page_url("/page")}, {"idleMs", 200}}.dump();

  json report = run(file.string(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["server"]["name"], "apache");
  EXPECT_EQ(f["server"]["evidence"].get<std::string>().rfind("Server: Apache/2.4", 0), 0u) << f["server"].dump();
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("Header always set Access-Control-Allow-Headers \"Content-Type, traceparent\""),
            std::string::npos)
      << snippet;

  apache.stop();
  apache.write(apply_snippet(cors, snippet, kHeaderSet));
  ASSERT_NO_FATAL_FAILURE(apache.start());
  json fixed = run(file.string(), 0);
  EXPECT_EQ(fixed["summary"]["errors"], 0) << apache.config() << fixed.dump(2);
}

// Apache's LogFormat with the CORS request headers, as the console advises
// it and as given to --format: the log names the header the run's CDP
// report names. One client, one path (a query per call, so no preflight
// comes from Chromium's cache): each GET follows its own, newest preflight.
TEST_F(ApacheTest, WithTheRequestHeadersLoggedItsAccessLogNamesTheRefusedHeader) {
  const std::string format = R"(%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" \"%{Origin}i\" )"
                             R"(\"%{Access-Control-Request-Headers}i\")";
  Apache apache(server_dir.path());
  const fixture::FixtureConfig page = page_calling_twenty_half_traced(apache.origin() + "/api/orders?i=", "GET");
  fixture::FixtureApp app(page);
  app.start();
  apache.write("  Header always set Access-Control-Allow-Origin \"" + app.frontend_origin() +
                   "\"\n  Header always set Access-Control-Allow-Methods \"GET, POST\"\n"
                   "  Header always set Access-Control-Allow-Headers \"Content-Type\"",
               format);
  ASSERT_NO_FATAL_FAILURE(apache.start());
  const fs::path file = tmp.path() / "scenario.json";
  std::ofstream(file) << json{{"name", "apache"}, {"url", app.page_url("/page")}, {"idleMs", 200}}.dump();
  const json report = run(file.string(), 1);
  EXPECT_EQ(report["summary"]["corsFailures"], 10) << report["summary"].dump(2);
  apache.stop();

  const fs::path logs_json = tmp.path() / "logs.json";
  const auto result =
      run_silentcors({"logs", apache.access_log(), "--format", format, "--json", logs_json.string()}, tmp.str());
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
