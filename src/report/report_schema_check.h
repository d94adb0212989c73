// Test support: checks a report.json against the published schema
// (docs/report.schema.json) with scripts/validate-report (Debian's
// python3-jsonschema, JSON Schema 2020-12). Every test that reads a report
// the tool wrote calls it, so a field the writer adds without the schema
// (or a value the schema does not allow) fails a test.
#pragma once

#include <filesystem>
#include <source_location>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace silentcors::test_support {

// docs/report.schema.json, parsed.
nlohmann::json report_schema();
// An object's keys, in order: what a writer writes against what the schema lists.
std::vector<std::string> keys(const nlohmann::json& object);

// Success, or every error the validator found ("FILE: /json/pointer: message").
::testing::AssertionResult reports_match_schema(const std::vector<std::filesystem::path>& reports);
::testing::AssertionResult report_matches_schema(const std::filesystem::path& report);
// The report as report::json_text() would write it, in a temporary file.
::testing::AssertionResult report_json_matches_schema(const nlohmann::json& report);

// A non-fatal failure at the caller's line when the file does not match.
void expect_report_matches_schema(const std::filesystem::path& report,
                                  std::source_location where = std::source_location::current());
void expect_report_json_matches_schema(const nlohmann::json& report,
                                       std::source_location where = std::source_location::current());

}  // namespace silentcors::test_support
