// `silentcors logs` with several files, as a user runs it: the files are
// read in parallel (one per core), yet the report is the one a reading in
// the order given would write, and a bad file among good ones is named.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <string>

#include "e2e_support.h"

namespace silentcors::e2e {
namespace {

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// A combined log of one client: `followed` preflights answered by a POST a
// second later, `orphaned` never answered, on `path`.
std::string traffic(const std::string& client, const std::string& path, int followed, int orphaned) {
  std::string log;
  int second = 0;
  auto line = [&](const std::string& method) {
    char time[64];
    std::snprintf(time, sizeof time, "06/Dec/2026:10:%02d:%02d +0000", second / 60, second % 60);
    log += client + " - - [" + time + "] \"" + method + " " + path + " HTTP/1.1\" 204 0 \"-\" \"Mozilla/5.0\"\n";
  };
  for (int i = 0; i < followed + orphaned; ++i) {
    line("OPTIONS");
    second += 1;
    if (i < followed) line("POST");
    second += 10;  // Past the 5 s window: the next preflight is a new one.
  }
  return log;
}

// endpoint path -> (preflights, orphaned)
std::map<std::string, std::pair<int, int>> table(const nlohmann::json& report) {
  std::map<std::string, std::pair<int, int>> rows;
  for (const auto& e : report["logs"]["endpoints"]) rows[e["path"]] = {e["preflights"], e["orphaned"]};
  return rows;
}

TEST(LogsCli, SeveralFilesAreReadAtOnceAndReportedInTheOrderGiven) {
  TempDir tmp;
  const std::string a = tmp.str() + "/a.log", b = tmp.str() + "/b.log", c = tmp.str() + "/c.log";
  write(a, traffic("10.0.0.1", "/api/cart/1", 8, 2) + "not a log line\n");
  write(b, traffic("10.0.0.2", "/api/cart/2", 5, 5));
  write(c, "cut off [06/Dec\n" + traffic("10.0.0.3", "/api/orders", 4, 0));
  auto result = run_silentcors({"logs", a, b, c, "--json", tmp.str() + "/r.json"}, tmp.str());
  ASSERT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err;
  const auto report = read_report(tmp.str() + "/r.json");
  const auto& logs = report["logs"];
  EXPECT_EQ(logs["files"], nlohmann::json({a, b, c}));
  EXPECT_EQ(logs["lines"]["skipped"], 2);
  ASSERT_EQ(logs["skippedLines"].size(), 2u) << logs.dump(2);
  EXPECT_EQ(logs["skippedLines"][0]["file"], a);
  EXPECT_EQ(logs["skippedLines"][0]["line"], 19);
  EXPECT_EQ(logs["skippedLines"][1]["file"], c);
  EXPECT_EQ(logs["skippedLines"][1]["line"], 1);
  EXPECT_EQ(table(report), (std::map<std::string, std::pair<int, int>>{{"/api/cart/{id}", {20, 7}},
                                                                       {"/api/orders", {4, 0}}}))
      << logs.dump(2);
  EXPECT_NE(result.out.find("3 files"), std::string::npos) << result.out;
  // report.html beside report.json, the same table.
  std::ifstream html_in(tmp.str() + "/report.html");
  const std::string html((std::istreambuf_iterator<char>(html_in)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("<code>POST /api/cart/{id}</code>"), std::string::npos) << html.substr(0, 1000);
  EXPECT_NE(html.find("<li><code>" + c + "</code></li>"), std::string::npos);
}

TEST(LogsCli, AFileWithNoLogLineAmongGoodOnesIsExitTwoAndNamed) {
  TempDir tmp;
  const std::string good = tmp.str() + "/good.log", bad = tmp.str() + "/bad.log";
  write(good, traffic("10.0.0.1", "/api/cart/1", 3, 1));
  write(bad, "{\"not\": \"combined\"}\n");
  auto result = run_silentcors({"logs", good, bad, "--json", tmp.str() + "/r.json"}, tmp.str());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find(bad + ": no line in"), std::string::npos) << result.err;

  auto missing = run_silentcors({"logs", good, tmp.str() + "/missing.log", "--json", tmp.str() + "/m.json"}, tmp.str());
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("missing.log: cannot be read"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace silentcors::e2e
