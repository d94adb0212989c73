// Reads and validates scenario files (docs/scenario.md, scenarios/schema.json).
//
// A scenario file is JSON with // and /* */ comments. The parser reports every
// problem it can find in one go (a QA engineer should not have to fix errors
// one run at a time), each with its position and the path of the field.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/scenario.h"
#include "scenario/scenario_error.h"

namespace silentcors::scenario {

struct ParseResult {
  std::optional<Scenario> scenario;   // set exactly when `errors` is empty
  std::vector<ScenarioError> errors;  // every problem, in file order
  bool ok() const { return errors.empty(); }
};

// `file_name` only labels errors and Scenario::file. A JSON syntax error stops
// the parse (one error at the syntax error's position); any other problems are
// all reported.
ParseResult parse_scenario(std::string_view text, std::string_view file_name);

// A fixture config file (`silentcors fixture --config`): the "fixture" field
// of a scenario on its own, checked with the same positions, paths and
// did-you-mean. `config` is set exactly when `errors` is empty.
struct FixtureParse {
  std::optional<nlohmann::json> config;
  std::vector<ScenarioError> errors;
};
FixtureParse parse_fixture_config(std::string_view text, std::string_view file_name);

// Reads `path` and parses it; an unreadable file gives one error naming it.
ParseResult load_scenario_file(const std::filesystem::path& path);

}  // namespace silentcors::scenario
