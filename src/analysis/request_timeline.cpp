#include "analysis/request_timeline.h"

#include <algorithm>

namespace silentcors {

namespace {

// A preflight's own outcome: CDP shows a refused preflight as a success (its
// request is the one that fails), so only a failure of its own counts.
TimelineRequest::Outcome own_outcome(const RequestRecord& record) {
  using Outcome = TimelineRequest::Outcome;
  switch (record.state) {
    case RequestRecord::State::kFinished: return Outcome::kOk;
    case RequestRecord::State::kFailed:
      if (record.canceled) return Outcome::kCanceled;
      return record.cors_error ? Outcome::kCorsFailure : Outcome::kFailed;
    case RequestRecord::State::kPending: break;
  }
  // A fetch() whose body is never read gets a response and no end event.
  return record.seen_response ? Outcome::kOk : Outcome::kPending;
}

}  // namespace

void TimelineBuilder::begin(std::string source) { runs_.push_back({std::move(source), {}, 0}); }

void TimelineBuilder::add_record(Run& run, const RequestRecord& record, TimelineRequest::Outcome outcome,
                                 const std::vector<size_t>& findings) {
  if (!record.seen_will_be_sent) return;  // No method, no URL: nothing to draw.
  if (run.entries.size() >= max_per_run_) {
    ++run.left_out;
    return;
  }
  Entry entry;
  TimelineRequest& r = entry.request;
  r.id = record.request_id;
  r.method = record.method;
  r.url = record.url;
  r.type = record.resource_type;
  r.status = record.status;
  r.error_text = record.error_text;
  if (record.cors_error) r.cors_error = record.cors_error->cors_error;
  r.outcome = outcome;
  r.preflight = record.is_preflight();
  r.preflight_for = record.preflight_for;
  r.findings = findings;
  entry.start = record.started_at;
  entry.end = record.ended_at ? record.ended_at : record.responded_at;
  run.entries.push_back(std::move(entry));
}

void TimelineBuilder::add(const CompletedRequest& request, TimelineRequest::Outcome outcome,
                          const std::vector<size_t>& findings) {
  if (runs_.empty()) begin("");
  Run& run = runs_.back();
  add_record(run, request.main, outcome, findings);
  for (const auto& preflight : request.preflights) add_record(run, preflight, own_outcome(preflight), {});
}

std::vector<RunTimeline> TimelineBuilder::timelines(const std::vector<size_t>& index_of) const {
  std::vector<RunTimeline> out;
  out.reserve(runs_.size());
  for (const Run& run : runs_) {
    std::optional<double> first;
    for (const Entry& e : run.entries) {
      if (e.start && (!first || *e.start < *first)) first = e.start;
    }
    std::vector<const Entry*> order;
    for (const Entry& e : run.entries) order.push_back(&e);
    // By start; requests without a timestamp last, in the order they ended.
    std::stable_sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
      if (a->start.has_value() != b->start.has_value()) return a->start.has_value();
      return a->start && *a->start < *b->start;
    });
    RunTimeline timeline{run.source, {}, run.left_out};
    for (const Entry* e : order) {
      TimelineRequest r = e->request;
      if (e->start && first) r.start_ms = (*e->start - *first) * 1000.0;
      if (e->start && e->end && *e->end >= *e->start) r.duration_ms = (*e->end - *e->start) * 1000.0;
      std::vector<size_t> mapped;
      for (size_t ordinal : r.findings) {
        if (ordinal < index_of.size()) mapped.push_back(index_of[ordinal]);
      }
      r.findings = std::move(mapped);
      timeline.requests.push_back(std::move(r));
    }
    out.push_back(std::move(timeline));
  }
  return out;
}

}  // namespace silentcors
