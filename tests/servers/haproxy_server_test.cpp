// Verified on the real server: Debian's HAProxy in front of an upstream (a
// second frontend of the same HAProxy, so no other program is needed), the
// CORS headers set in the front as `http-response set-header` lines that
// refuse traceparent. HAProxy sends no Server header, so the scenario names
// it ("servers"), as a user of HAProxy would. Then silentcors' own
// fixSnippet, applied to the frontend as it says (replacing the lines for
// those headers), must make the scenario pass. A second test: HAProxy's own
// 503 (no upstream up) is an answer the http-response rules never touch.
#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app_server_test.h"
#include "fixture/fixture_app.h"
#include "server_process.h"
#include "server_scenario.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A line setting a response header, the name in group 1.
const std::regex kSetHeader(R"(http-(?:after-)?response\s+set-header\s+([A-Za-z-]+)\s)");

// HAProxy in the foreground (-db). The frontend `api` carries the CORS lines
// under test and forwards to `upstream`, which answers 200 to everything
// (preflights too, as an app that knows nothing of CORS does).
class Haproxy {
 public:
  explicit Haproxy(const fs::path& dir) : dir_(dir), port_(free_port()), upstream_port_(free_port()) {}
  // `upstream_up` false: the backend points at a port nothing listens on
  // (`retries 0`: HAProxy answers its 503 at once instead of retrying).
  void write(const std::string& frontend_cors, bool upstream_up = true) {
    std::ofstream(dir_ / "haproxy.cfg")
        << "global\n  log stderr format raw local0 err\ndefaults\n  mode http\n  retries 0\n  timeout connect 2s\n"
           "  timeout client 10s\n  timeout server 10s\nfrontend api\n  bind 127.0.0.1:"
        << port_ << "\n" << frontend_cors << "\n  default_backend app\nbackend app\n  server app1 127.0.0.1:"
        << (upstream_up ? upstream_port_ : free_port()) << "\nfrontend upstream\n  bind 127.0.0.1:" << upstream_port_
        << "\n  http-request return status 200 content-type application/json string \"{\\\"ok\\\":true}\"\n";
  }
  void start() {
    ASSERT_TRUE(process_.start({"/usr/sbin/haproxy", "-db", "-f", (dir_ / "haproxy.cfg").string()}, port_,
                               dir_ / "stderr.log"))
        << "haproxy did not start: " << read_file(dir_ / "stderr.log");
  }
  void stop() { process_.stop(); }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string config() const { return read_file(dir_ / "haproxy.cfg"); }

 private:
  fs::path dir_;
  int port_;
  int upstream_port_;
  ServerProcess process_;
};

class HaproxyTest : public ServerTest {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/sbin/haproxy"))
      FAIL() << "haproxy is not installed: scripts/setup --tests installs it for these tests";
  }
};

TEST_F(HaproxyTest, ARefusedTraceparentIsNamedAndHaproxysOwnSnippetFixesIt) {
  Haproxy haproxy(server_dir.path());
  fixture::FixtureApp app(
      page_fetching(haproxy.origin() + "/api/orders", std::string("{headers: {traceparent: '") + kTraceparent + "'}}"));
  app.start();
  const std::string cors = "  http-response set-header Access-Control-Allow-Origin \"" + app.frontend_origin() +
                           "\"\n  http-response set-header Access-Control-Allow-Methods \"GET, POST\"\n"
                           "  http-response set-header Access-Control-Allow-Headers \"Content-Type\"";
  haproxy.write(cors);
  ASSERT_NO_FATAL_FAILURE(haproxy.start());
  const std::string file = write_scenario(tmp.path(), "haproxy", app.page_url("/page"), {{haproxy.origin(), "haproxy"}});

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["server"]["name"], "haproxy");
  EXPECT_EQ(f["server"]["confidence"], "stated");
  ASSERT_EQ(f["fixSnippet"]["server"], "haproxy");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("set-header Access-Control-Allow-Headers \"Content-Type, traceparent\""), std::string::npos)
      << snippet;

  haproxy.stop();
  haproxy.write(apply_snippet(cors, snippet, kSetHeader));
  ASSERT_NO_FATAL_FAILURE(haproxy.start());
  json fixed = run_and_report(file, tmp.path(), 0);
  EXPECT_EQ(fixed["summary"]["errors"], 0) << haproxy.config() << fixed.dump(2);
}

// No upstream is up: HAProxy answers 503 itself, and `http-response` rules
// run only on what a server sent, so the page gets a CORS error. The
// finding names the 503; the snippet must put the headers on HAProxy's own
// answers too (the 503 itself stays the operator's problem).
TEST_F(HaproxyTest, ItsOwn503WithoutCorsHeadersIsNamedAndTheSnippetCoversIt) {
  Haproxy haproxy(server_dir.path());
  fixture::FixtureApp app(page_fetching(haproxy.origin() + "/api/orders", "{}"));
  app.start();
  const std::string cors = "  http-response set-header Access-Control-Allow-Origin \"" + app.frontend_origin() + "\"";
  haproxy.write(cors, /*upstream_up=*/false);
  ASSERT_NO_FATAL_FAILURE(haproxy.start());
  const std::string file = write_scenario(tmp.path(), "haproxy", app.page_url("/page"), {{haproxy.origin(), "haproxy"}});

  json report = run_and_report(file, tmp.path(), 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "missing-allow-origin");
  EXPECT_EQ(f["status"], 503);
  ASSERT_EQ(f["fixSnippet"]["server"], "haproxy");
  const std::string snippet = f["fixSnippet"]["text"];

  haproxy.stop();
  haproxy.write(apply_snippet(cors, snippet, kSetHeader), /*upstream_up=*/false);
  ASSERT_NO_FATAL_FAILURE(haproxy.start());
  json fixed = run_and_report(file, tmp.path(), 0);
  EXPECT_EQ(fixed["summary"]["errors"], 0) << haproxy.config() << fixed.dump(2);
  EXPECT_EQ(fixed["summary"]["otherFailures"]["HTTP 503"], 1) << fixed["summary"].dump();
}

}  // namespace
}  // namespace silentcors::e2e
