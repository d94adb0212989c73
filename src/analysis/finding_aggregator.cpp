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

}  // namespace

void FindingAggregator::add(const RequestVerdict& verdict, const std::string& source, const std::string& scenario) {
  using Outcome = RequestVerdict::Outcome;
  if (verdict.outcome == Outcome::kIgnored) return;
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

  for (Finding finding : verdict.findings) {
    finding.scenario = scenario;
    std::string key = merge_key(group, finding);
    auto [it, inserted] = findings_.try_emplace(key, finding);
    if (inserted) {
      order_.push_back(key);
      endpoint_of_[key] = endpoint;
    } else {
      ++it->second.occurrences;
      // One endpoint, several queries: name the endpoint.
      if (it->second.url != finding.url) it->second.url = without_query(finding.url);
      for (const auto& line : finding.corroboration) add_unique(it->second.corroboration, line);
    }
    add_unique(it->second.sources, source);
  }
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
        if (failed > 0 && ok > 0) finding.intermittent = attribute(runs, attribution_);
      }
    }
    (finding.severity == "error" ? report.summary.errors : report.summary.warnings)++;
    report.findings.push_back(std::move(finding));
  }
  // Errors first, then by how often they happened.
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity == "error";
    return a.occurrences > b.occurrences;
  });
  report.summary.findings = report.findings.size();
  return report;
}

}  // namespace silentcors
