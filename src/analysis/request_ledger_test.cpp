// Correlation by id, never by order: the same real recording, its events
// reordered the ways Chromium may send them, must give the same verdict.
#include "analysis/request_ledger.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

#include "analysis/analyzer.h"
#include "analysis/classifier.h"

namespace silentcors {
namespace {

using nlohmann::json;

std::vector<json> load(const std::string& name) {
  std::ifstream in(std::string(SILENTCORS_TEST_DATA) + "/recordings/" + name + ".jsonl");
  std::vector<json> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

Report analyze(const std::vector<json>& messages) {
  Analyzer analyzer;
  analyzer.begin_source("test");
  for (const auto& m : messages) analyzer.add(m);
  analyzer.end_source();
  return analyzer.report();
}

bool is_network(const json& m) { return m.value("method", "").rfind("Network.", 0) == 0; }

void expect_three_headers_refused(const Report& report) {
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(name_of(report.findings[0].kind), "header-not-allowed");
  EXPECT_EQ(report.findings[0].headers, (std::vector<std::string>{"baggage", "traceparent", "tracestate"}));
  EXPECT_EQ(report.findings[0].preflight_status, 204);
  EXPECT_TRUE(report.findings[0].orphan_preflight);
}

TEST(RequestLedger, RecordedOrder) { expect_three_headers_refused(analyze(load("header_not_allowed_three"))); }

TEST(RequestLedger, NetworkEventsInReverseOrder) {
  // The extreme case: every ExtraInfo before its event, the failure before
  // the request, the preflight's requestWillBeSent after everything.
  auto messages = load("header_not_allowed_three");
  std::vector<json> network, other;
  for (auto& m : messages) (is_network(m) ? network : other).push_back(m);
  std::reverse(network.begin(), network.end());
  other.insert(other.end(), network.begin(), network.end());
  expect_three_headers_refused(analyze(other));
}

TEST(RequestLedger, ExtraInfoBeforeItsRequestAndPreflightAfterTheMainRequest) {
  auto messages = load("header_not_allowed_three");
  // Move every ExtraInfo to the front, and every preflight requestWillBeSent to the end.
  std::stable_partition(messages.begin(), messages.end(), [](const json& m) {
    return m.value("method", "").find("ExtraInfo") != std::string::npos;
  });
  std::stable_partition(messages.begin(), messages.end(), [](const json& m) {
    return !(m.value("method", "") == "Network.requestWillBeSent" &&
             m["params"]["initiator"].value("type", "") == "preflight");
  });
  expect_three_headers_refused(analyze(messages));
}

TEST(RequestLedger, TwoRecordingsWithClashingIdsStayApart) {
  // Request ids repeat across browser sessions; each source has its own ledger.
  Analyzer analyzer;
  for (const char* name : {"header_not_allowed_three", "passing_case_insensitive_allow_list"}) {
    analyzer.begin_source(name);
    for (const auto& m : load(name)) analyzer.add(m);
  }
  analyzer.end_source();
  Report report = analyzer.report();
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].sources, (std::vector<std::string>{"header_not_allowed_three"}));
  EXPECT_EQ(report.summary.cors_failures, 1u);
}

TEST(RequestLedger, EndedRequestsAreHandedOnAfterTheSettleWindow) {
  // Memory follows the requests in flight: a finished request does not stay.
  std::vector<CompletedRequest> done;
  RequestLedger ledger([&](CompletedRequest&& r) { done.push_back(std::move(r)); }, /*settle_messages=*/4);
  for (int i = 0; i < 100; ++i) {
    std::string id = std::to_string(i);
    ledger.on_message({{"method", "Network.requestWillBeSent"},
                       {"params", {{"requestId", id}, {"type", "Fetch"}, {"request", {{"url", "http://a.test/"}, {"method", "GET"}}}}}});
    ledger.on_message({{"method", "Network.loadingFinished"}, {"params", {{"requestId", id}}}});
  }
  EXPECT_LE(ledger.tracked(), 3u);
  EXPECT_GE(done.size(), 97u);
  ledger.finish();
  EXPECT_EQ(done.size(), 100u);
  EXPECT_EQ(ledger.tracked(), 0u);
}

TEST(RequestLedger, ResponsesWhoseBodyIsNeverReadDoNotPileUp) {
  // Chromium sends no loadingFinished for a fetch() whose body the page
  // never reads: such requests settle from their response.
  std::vector<CompletedRequest> done;
  RequestLedger ledger([&](CompletedRequest&& r) { done.push_back(std::move(r)); }, /*settle_messages=*/4);
  for (int i = 0; i < 100; ++i) {
    std::string id = std::to_string(i);
    ledger.on_message({{"method", "Network.requestWillBeSent"},
                       {"params", {{"requestId", id}, {"type", "Fetch"}, {"request", {{"url", "http://a.test/"}, {"method", "GET"}}}}}});
    ledger.on_message({{"method", "Network.responseReceived"},
                       {"params", {{"requestId", id}, {"type", "Fetch"}, {"response", {{"status", 200}}}}}});
  }
  EXPECT_LE(ledger.tracked(), 3u);
  ledger.finish();
  ASSERT_EQ(done.size(), 100u);
  EXPECT_EQ(classify(done[0]).outcome, RequestVerdict::Outcome::kOk);
}

TEST(RequestLedger, FieldsOfAnUnexpectedTypeAreReadAsAbsent) {
  // Any CDP client's log may be analysed; a null where Chromium sends a
  // bool must not throw.
  std::vector<CompletedRequest> done;
  RequestLedger ledger([&](CompletedRequest&& r) { done.push_back(std::move(r)); });
  ledger.on_message({{"method", "Network.requestWillBeSent"},
                     {"params", {{"requestId", "1"}, {"type", "Fetch"}, {"request", {{"url", "http://a.test/"}, {"method", 7}}}}}});
  ledger.on_message({{"method", "Network.loadingFailed"},
                     {"params", {{"requestId", "1"}, {"errorText", nullptr}, {"canceled", nullptr}}}});
  ledger.on_message({{"method", "Audits.issueAdded"},
                     {"params", {{"issue", {{"code", "CorsIssue"}, {"details", {{"corsIssueDetails", {{"isWarning", "yes"}, {"request", {{"requestId", "1"}}}}}}}}}}}});
  ledger.finish();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_FALSE(done[0].main.canceled);
  EXPECT_EQ(classify(done[0]).outcome, RequestVerdict::Outcome::kOtherFailure);
}

// Seen when the recordings were captured again (Chromium 156): the Audits
// issue and the console line about a blocked request came before that
// request's own requestWillBeSent. Correlated by id, they still reach it.
TEST(RequestLedger, AnIssueThatComesBeforeItsRequestStillCorroboratesIt) {
  std::vector<CompletedRequest> done;
  RequestLedger ledger([&](CompletedRequest&& r) { done.push_back(std::move(r)); });
  ledger.on_message({{"method", "Audits.issueAdded"},
                     {"params", {{"issue", {{"code", "CorsIssue"}, {"details", {{"corsIssueDetails", {{"corsErrorStatus", {{"corsError", "HeaderDisallowedByPreflightResponse"}, {"failedParameter", "baggage"}}}, {"request", {{"requestId", "7"}}}}}}}}}}}});
  ledger.on_message({{"method", "Log.entryAdded"},
                     {"params", {{"entry", {{"category", "cors"}, {"networkRequestId", "7"}, {"text", "refused"}}}}}});
  ledger.on_message({{"method", "Network.requestWillBeSent"},
                     {"params", {{"requestId", "7"}, {"type", "Fetch"}, {"request", {{"url", "http://api.test/"}, {"method", "POST"}}}}}});
  ledger.on_message({{"method", "Network.loadingFailed"},
                     {"params", {{"requestId", "7"}, {"errorText", "net::ERR_FAILED"}, {"corsErrorStatus", {{"corsError", "HeaderDisallowedByPreflightResponse"}, {"failedParameter", "baggage"}}}}}});
  ledger.finish();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].main.corroboration,
            (std::vector<std::string>{"DevTools issue CorsIssue: HeaderDisallowedByPreflightResponse (baggage)",
                                      "console: refused"}));
}

TEST(RequestLedger, UnknownCorsErrorValueBecomesOtherCors) {
  // The enum drifts between releases: a value we never saw must not crash.
  auto messages = load("header_not_allowed_three");
  for (auto& m : messages) {
    if (m.value("method", "") == "Network.loadingFailed") {
      m["params"]["corsErrorStatus"] = {{"corsError", "SomethingNewIn2027"}, {"failedParameter", "x"}};
    }
  }
  Report report = analyze(messages);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(name_of(report.findings[0].kind), "other-cors");
  EXPECT_EQ(report.findings[0].chrome->cors_error, "SomethingNewIn2027");
  EXPECT_NE(report.findings[0].message.find("SomethingNewIn2027"), std::string::npos);
}

}  // namespace
}  // namespace silentcors
