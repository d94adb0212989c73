// Verified on the real server: Debian's nginx, configured with a CORS block
// that refuses traceparent (and one whose add_header lacks `always`, so an
// upstream 500 loses its CORS headers). silentcors must name nginx and the
// refused headers; then its own fixSnippet, applied to the configuration as
// it says (replacing the location's lines for those headers), must make the
// scenario pass in real Chromium.
#include <fstream>
#include <regex>
#include <sstream>

#include <boost/process.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "browser/child_wait.h"
#include "e2e_support.h"
#include "fixture/fixture_app.h"
#include "server_process.h"
#include "server_scenario.h"

namespace silentcors::e2e {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;
using nlohmann::json;

// nginx in the foreground, every path of it in `dir`.
class Nginx {
 public:
  // `log_format`: the access log's format (nginx's log_format string, quoted
  // as in nginx.conf); "" for nginx's default, combined.
  Nginx(const fs::path& dir, const std::string& location_body, std::string log_format = "")
      : dir_(dir), port_(free_port()), log_format_(std::move(log_format)) {
    fs::create_directories(dir_ / "logs");
    write(location_body);
  }

  void write(const std::string& location_body) {
    std::ofstream(dir_ / "nginx.conf") << "daemon off;\nmaster_process off;\nerror_log " << (dir_ / "logs/error.log").string()
                                       << ";\npid " << (dir_ / "nginx.pid").string()
                                       << ";\nevents {}\nhttp {\n"
                                       << (log_format_.empty() ? "" : "  log_format cors " + log_format_ + ";\n")
                                       << "  access_log " << access_log() << (log_format_.empty() ? "" : " cors")
                                       << ";\n  client_body_temp_path "
                                       << (dir_ / "body").string() << ";\n  proxy_temp_path " << (dir_ / "proxy").string()
                                       << ";\n  fastcgi_temp_path " << (dir_ / "fcgi").string()
                                       << ";\n  uwsgi_temp_path " << (dir_ / "uwsgi").string()
                                       << ";\n  scgi_temp_path " << (dir_ / "scgi").string() << ";\n  server {\n    listen 127.0.0.1:"
                                       << port_ << ";\n    location /api/orders {\n" << location_body << "\n    }\n  }\n}\n";
  }
  std::string config() const { return read_file(dir_ / "nginx.conf"); }
  // nginx's default access log (combined), or none.
  std::string access_log() const { return (dir_ / "logs/access.log").string(); }

  void start() {
    ASSERT_TRUE(process_.start({"/usr/sbin/nginx", "-p", dir_.string(), "-c", (dir_ / "nginx.conf").string()}, port_,
                               dir_ / "logs/stderr.log"))
        << "nginx did not start: " << read_file(dir_ / "logs/stderr.log") << read_file(dir_ / "logs/error.log");
  }
  void stop() { process_.stop(); }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  fs::path dir_;
  int port_;
  std::string log_format_;
  ServerProcess process_;
};

const std::regex kAddHeader(R"(add_header\s+([A-Za-z-]+)\s)");

// A location that allows Content-Type only, its CORS headers on every answer.
const std::string kContentTypeOnly =
    "      add_header Access-Control-Allow-Origin $http_origin always;\n"
    "      add_header Access-Control-Allow-Methods \"GET, POST\" always;\n"
    "      add_header Access-Control-Allow-Headers \"Content-Type\" always;\n"
    "      if ($request_method = OPTIONS) { return 204; }\n"
    "      return 200 '{\"ok\":true}';";

class NginxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists("/usr/sbin/nginx"))
      FAIL() << "nginx is not installed: scripts/setup --tests installs it for these tests";
  }
  void TearDown() override { EXPECT_TRUE(nothing_left_behind(tmp.str())); }
  void expect_the_log_names_the_refused_header(const std::string& format_in_conf, const std::string& flag);

  // The fixture's frontend serves the page that calls nginx.
  std::string scenario(fixture::FixtureApp& app) {
    const fs::path file = tmp.path() / "scenario.json";
    std::ofstream(file) << json{{"name", "nginx"}, {"url", app.page_url("/page")}, {"idleMs", 200}}.dump();
    return file.string();
  }

  json run(const std::string& scenario_file, int expected_exit) {
    return run_and_report(scenario_file, tmp.path(), expected_exit);
  }

  TempDir tmp;
  TempDir nginx_dir;  // Apart: nothing of silentcors' may be left in tmp, and nginx names its own.
};

fixture::FixtureConfig page_calling(const std::string& api, const std::string& init) {
  fixture::FixtureConfig config;
  config.pages["/page"] = "<!doctype html><script>fetch('" + api + "/api/orders', " + init + ").then(r => r.text()).catch(() => {});</script>";
  return config;
}

TEST_F(NginxTest, ARefusedTraceparentIsNamedAndNginxsOwnSnippetFixesIt) {
  const std::string location =
      "      add_header Access-Control-Allow-Origin $http_origin;\n"
      "      add_header Access-Control-Allow-Methods \"GET, POST\";\n"
      "      add_header Access-Control-Allow-Headers \"Content-Type\";\n"
      "      if ($request_method = OPTIONS) { return 204; }\n"
      "      return 200 '{\"ok\":true}';";
  Nginx nginx(nginx_dir.path(), location);
  ASSERT_NO_FATAL_FAILURE(nginx.start());
  fixture::FixtureApp app(page_calling(nginx.origin(),
                                       "{method: 'POST', headers: {'content-type': 'application/json', traceparent: "
                                       "'00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'}, body: '{}'}"));
  app.start();
  const std::string file = scenario(app);

  json report = run(file, 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "header-not-allowed");
  EXPECT_EQ(f["headers"], json({"traceparent"}));
  EXPECT_EQ(f["server"]["name"], "nginx");
  EXPECT_EQ(f["server"]["confidence"], "certain");
  ASSERT_EQ(f["fixSnippet"]["server"], "nginx");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("Content-Type, traceparent"), std::string::npos) << snippet;

  nginx.stop();
  nginx.write(apply_snippet(location, snippet, kAddHeader));
  ASSERT_NO_FATAL_FAILURE(nginx.start());
  json fixed = run(file, 0);
  EXPECT_EQ(fixed["summary"]["errors"], 0) << nginx.config() << fixed.dump(2);
  // This config echoes $http_origin without Vary, but one page origin cannot
  // tell an echo from a fixed Allow-Origin (the commonest nginx config,
  // which varies by nothing): no warning without the evidence of two.
  EXPECT_TRUE(fixed["findings"].empty()) << fixed.dump(2);
}

// audit: nginx allows Content-Type only. Every SDK's row is refused; the
// one fix (the union of their headers), applied as it says, makes it ready
// for all of them.
TEST_F(NginxTest, TheAuditsOneFixMakesTheRowReadyForEverySdk) {
  const std::string location = kContentTypeOnly;
  Nginx nginx(nginx_dir.path(), location);
  ASSERT_NO_FATAL_FAILURE(nginx.start());
  fixture::FixtureApp app(page_calling(nginx.origin(), "{method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'}"));
  app.start();
  const std::string file = scenario(app);

  const json audit = audit_and_report(file, tmp.path(), 1);
  ASSERT_NO_FATAL_FAILURE(expect_every_sdk(audit, "refused"));
  const json& row = audit["endpoints"][0];
  EXPECT_EQ(row["baseline"]["verdict"], "ready");
  ASSERT_EQ(row["fixSnippet"]["server"], "nginx") << row.dump(2);
  const std::string snippet = row["fixSnippet"]["text"];
  for (const char* header : {"traceparent", "tracestate", "baggage", "sentry-trace", "x-datadog-trace-id"}) {
    EXPECT_NE(snippet.find(header), std::string::npos) << header << " not in\n" << snippet;
  }

  nginx.stop();
  nginx.write(apply_snippet(location, snippet, kAddHeader));
  ASSERT_NO_FATAL_FAILURE(nginx.start());
  expect_every_sdk(audit_and_report(file, tmp.path(), 0), "ready");
}

// logs: nginx's own access log (its default combined format) says what the
// browser saw. A page POSTs 20 URLs, every other one with traceparent (a 50%
// sampler); nginx allows Content-Type only, so 10 preflights are refused and
// never followed. `silentcors logs` must count those 10 orphans of 20, the
// CORS failures the same run's own report counts from CDP.
// A page that POSTs 20 URLs of nginx's, every other one with traceparent.
fixture::FixtureConfig twenty_posts_half_traced(const Nginx& nginx) {
  return page_calling_twenty_half_traced(nginx.origin() + "/api/orders/", "POST");
}

TEST_F(NginxTest, ItsAccessLogShowsTheOrphansTheRunSaw) {
  Nginx nginx(nginx_dir.path(), kContentTypeOnly);
  ASSERT_NO_FATAL_FAILURE(nginx.start());
  fixture::FixtureApp app(twenty_posts_half_traced(nginx));
  app.start();
  const std::string file = scenario(app);

  const json report = run(file, 1);
  EXPECT_EQ(report["summary"]["corsFailures"], 10) << report["summary"].dump(2);
  nginx.stop();  // its log is complete

  const fs::path logs_json = tmp.path() / "logs.json";
  const auto result = run_silentcors({"logs", nginx.access_log(), "--json", logs_json.string()}, tmp.str());
  // One endpoint has no other to be compared with: reported, not flagged.
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const json logs = read_report(logs_json)["logs"];
  EXPECT_EQ(logs["lines"]["skipped"], 0) << logs.dump(2);
  ASSERT_EQ(logs["endpoints"].size(), 1u) << logs.dump(2);
  const json& e = logs["endpoints"][0];
  EXPECT_EQ(e["method"], "POST");
  EXPECT_EQ(e["path"], "/api/orders/{id}");
  EXPECT_EQ(e["preflights"], 20);
  EXPECT_EQ(e["followed"], 10);
  EXPECT_EQ(e["orphaned"], report["summary"]["corsFailures"]);
  EXPECT_TRUE(e["headers"].is_null());  // combined has no request headers...
  EXPECT_NE(result.out.find("POST /api/orders/{id}"), std::string::npos) << result.out;
  // ...and the console says how to log them.
  EXPECT_NE(result.out.find("nginx:   log_format cors"), std::string::npos) << result.out;
}

// nginx with `log_format` set to `format_in_conf` (as in nginx.conf), read
// back with `--format flag`: the log must name the header the orphans asked
// for, the one the same run's CDP report names.
void NginxTest::expect_the_log_names_the_refused_header(const std::string& format_in_conf, const std::string& flag) {
  Nginx nginx(nginx_dir.path(), kContentTypeOnly, format_in_conf);
  ASSERT_NO_FATAL_FAILURE(nginx.start());
  fixture::FixtureApp app(twenty_posts_half_traced(nginx));
  app.start();
  const json report = run(scenario(app), 1);
  ASSERT_EQ(report["findings"].size(), 10u) << report.dump(2);  // One per URL.
  for (const auto& finding : report["findings"]) EXPECT_EQ(finding["headers"], json::array({"traceparent"}));
  nginx.stop();

  const fs::path logs_json = tmp.path() / "logs.json";
  const auto result =
      run_silentcors({"logs", nginx.access_log(), "--format", flag, "--json", logs_json.string()}, tmp.str());
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const json logs = read_report(logs_json)["logs"];
  EXPECT_EQ(logs["lines"]["skipped"], 0) << logs.dump(2);
  ASSERT_EQ(logs["endpoints"].size(), 1u) << logs.dump(2);
  const json& e = logs["endpoints"][0];
  EXPECT_EQ(e["orphaned"], 10);
  EXPECT_EQ(e["origin"], app.frontend_origin());
  ASSERT_EQ(e["headers"].size(), 2u) << e.dump(2);
  // The header the CDP report names, from the server's side alone.
  EXPECT_EQ(e["headers"][0]["name"], report["findings"][0]["headers"][0]);
  expect_orphans_asked_for_traceparent(e);
  EXPECT_EQ(e["headers"][1]["name"], "content-type");
  EXPECT_FALSE(e["headers"][1]["goesWithOrphans"]);
  EXPECT_NE(result.out.find("HEADER: orphaned preflights asked for traceparent in 100% (10/10), followed ones in 0% "
                            "(0/10)"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("nginx:   log_format cors"), std::string::npos) << result.out;
}

// The format the console advises, in nginx.conf and given to --format as
// pasted from it.
TEST_F(NginxTest, WithTheRequestHeadersLoggedItsAccessLogNamesTheRefusedHeader) {
  const std::string format =
      R"('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" )"
      R"("$http_user_agent" "$http_origin" "$http_access_control_request_headers"')";
  expect_the_log_names_the_refused_header(format, format);
}

// JSON lines as nginx writes them with escape=json (the way teams ship logs
// to a warehouse), read with --format json by their nginx variable names.
TEST_F(NginxTest, ItsJsonLinesLogNamesTheRefusedHeader) {
  const std::string format =
      R"(escape=json '{"time_iso8601":"$time_iso8601","remote_addr":"$remote_addr","request":"$request",)"
      R"("status":$status,"http_user_agent":"$http_user_agent","http_origin":"$http_origin",)"
      R"("http_access_control_request_headers":"$http_access_control_request_headers"}')";
  expect_the_log_names_the_refused_header(format, "json");
}

// add_header without `always`: the upstream's 500 reaches the page as a
// missing Allow-Origin. The finding names the 500; the snippet's `always`
// makes the error readable by the page (the 500 itself stays the app's bug).
TEST_F(NginxTest, AnErrorWithoutAlwaysIsNamedAndTheSnippetPutsTheHeadersOnErrors) {
  const std::string location =
      "      add_header Access-Control-Allow-Origin $http_origin;\n"
      "      add_header Access-Control-Allow-Headers \"Content-Type\";\n"
      "      if ($request_method = OPTIONS) { return 204; }\n"
      "      return 500 '{\"error\":\"upstream\"}';";
  Nginx nginx(nginx_dir.path(), location);
  ASSERT_NO_FATAL_FAILURE(nginx.start());
  fixture::FixtureApp app(page_calling(nginx.origin(), "{headers: {'content-type': 'application/json'}}"));
  app.start();
  const std::string file = scenario(app);

  json report = run(file, 1);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const json& f = report["findings"][0];
  EXPECT_EQ(f["kind"], "missing-allow-origin");
  EXPECT_EQ(f["status"], 500);
  EXPECT_EQ(f["server"]["name"], "nginx");
  const std::string snippet = f["fixSnippet"]["text"];
  EXPECT_NE(snippet.find("always;"), std::string::npos) << snippet;

  nginx.stop();
  nginx.write(apply_snippet(location, snippet, kAddHeader));
  ASSERT_NO_FATAL_FAILURE(nginx.start());
  // No CORS finding is left; the page now reads the 500 (a server error,
  // counted as not CORS).
  json fixed = run(file, 0);
  EXPECT_EQ(fixed["summary"]["errors"], 0) << nginx.config() << fixed.dump(2);
  EXPECT_EQ(fixed["summary"]["otherFailures"]["HTTP 500"], 1) << fixed["summary"].dump();
}

}  // namespace
}  // namespace silentcors::e2e
