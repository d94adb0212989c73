#include "server_scenario.h"

#include <gtest/gtest.h>

#include <fstream>

namespace silentcors::e2e {

fixture::FixtureConfig page_fetching(const std::string& url, const std::string& init) {
  fixture::FixtureConfig config;
  config.pages["/page"] = "<!doctype html><script>fetch('" + url + "', " + init +
                          ").then(r => r.text()).catch(() => {});</script>";
  return config;
}

fixture::FixtureConfig page_calling_twenty_half_traced(const std::string& url_before_i, const std::string& method) {
  const std::string init = method == "GET" ? "{headers}" : "{method: '" + method + "', headers, body: '{}'}";
  fixture::FixtureConfig config;
  config.pages["/page"] =
      "<!doctype html><script>(async () => { for (let i = 1; i <= 20; ++i) { const headers = {'content-type': "
      "'application/json'}; if (i % 2) headers.traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'; "
      "await fetch('" + url_before_i + "' + i, " + init + ").then(r => r.text(), () => null); } })();</script>";
  return config;
}

void expect_orphans_asked_for_traceparent(const nlohmann::json& endpoint, std::source_location where) {
  SCOPED_TRACE(::testing::Message() << where.file_name() << ":" << where.line());
  ASSERT_GE(endpoint["headers"].size(), 1u) << endpoint.dump(2);
  const nlohmann::json& header = endpoint["headers"][0];
  EXPECT_EQ(header["name"], "traceparent");
  EXPECT_EQ(header["orphaned"], 10);
  EXPECT_EQ(header["followed"], 0);
  EXPECT_TRUE(header["goesWithOrphans"]) << endpoint.dump(2);
}

std::string write_scenario(const std::filesystem::path& dir, const std::string& name, const std::string& page_url,
                           const nlohmann::json& servers) {
  nlohmann::json scenario{{"name", name}, {"url", page_url}, {"idleMs", 200}};
  if (!servers.is_null()) scenario["servers"] = servers;
  const std::filesystem::path file = dir / "scenario.json";
  std::ofstream(file) << scenario.dump();
  return file.string();
}

}  // namespace silentcors::e2e
