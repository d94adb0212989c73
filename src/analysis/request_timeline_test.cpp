// The request timeline the HTML report draws: from a real Chromium recording
// (preflight joined to the request it was for, offsets from the first
// request, the finding it produced), and the builder's own rules.
#include <gtest/gtest.h>

#include <string>

#include "analysis/analyzer.h"
#include "analysis/recording_reader.h"
#include "analysis/request_timeline.h"

namespace silentcors {
namespace {

Report analyze(const std::string& name) {
  Analyzer analyzer;
  std::string path = std::string(SILENTCORS_TEST_DATA) + "/recordings/" + name + ".jsonl";
  analyzer.begin_source(path);
  read_recording_file(path, [&](const CdpEvent& message) { analyzer.add(message); });
  analyzer.end_source();
  return analyzer.report();
}

const TimelineRequest* find(const RunTimeline& timeline, const std::string& method) {
  for (const auto& r : timeline.requests) {
    if (r.method == method) return &r;
  }
  return nullptr;
}

TEST(RequestTimeline, ARefusedPostIsJoinedToItsPreflightAndPointsAtItsFinding) {
  Report report = analyze("header_not_allowed_three");
  ASSERT_EQ(report.timelines.size(), 1u);
  const RunTimeline& timeline = report.timelines.front();
  EXPECT_NE(timeline.source.find("header_not_allowed_three"), std::string::npos);
  const TimelineRequest* post = find(timeline, "POST");
  const TimelineRequest* options = find(timeline, "OPTIONS");
  ASSERT_TRUE(post && options);
  EXPECT_TRUE(options->preflight);
  EXPECT_EQ(options->preflight_for, post->id);
  EXPECT_EQ(options->status, 204);
  EXPECT_EQ(post->outcome, TimelineRequest::Outcome::kCorsFailure);
  EXPECT_EQ(post->error_text, "net::ERR_FAILED");
  EXPECT_EQ(post->cors_error, "HeaderDisallowedByPreflightResponse");
  ASSERT_EQ(post->findings.size(), 1u);
  EXPECT_EQ(report.findings.at(post->findings[0]).method, "POST");
  // The document came first: time starts with it; everything has a duration.
  EXPECT_EQ(timeline.requests.front().type, "Document");
  EXPECT_EQ(timeline.requests.front().start_ms, 0.0);
  for (const auto& r : timeline.requests) {
    ASSERT_TRUE(r.start_ms.has_value()) << r.url;
    ASSERT_TRUE(r.duration_ms.has_value()) << r.url;
    EXPECT_GE(*r.duration_ms, 0.0);
  }
  for (size_t i = 1; i < timeline.requests.size(); ++i) {
    EXPECT_LE(*timeline.requests[i - 1].start_ms, *timeline.requests[i].start_ms);
  }
}

TEST(RequestTimeline, FindingIndexesFollowTheReportOrderWhenLaterFindingsAreMoreFrequent) {
  // Ordinal 0 is seen once, ordinal 1 twice: the report sorts 1 first.
  TimelineBuilder builder;
  builder.begin("run");
  CompletedRequest request;
  request.main.seen_will_be_sent = true;
  request.main.request_id = "1";
  request.main.method = "GET";
  request.main.url = "http://a/";
  builder.add(request, TimelineRequest::Outcome::kCorsFailure, {0, 1});
  const auto timelines = builder.timelines({1, 0});
  ASSERT_EQ(timelines.size(), 1u);
  EXPECT_EQ(timelines[0].requests.at(0).findings, (std::vector<size_t>{1, 0}));
  // No timestamps in the input: no offsets invented.
  EXPECT_FALSE(timelines[0].requests[0].start_ms.has_value());
}

TEST(RequestTimeline, PastTheCapRequestsAreOnlyCounted) {
  TimelineBuilder builder(2);
  builder.begin("run");
  CompletedRequest request;
  request.main.seen_will_be_sent = true;
  for (int i = 0; i < 5; ++i) builder.add(request, TimelineRequest::Outcome::kOk, {});
  const auto timelines = builder.timelines({});
  EXPECT_EQ(timelines.at(0).requests.size(), 2u);
  EXPECT_EQ(timelines[0].left_out, 3u);
}

TEST(RequestTimeline, EachSourceHasItsOwnTimelineAndACombinedAnalysisCanDoWithout) {
  Analyzer analyzer;
  analyzer.keep_timelines(false);
  analyzer.begin_source("a");
  analyzer.end_source();
  EXPECT_TRUE(analyzer.report().timelines.empty());
  Analyzer two;
  two.begin_source("a");
  two.begin_source("b");
  two.end_source();
  ASSERT_EQ(two.report().timelines.size(), 2u);
  EXPECT_EQ(two.report().timelines[1].source, "b");
}

}  // namespace
}  // namespace silentcors
