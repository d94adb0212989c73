// scenarios/schema.json is what editors autocomplete from; the parser is what
// runs. These tests fail when one learns a field the other does not know.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "scenario/json_locator.h"
#include "scenario/scenario_parser.h"
#include "scenario/scenario_fields.h"

namespace silentcors::scenario {
namespace {

using nlohmann::json;
using Names = std::set<std::string>;

json load_schema() {
  std::ifstream in(SILENTCORS_SCHEMA_JSON);
  std::stringstream text;
  text << in.rdbuf();
  auto result = read_json(text.str());  // our own reader: the schema must be plain JSON it accepts
  if (auto* error = std::get_if<JsonSyntaxError>(&result)) {
    ADD_FAILURE() << SILENTCORS_SCHEMA_JSON << ":" << error->position.line << ":" << error->position.column << ": "
                  << error->message;
    return json::object();
  }
  return std::get<JsonDocument>(result).value;
}

const json& schema() {
  static const json value = load_schema();
  return value;
}

// Follows "#/$defs/name" references.
const json& resolve(const json& node) {
  if (!node.contains("$ref")) return node;
  const std::string ref = node["$ref"];
  return schema().at(json::json_pointer(ref.substr(1)));
}

Names property_names(const json& node) {
  Names names;
  for (const auto& [name, value] : resolve(node).at("properties").items()) names.insert(name);
  return names;
}

template <typename List>
Names names_of(const List& list) {
  return Names(std::begin(list), std::end(list));
}

const json& property(const json& node, const std::string& name) {
  return resolve(resolve(node).at("properties").at(name));
}

TEST(Schema, IsDraft2020WithoutExtraFieldsAtTheTop) {
  EXPECT_EQ(schema()["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema()["additionalProperties"], false);
  EXPECT_EQ(schema()["required"], (json{"name", "url"}));
}

TEST(Schema, TopLevelFieldsMatchTheParser) { EXPECT_EQ(property_names(schema()), names_of(fields::kScenario)); }

TEST(Schema, StepActionsMatchTheParser) {
  Names actions;
  for (const json& alternative : resolve(property(schema(), "steps").at("items")).at("oneOf")) {
    const json& step = resolve(alternative);
    const std::string action = step.at("required")[0];  // the action comes first ("fill" before "text")
    actions.insert(action);
    // Each step takes its action and exactly the options the parser allows with it.
    const auto& known = *std::find_if(std::begin(fields::kStepActions), std::end(fields::kStepActions),
                                      [&](const fields::StepAction& a) { return a.name == action; });
    Names expected = names_of(known.options);
    expected.insert(action);
    EXPECT_EQ(property_names(step), expected) << action;
  }
  Names parser_actions;
  for (const auto& action : fields::kStepActions) parser_actions.insert(std::string(action.name));
  EXPECT_EQ(actions, parser_actions);
}

TEST(Schema, NestedObjectsMatchTheParser) {
  const json& expect = property(schema(), "expect");
  EXPECT_EQ(property_names(property(schema(), "viewport")), names_of(fields::kViewport));
  EXPECT_EQ(property_names(expect), names_of(fields::kExpect));
  EXPECT_EQ(property_names(property(expect, "allow").at("items")), names_of(fields::kAllowRule));
  EXPECT_EQ(property_names(property(expect, "findings").at("items")), names_of(fields::kFindingPattern));
  EXPECT_EQ(property_names(property(schema(), "tracing")), names_of(fields::kTracing));
  EXPECT_EQ(property_names(property(schema(), "fixture")), names_of(fields::kFixture));
  EXPECT_EQ(property_names(property(property(schema(), "fixture"), "routes").at("items")),
            names_of(fields::kFixtureRoute));
}

TEST(Schema, EnumsMatchTheParser) {
  EXPECT_EQ(names_of(schema()["$defs"]["findingKind"]["enum"]), names_of(fields::kFindingKinds));
  Names presets;
  for (const auto& preset : fields::kTracingPresets) presets.insert(std::string(preset.name));
  EXPECT_EQ(names_of(property(property(schema(), "tracing"), "headers")["oneOf"][0]["enum"]), presets);
}

// The examples an editor shows must be scenarios the parser accepts.
void expect_parser_accepts(const json& scenario, const std::string& where) {
  const ParseResult result = parse_scenario(scenario.dump(), "example.json");
  for (const auto& error : result.errors) ADD_FAILURE() << where << ": " << format(error) << "\n" << scenario.dump();
}

TEST(Schema, ExamplesAreAcceptedByTheParser) {
  // "fixture": {} lets examples use fixture paths such as "/checkout".
  const json base = {{"name", "n"}, {"url", "https://a.test/"}, {"fixture", json::object()}};
  for (const json& example : schema().at("examples")) expect_parser_accepts(example, "#/examples");
  for (const auto& [name, property] : schema().at("properties").items()) {
    for (const json& example : property.value("examples", json::array())) {
      json scenario = base;
      scenario[name] = example;
      expect_parser_accepts(scenario, "#/properties/" + name);
    }
  }
  // Examples of the parts that only occur nested, put where they belong.
  const auto nested = [&](const std::string& def, const auto& place) {
    for (const json& example : schema().at("$defs").at(def).at("examples")) {
      json scenario = base;
      place(scenario, example);
      expect_parser_accepts(scenario, "#/$defs/" + def);
    }
  };
  for (const auto& action : fields::kStepActions) {
    nested(std::string(action.name) + "Step", [](json& s, const json& e) { s["steps"] = {e}; });
  }
  nested("allowRule", [](json& s, const json& e) { s["expect"]["allow"] = {e}; });
  nested("findingPattern", [](json& s, const json& e) { s["expect"]["findings"] = {e}; });
  nested("fixtureRoute", [](json& s, const json& e) { s["fixture"]["routes"] = {e}; });
}

// additionalProperties false everywhere a field list is fixed, so editors flag typos as the parser does.
void expect_closed_objects(const json& node, const std::string& where) {
  if (node.is_object()) {
    if (node.contains("properties")) {
      EXPECT_EQ(node.value("additionalProperties", json(true)), false) << where;
      for (const auto& [name, value] : node["properties"].items()) {
        EXPECT_TRUE(value.contains("description") || value.contains("$ref")) << where << "/" << name;
      }
    }
    for (const auto& [key, value] : node.items()) {
      // Examples are data, and "if" only tests a property, it declares none.
      if (key != "examples" && key != "if") expect_closed_objects(value, where + "/" + key);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) expect_closed_objects(node[i], where + "/" + std::to_string(i));
  }
}

TEST(Schema, ObjectsAreClosedAndFieldsDescribed) { expect_closed_objects(schema(), "#"); }

}  // namespace
}  // namespace silentcors::scenario
