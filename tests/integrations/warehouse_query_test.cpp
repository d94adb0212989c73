// `silentcors logs --sql duckdb` run where the logs are a table: the test
// writes an ALB and a CloudFront log of a day's CORS traffic (a sampler's
// header refused on some calls, two calls racing on one path, follow-ups
// just inside and just past the window, one path with two methods), reads
// each with `silentcors logs`, loads the same file into an embedded DuckDB as
// the table AWS's Athena guide creates (warehouse-table.mjs, DuckDB from
// npm) and runs the generated query on it. Both must give the same
// per-endpoint table: counts, rates, intervals and buckets.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include <boost/process.hpp>
#include <nlohmann/json.hpp>

#include "e2e_support.h"

namespace silentcors::e2e {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kHere = fs::path(SILENTCORS_TEST_DATA) / "integrations";

struct Event {
  std::int64_t ms;
  std::string client, agent, method, path;
};

// Traffic as a browser makes it: every preflight before its request, some
// never followed. Seeded, so a failure reproduces.
std::vector<Event> traffic(unsigned seed) {
  std::mt19937 random(seed);
  auto below = [&random](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const std::string clients[] = {"10.0.0.1", "10.0.0.2", "203.0.113.7"};
  const std::string agents[] = {"Mozilla/5.0 (X11; Linux x86_64) Chrome/131", "Mozilla/5.0 (Macintosh) Safari/605"};
  std::vector<Event> events;
  std::int64_t t = 1764892800000;  // 2025-12-05T00:00:00Z; 400 calls 0-40 s apart span several hours.
  for (int i = 0; i < 400; ++i) {
    t += 1 + below(40000);
    const std::string client = clients[below(3)], agent = agents[below(2)];
    auto add = [&](std::int64_t at, const std::string& method, const std::string& path) {
      events.push_back({at, client, agent, method, path});
    };
    const int kind = below(20);
    if (kind < 10) {  // A POST whose preflight is refused 3 times in 10.
      const std::string path = "/api/cart/" + std::to_string(1 + below(3));
      add(t, "OPTIONS", path);
      if (below(10) >= 3) add(t + 1 + below(300), "POST", path);
    } else if (kind < 13) {  // Two calls racing on one path: the newest preflight is answered first.
      add(t, "OPTIONS", "/api/items/7");
      add(t + 5, "OPTIONS", "/api/items/7");
      add(t + 20, "GET", "/api/items/7");
      if (below(2)) add(t + 30, "GET", "/api/items/7");
    } else if (kind < 15) {  // A follow-up at, just past and well past the window's end.
      const std::int64_t after[] = {4000, 5000, 5001, 9000};
      add(t, "OPTIONS", "/api/profile");
      add(t + after[below(4)], "PUT", "/api/profile");
    } else if (kind < 17) {  // One path, two methods: its orphans' method stays unknown.
      add(t, "OPTIONS", "/api/both");
      if (below(10) < 7) add(t + 10, below(2) ? "GET" : "DELETE", "/api/both");
    } else {  // No preflight at all.
      add(t, "GET", "/static/app.js");
    }
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::make_tuple(a.ms, a.method != "OPTIONS") < std::make_tuple(b.ms, b.method != "OPTIONS");
  });
  return events;
}

std::string utc(std::int64_t ms, const char* format) {
  const std::time_t seconds = ms / 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::strftime(text, sizeof text, format, &tm);
  return text;
}

std::string iso_micros(std::int64_t ms) {
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%03d000Z", static_cast<int>(ms % 1000));
  return utc(ms, "%Y-%m-%dT%H:%M:%S") + fraction;
}

// ALB's entry as AWS documents it (the "HTTPS entry" example), with the
// request, client, agent and times of `e`.
std::string alb_line(const Event& e, int port) {
  return "https " + iso_micros(e.ms + 50) + " app/my-loadbalancer/50dc6c495c0c9188 " + e.client + ":" +
         std::to_string(port) + " 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 \"" + e.method +
         " https://api.example.com:443" + e.path + "?v=1 HTTP/1.1\" \"" + e.agent +
         "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
         "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
         "\"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"api.example.com\" "
         "\"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 " +
         iso_micros(e.ms) + " \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"";
}

std::string cloudfront_line(const Event& e) {
  std::string agent = e.agent;
  for (std::size_t at; (at = agent.find(' ')) != std::string::npos;) agent.replace(at, 1, "%20");
  const std::string fields[] = {utc(e.ms, "%Y-%m-%d"), utc(e.ms, "%H:%M:%S"), "SEA19-C1", "900", e.client, e.method,
                                "d111111abcdef8.cloudfront.net", e.path, "200", "-", agent, "v=1", "-", "Miss",
                                "3AqrZGCnF_g0-5KOvfA7c9XLcf4YGvMFSeFdIetR1N_2y8jSis8Zxg==", "api.example.com", "https",
                                "735", "0.107", "-", "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", "Miss", "HTTP/1.1", "-",
                                "-", "3802", "0.107", "Miss", "application/json", "57", "-", "-"};
  std::string line;
  for (const auto& field : fields) line += (line.empty() ? "" : "\t") + field;
  return line;
}

void write_log(const fs::path& file, const std::string& format, std::vector<Event> events) {
  std::ofstream out(file);
  if (format == "alb") {
    int port = 40000;
    for (const auto& e : events) out << alb_line(e, ++port) << "\n";
    return;
  }
  out << "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
         "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header "
         "cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type "
         "cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type "
         "sc-content-type sc-content-len sc-range-start sc-range-end\n";
  // Whole seconds: within one, a preflight is written before a request, as
  // the query orders them.
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return std::make_tuple(a.ms / 1000, a.method != "OPTIONS") < std::make_tuple(b.ms / 1000, b.method != "OPTIONS");
  });
  for (const auto& e : events) out << cloudfront_line(e) << "\n";
}

std::int64_t iso_to_ms(const std::string& iso) {
  std::tm tm{};
  std::istringstream(iso) >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::string method_of(const json& value) { return value.is_null() ? "(unknown)" : value.get<std::string>(); }

class WarehouseQuery : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kHere / "node_modules" / "@duckdb" / "node-api"))
        << "DuckDB from npm is missing: scripts/setup --tests installs it";
  }
  TempDir tmp;
};

TEST_P(WarehouseQuery, TheGeneratedSqlGivesTheSameTableAsTheCppPass) {
  const std::string format = GetParam();
  const fs::path log = tmp.path() / (format + ".log");
  const std::vector<Event> events = traffic(2026);
  write_log(log, format, events);

  const fs::path report_file = tmp.path() / "report.json";
  const auto pass = run_silentcors({"logs", log.string(), "--format", format, "--json", report_file.string()},
                                   tmp.str());
  ASSERT_NE(pass.exit_code, 2) << pass.out << pass.err;
  const json cpp = read_report(report_file)["logs"];
  ASSERT_EQ(cpp["lines"]["skipped"], 0) << cpp.dump(2);

  const auto query = run_silentcors({"logs", "--sql", "duckdb", "--format", format}, tmp.str());
  ASSERT_EQ(query.exit_code, 0) << query.err;
  const fs::path query_file = tmp.path() / "query.sql";
  std::ofstream(query_file) << query.out;
  const fs::path rows_file = tmp.path() / "rows.json", errors = tmp.path() / "node.err";
  bp::child node(bp::search_path("node"), (kHere / "warehouse-table.mjs").string(), format, log.string(),
                 query_file.string(), bp::start_dir = kHere.string(), bp::std_out > rows_file.string(),
                 bp::std_err > errors.string());
  node.wait();
  ASSERT_EQ(node.exit_code(), 0) << std::ifstream(errors).rdbuf();
  const json rows = json::parse(std::ifstream(rows_file));

  // (method, path) -> the endpoint's row, and its buckets by start.
  std::map<std::pair<std::string, std::string>, json> sql_totals;
  std::map<std::pair<std::string, std::string>, std::map<std::int64_t, json>> sql_buckets;
  for (const auto& row : rows) {
    const auto key = std::make_pair(method_of(row["method"]), row["path"].get<std::string>());
    if (row["bucket_start_ms"].is_null()) {
      sql_totals[key] = row;
    } else {
      sql_buckets[key][row["bucket_start_ms"].get<std::int64_t>()] = row;
    }
  }

  std::int64_t preflights = 0, orphaned = 0, unknown_method_orphans = 0;
  for (const auto& e : cpp["endpoints"]) {
    const auto key = std::make_pair(method_of(e["method"]), e["path"].get<std::string>());
    SCOPED_TRACE(key.first + " " + key.second);
    ASSERT_EQ(sql_totals.count(key), 1u) << rows.dump(1);
    const json& row = sql_totals[key];
    EXPECT_EQ(row["preflights"], e["preflights"]);
    EXPECT_EQ(row["followed"], e["followed"]);
    EXPECT_EQ(row["orphaned"], e["orphaned"]);
    EXPECT_NEAR(row["orphan_rate"].get<double>(), e["orphanRate"].get<double>(), 1e-12);
    EXPECT_NEAR(row["orphan_rate_low"].get<double>(), e["orphanRateInterval"][0].get<double>(), 1e-12);
    EXPECT_NEAR(row["orphan_rate_high"].get<double>(), e["orphanRateInterval"][1].get<double>(), 1e-12);
    ASSERT_EQ(sql_buckets[key].size(), e["buckets"].size());
    for (const auto& bucket : e["buckets"]) {
      const std::int64_t start = iso_to_ms(bucket["start"]);
      ASSERT_EQ(sql_buckets[key].count(start), 1u) << bucket["start"];
      EXPECT_EQ(sql_buckets[key][start]["preflights"], bucket["preflights"]);
      EXPECT_EQ(sql_buckets[key][start]["orphaned"], bucket["orphaned"]);
    }
    preflights += e["preflights"].get<std::int64_t>();
    orphaned += e["orphaned"].get<std::int64_t>();
    if (e["method"].is_null()) unknown_method_orphans += e["orphaned"].get<std::int64_t>();
  }
  EXPECT_EQ(sql_totals.size(), cpp["endpoints"].size()) << rows.dump(1);
  // Every preflight written is counted, and the log holds each case.
  EXPECT_EQ(preflights, std::count_if(events.begin(), events.end(), [](const Event& e) { return e.method == "OPTIONS"; }));
  EXPECT_GT(orphaned, 0);
  EXPECT_GT(unknown_method_orphans, 0);
  EXPECT_GT(cpp["endpoints"][0]["buckets"].size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(AwsLogs, WarehouseQuery, ::testing::Values("alb", "cloudfront"));

}  // namespace
}  // namespace silentcors::e2e
