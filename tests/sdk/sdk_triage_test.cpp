// Real tracing SDKs (tests/sdk: Datadog RUM, OpenTelemetry web, Sentry,
// Grafana Faro, from npm, bundled by build.mjs) on a page that POSTs an API
// allowing only Content-Type: `silentcors triage SCENARIO --runs 10
// --workers 4` with the real binary and real headless Chromium, checked as a
// user reads it: the exit code, no infrastructure error, 10 runs done, and
// the verdict naming the headers the SDK adds. `ctest -L sdk`.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "e2e_support.h"

namespace silentcors::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSdk = fs::path(SILENTCORS_TEST_DATA) / "sdk";

struct Sdk {
  const char* name;                    // tests/sdk/<name>.json, dist/<name>.js
  std::vector<std::string> refused;    // every header the SDK adds, as the finding lists them
  const char* verdict;                 // what triage concludes
};

void PrintTo(const Sdk& sdk, std::ostream* os) { *os << sdk.name; }

// What each SDK was seen to add (DESIGN.md, "What real tracing SDKs ... do").
const Sdk kSdks[] = {
    // Sampled per session at 30%: a run carries all of them or none.
    {"datadog",
     {"baggage", "traceparent", "tracestate", "x-datadog-origin", "x-datadog-parent-id",
      "x-datadog-sampling-priority", "x-datadog-trace-id"},
     "cors-explained"},
    // traceparent on every call, sampled or not.
    {"otel", {"traceparent"}, "cors-every-time"},
    {"sentry", {"baggage", "sentry-trace"}, "cors-every-time"},
    {"faro", {"traceparent"}, "cors-every-time"},
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

class SdkTriage : public ::testing::TestWithParam<Sdk> {
 protected:
  void TearDown() override { EXPECT_TRUE(nothing_left_behind(tmp.str())); }

  // One triage of 10 runs; early stop off, so that 10 runs are always done
  // (an every-time failure would settle after 5).
  json triage(const Sdk& sdk, CommandResult& result) {
    const std::string report = tmp.str() + "/" + sdk.name + ".json";
    result = run_silentcors({"triage", (kSdk / (std::string(sdk.name) + ".json")).string(), "--runs", "10",
                             "--workers", "4", "--no-early-stop", "--json", report},
                            tmp.str(), std::chrono::seconds(240));
    if (!fs::exists(report)) return json();
    return read_report(report);
  }

  TempDir tmp;
};

TEST_P(SdkTriage, TheVerdictNamesTheHeadersTheSdkAdds) {
  const Sdk& sdk = GetParam();
  const fs::path bundle = kSdk / "dist" / (std::string(sdk.name) + ".js");
  // Never a silent skip: without the bundles these tests prove nothing.
  ASSERT_TRUE(fs::is_regular_file(bundle))
      << bundle.string() << " is missing: run scripts/setup --tests (it installs tests/sdk's npm packages and "
      << "bundles them with tests/sdk/build.mjs)";

  CommandResult result;
  json report = triage(sdk, result);
  // Datadog samples 3 sessions in 10: 10 runs with none sampled happen 2.8% of
  // the time (0.7^10), and then nothing fails. Said, and tried once more.
  if (std::string(sdk.name) == "datadog" && result.exit_code == 0 && report.is_object() &&
      report["triage"]["verdict"] == "no-failure") {
    std::cerr << "datadog: no session of 10 was sampled (2.8% of the time); triaging once more\n";
    report = triage(sdk, result);
  }
  const std::string all = result.out + result.err;
  ASSERT_TRUE(report.is_object()) << "no report written\n" << all;

  EXPECT_EQ(result.exit_code, 1) << all;  // a CORS error: not 3 (infrastructure), not 0
  // What silentcors says on stderr besides its progress: only that it runs
  // Chromium without the sandbox (as root); an infrastructure error is a
  // "silentcors: ..." line of its own.
  for (const auto& line : split_lines(result.err)) {
    if (line.starts_with("silentcors: ") && line != "silentcors: running as root, so Chromium starts with --no-sandbox") {
      ADD_FAILURE() << "an infrastructure error: " << line << "\n" << result.err;
    }
  }
  EXPECT_EQ(all.find("no reply from the browser"), std::string::npos) << all;
  EXPECT_EQ(report["triage"]["runs"], 10) << all;
  EXPECT_EQ(report["triage"]["maxRuns"], 10);
  EXPECT_EQ(report["triage"]["workers"], 4);

  // The finding on POST /api/orders lists every header the SDK added.
  std::vector<std::string> refused;
  for (const auto& finding : report["findings"]) {
    if (finding["kind"] == "header-not-allowed" && finding["method"] == "POST" &&
        finding["url"].get<std::string>().ends_with("/api/orders")) {
      refused = finding["headers"].get<std::vector<std::string>>();
    }
  }
  EXPECT_EQ(refused, sdk.refused) << report["findings"].dump(2);

  // The verdict, as printed: each of those headers named.
  const std::string verdict = joined(report["triage"]["sentences"].get<std::vector<std::string>>());
  for (const auto& header : sdk.refused) {
    EXPECT_NE(verdict.find(header), std::string::npos) << header << " not in the verdict: " << verdict;
    EXPECT_NE(result.out.find(header), std::string::npos) << header << " not printed:\n" << result.out;
  }
  if (std::string(sdk.name) == "datadog") {
    // Chance decides how many sessions are sampled: an explained flake when
    // the runs settle it, else an unexplained one (one sampled run in ten
    // proves nothing yet), never a steady failure.
    EXPECT_TRUE(report["triage"]["verdict"] == "cors-explained" || report["triage"]["verdict"] == "cors-unexplained")
        << verdict;
  } else {
    EXPECT_EQ(report["triage"]["verdict"], sdk.verdict) << verdict;
    // 20 POSTs in each of 10 runs, every one refused.
    EXPECT_EQ(report["summary"]["corsFailures"], 200) << report["summary"].dump();
  }
  // The SDKs' own beacons go to the same-origin intake: no failure of their own.
  EXPECT_TRUE(report["summary"]["otherFailures"].empty()) << report["summary"].dump();
}

INSTANTIATE_TEST_SUITE_P(Sdks, SdkTriage, ::testing::ValuesIn(kSdks),
                         [](const ::testing::TestParamInfo<Sdk>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace silentcors::e2e
