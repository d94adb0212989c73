#include "analysis/finding_aggregator.h"

#include <algorithm>
#include <limits>

#include "analysis/url_parts.h"

namespace silentcors {

namespace {

// What a finding's counts belong to: its scenario, else its recording.
std::string group_of(const std::string& source, const std::string& scenario) {
  return scenario.empty() ? "recording\x1f" + source : "scenario\x1f" + scenario;
}

std::string merge_key(const std::string& group, const Finding& f) {
  std::string key = group + '\x1f' + std::string(name_of(f.kind)) + '\x1f' + f.method + '\x1f' + without_query(f.url) + '\x1f' + f.origin;
  for (const auto& h : f.headers) key += '\x1f' + h;
  return key;
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

// Each run of an endpoint: did it fail, did any of its requests carry the
// explaining header(s) (all of them, when several travel together).
std::vector<Intermittency::RunMark> run_marks(const std::vector<std::string>& run_order,
                                              const std::map<std::string, RunOutcomes>& runs,
                                              const std::vector<std::string>& explained_by) {
  std::vector<Intermittency::RunMark> marks;
  for (const auto& source : run_order) {
    const RunOutcomes& run = runs.at(source);
    bool carried = !explained_by.empty();
    for (const auto& header : explained_by) {
      auto it = run.with_header.find(header);
      carried = carried && it != run.with_header.end() && it->second.failed + it->second.ok > 0;
    }
    marks.push_back({source, run.failed > 0, carried});
  }
  return marks;
}

}  // namespace

std::vector<size_t> FindingAggregator::add(const RequestVerdict& verdict, const std::string& source,
                                           const std::string& scenario) {
  using Outcome = RequestVerdict::Outcome;
  if (verdict.outcome == Outcome::kIgnored) return {};
  ++summary_.requests;
  if (verdict.had_preflight) ++summary_.preflights;
  if (verdict.outcome == Outcome::kCorsFailure || verdict.outcome == Outcome::kOtherFailure) ++summary_.failed_requests;
  if (verdict.outcome == Outcome::kCorsFailure) ++summary_.cors_failures;
  if (verdict.outcome == Outcome::kOtherFailure) ++summary_.other_failures[verdict.other_error];
  if (verdict.outcome == Outcome::kCanceled) ++summary_.canceled_requests;
  if (verdict.cross_origin) ++summary_.cross_origin_requests;
  if (verdict.server_error) {
    ++summary_.failed_requests;
    ++summary_.other_failures["HTTP " + std::to_string(verdict.server_error)];
  }

  const std::string group = group_of(source, scenario);
  const std::string endpoint = group + '\x1f' + verdict.endpoint;
  if (verdict.cross_origin && (verdict.outcome == Outcome::kCorsFailure || verdict.outcome == Outcome::kOk)) {
    EndpointStats& stats = endpoints_[endpoint];
    auto [run, first] = stats.runs.try_emplace(source);
    if (first) stats.run_order.push_back(source);
    bool failed = verdict.outcome == Outcome::kCorsFailure;
    (failed ? run->second.failed : run->second.ok)++;
    for (const auto& header : verdict.request_headers) {
      OutcomeCounts& counts = run->second.with_header[header];
      (failed ? counts.failed : counts.ok)++;
    }
  }

  std::vector<size_t> ordinals;
  add_findings(verdict.findings, group, endpoint, source, scenario, ordinals);
  for (const Finding& candidate : verdict.vary_candidates) {
    add_vary_candidate(candidate, group, endpoint, source, scenario, ordinals);
  }
  return ordinals;
}

void FindingAggregator::add_vary_candidate(const Finding& finding, const std::string& group, const std::string& endpoint,
                                           const std::string& source, const std::string& scenario,
                                           std::vector<size_t>& ordinals) {
  VaryEvidence& evidence = vary_[finding.method + ' ' + without_query(finding.url)];
  evidence.origins.insert(finding.origin);
  if (evidence.origins.size() < 2) {
    evidence.held.push_back({finding, group, endpoint, source, scenario});
    return;
  }
  // Seen echoing two origins: what was held is reported now (its own
  // request's timeline entry is long written), with this one.
  std::vector<size_t> earlier;
  for (const auto& held : evidence.held) {
    add_findings({held.finding}, held.group, held.endpoint, held.source, held.scenario, earlier);
  }
  evidence.held.clear();
  add_findings({finding}, group, endpoint, source, scenario, ordinals);
}

void FindingAggregator::add_findings(const std::vector<Finding>& findings, const std::string& group,
                                     const std::string& endpoint, const std::string& source, const std::string& scenario,
                                     std::vector<size_t>& ordinals) {
  for (Finding finding : findings) {
    finding.scenario = scenario;
    std::string key = merge_key(group, finding);
    auto [it, inserted] = findings_.try_emplace(key, finding);
    if (inserted) {
      ordinal_of_[key] = order_.size();
      order_.push_back(key);
      endpoint_of_[key] = endpoint;
    } else {
      ++it->second.occurrences;
      // One endpoint, several queries: name the endpoint.
      if (it->second.url != finding.url) it->second.url = without_query(finding.url);
      for (const auto& line : finding.corroboration) add_unique(it->second.corroboration, line);
      std::sort(it->second.corroboration.begin(), it->second.corroboration.end());
    }
    add_unique(it->second.sources, source);
    const size_t ordinal = ordinal_of_.at(key);
    if (std::find(ordinals.begin(), ordinals.end(), ordinal) == ordinals.end()) ordinals.push_back(ordinal);
  }
}

void FindingAggregator::add_to_timeline(const CompletedRequest& request, const RequestVerdict& verdict,
                                        const std::vector<size_t>& findings) {
  if (!keep_timelines_) return;
  using Outcome = RequestVerdict::Outcome;
  using Drawn = TimelineRequest::Outcome;
  Drawn drawn = Drawn::kPending;
  switch (verdict.outcome) {
    case Outcome::kOk: drawn = verdict.server_error ? Drawn::kFailed : Drawn::kOk; break;
    case Outcome::kCorsFailure: drawn = Drawn::kCorsFailure; break;
    case Outcome::kOtherFailure: drawn = Drawn::kFailed; break;
    case Outcome::kCanceled: drawn = Drawn::kCanceled; break;
    case Outcome::kUnfinished: drawn = Drawn::kPending; break;
    case Outcome::kIgnored:  // Not judged (a document load, a lone preflight): as it ended.
      drawn = request.main.state == RequestRecord::State::kFailed ? Drawn::kFailed
              : request.main.done() || request.main.seen_response ? Drawn::kOk
                                                                  : Drawn::kPending;
      break;
  }
  timelines_.add(request, drawn, findings);
}

Report FindingAggregator::report() const {
  Report report;
  report.summary = summary_;
  report.notes = notes_;
  for (const auto& key : order_) {
    Finding finding = findings_.at(key);
    if (finding.severity == "error") {
      auto endpoint = endpoints_.find(endpoint_of_.at(key));
      if (endpoint != endpoints_.end()) {
        std::vector<RunOutcomes> runs;
        uint64_t failed = 0, ok = 0;
        for (const auto& source : endpoint->second.run_order) {
          runs.push_back(endpoint->second.runs.at(source));
          failed += runs.back().failed;
          ok += runs.back().ok;
        }
        if (failed > 0 && ok > 0) {
          finding.intermittent = attribute(runs, attribution_);
          finding.intermittent->run_marks = run_marks(endpoint->second.run_order, endpoint->second.runs, finding.intermittent->explained_by);
        }
      }
    }
    (finding.severity == "error" ? report.summary.errors : report.summary.warnings)++;
    report.findings.push_back(std::move(finding));
  }
  // Errors first, then by how often they happened; sorted through their
  // ordinals, so that the timelines can point at where each one went.
  std::vector<size_t> order(report.findings.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&report](size_t x, size_t y) {
    const Finding& a = report.findings[x];
    const Finding& b = report.findings[y];
    if (a.severity != b.severity) return a.severity == "error";
    return a.occurrences > b.occurrences;
  });
  std::vector<Finding> sorted;
  sorted.reserve(order.size());
  std::vector<size_t> index_of(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    index_of[order[i]] = i;
    sorted.push_back(std::move(report.findings[order[i]]));
  }
  report.findings = std::move(sorted);
  report.summary.findings = report.findings.size();
  if (keep_timelines_) report.timelines = timelines_.timelines(index_of);
  return report;
}

}  // namespace silentcors
