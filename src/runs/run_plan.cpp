#include "runs/run_plan.h"

#include "analysis/http_headers.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "scenario/json_locator.h"
#include "scenario/scenario_error.h"
#include "scenario/scenario_parser.h"

namespace silentcors::runs {

namespace {

// Positions in an already valid file, for problems found after parsing.
scenario::SourcePosition position_of(const std::string& file, const std::string& path) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto read = scenario::read_json(text.str());
  if (const auto* doc = std::get_if<scenario::JsonDocument>(&read)) {
    auto position = doc->value_position(path);
    if (position.line > 0) return position;
  }
  return {};
}

scenario::ScenarioError error_at(const std::string& file, const std::string& field, std::string message) {
  const auto position = position_of(file, field);
  return {file, position.line, position.column, field, std::move(message)};
}

// fixture_config_from_json says `fixture config: routes[1].path: expected ...`:
// located at that field of "fixture" when it names one.
scenario::ScenarioError fixture_error(const std::string& file, std::string message) {
  const std::string prefix = "fixture config: ";
  if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
  std::string field = "fixture";
  if (auto colon = message.find(": "); colon != std::string::npos) {
    const std::string inner = message.substr(0, colon);
    if (inner.rfind("routes", 0) == 0 || inner.rfind("pages", 0) == 0 || inner.rfind("files", 0) == 0 ||
        inner.rfind("intake", 0) == 0) {
      const std::string candidate = "fixture." + inner;
      if (position_of(file, candidate).line > 0) {
        field = candidate;
        message = message.substr(colon + 2);
      }
    }
  }
  return error_at(file, field, message);
}

}  // namespace

bool is_json_schema(const std::string& file) {
  // Only a regular file can be one. A directory opens as a stream and then
  // throws from inside nlohmann's reader (libstdc++'s "basic_filebuf::underflow
  // error reading the file"); load_scenario_file says what is wrong with it.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (!doc.is_object()) return false;
  const auto schema = doc.find("$schema");
  if (schema == doc.end() || !schema->is_string()) return false;
  const std::string uri = schema->get<std::string>();
  return uri.rfind("https://json-schema.org/", 0) == 0 || uri.rfind("http://json-schema.org/", 0) == 0;
}

std::vector<int> run_indices(const PlannedScenario& planned) {
  if (!planned.indices.empty()) return planned.indices;
  std::vector<int> all;
  for (int i = 1; i <= planned.repeat; ++i) all.push_back(i);
  return all;
}

std::size_t RunPlan::total_runs() const {
  std::size_t total = 0;
  for (const auto& planned : scenarios) total += run_indices(planned).size();
  return total;
}

bool name_matches(std::string_view name, std::string_view pattern) {
  if (pattern.empty()) return true;
  return to_lower_ascii(name).find(to_lower_ascii(pattern)) != std::string::npos;
}

std::string slug(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  if (out.size() > 80) out.resize(80);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "scenario" : out;
}

std::string recording_file_name(const PlannedScenario& planned, int repeat_index) {
  if (planned.repeat <= 1) return planned.slug + ".jsonl";
  return planned.slug + "-" + std::to_string(repeat_index) + ".jsonl";
}

std::string suite_fingerprint(const std::vector<PlannedScenario>& scenarios) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  const auto mix = [&hash](std::string_view text) {
    for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
    hash = (hash ^ 0x1fU) * 0x100000001b3ULL;  // Between fields: "ab","c" is not "a","bc".
  };
  for (const auto& planned : scenarios) {
    mix(planned.scenario.name);
    mix(std::to_string(planned.repeat));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

RunPlan plan_run(const std::vector<std::string>& files, const PlanOptions& options) {
  RunPlan plan;
  std::set<std::filesystem::path> seen_files;
  std::map<std::string, std::string> file_of_name;
  // Every recording file name the plan gives out. Slugs alone being unique
  // is not enough: "checkout" repeated twice writes checkout-2.jsonl, which
  // is also the one recording of "checkout 2".
  std::set<std::string> recording_names;
  for (const auto& file : files) {
    // The same file twice (a glob plus its name) runs once.
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(file, ec);
    if (!ec && !seen_files.insert(canonical).second) continue;

    if (is_json_schema(file)) {
      plan.schemas_skipped.push_back(file);
      continue;
    }
    auto parsed = scenario::load_scenario_file(file);
    for (const auto& error : parsed.errors) plan.errors.push_back(scenario::format(error));
    if (!parsed.ok()) continue;

    PlannedScenario planned;
    planned.scenario = std::move(*parsed.scenario);
    bool valid = true;
    if (planned.scenario.fixture) {
      try {
        // A file the fixture serves is named relative to the scenario file.
        planned.fixture = fixture::fixture_config_from_json(*planned.scenario.fixture,
                                                            std::filesystem::absolute(file).parent_path());
      } catch (const std::invalid_argument& e) {
        plan.errors.push_back(scenario::format(fixture_error(file, e.what())));
        valid = false;
      }
    }
    const std::string& name = planned.scenario.name;
    if (auto [it, inserted] = file_of_name.emplace(name, file); !inserted) {
      plan.errors.push_back(scenario::format(
          error_at(file, "name", "\"" + name + "\" is also the name of " + it->second +
                                     "; each scenario in a run needs its own name (it names the test case)")));
      valid = false;
    }
    if (!valid) continue;
    if (!name_matches(name, options.grep)) {
      ++plan.not_selected;
      continue;
    }
    planned.repeat = static_cast<int>(options.repeat ? *options.repeat : planned.scenario.repeat);
    planned.slug = slug(name);
    const auto names_free = [&] {
      for (int i = 1; i <= planned.repeat; ++i) {
        if (recording_names.count(recording_file_name(planned, i))) return false;
      }
      return true;
    };
    for (int n = 2; !names_free(); ++n) planned.slug = slug(name) + "_" + std::to_string(n);
    for (int i = 1; i <= planned.repeat; ++i) recording_names.insert(recording_file_name(planned, i));
    plan.scenarios.push_back(std::move(planned));
  }
  for (auto& planned : plan.scenarios) {
    planned.first_run = plan.suite_runs;
    plan.suite_runs += static_cast<std::size_t>(planned.repeat);
  }
  plan.fingerprint = suite_fingerprint(plan.scenarios);
  if (options.shard) {
    const auto [shard, of] = *options.shard;
    std::size_t k = 0;
    std::vector<PlannedScenario> kept;
    for (auto& planned : plan.scenarios) {
      std::vector<int> mine;
      for (int index : run_indices(planned)) {
        if (k++ % static_cast<std::size_t>(of) == static_cast<std::size_t>(shard - 1)) mine.push_back(index);
      }
      if (mine.empty()) continue;
      planned.indices = std::move(mine);
      kept.push_back(std::move(planned));
    }
    plan.scenarios = std::move(kept);
  }
  return plan;
}

}  // namespace silentcors::runs
