#include "server_scenario.h"

#include <fstream>

namespace silentcors::e2e {

fixture::FixtureConfig page_fetching(const std::string& url, const std::string& init) {
  fixture::FixtureConfig config;
  config.pages["/page"] = "<!doctype html><script>fetch('" + url + "', " + init +
                          ").then(r => r.text()).catch(() => {});</script>";
  return config;
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
