#include "analysis/finding_aggregator.h"

#include <algorithm>
#include <limits>

#include "analysis/statistics.h"
#include "analysis/url_parts.h"

namespace silentcors {

namespace {

std::string merge_key(const Finding& f) {
  std::string key = f.scenario + '\x1f' + f.kind + '\x1f' + f.method + '\x1f' + without_query(f.url) + '\x1f' + f.origin;
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
  if (verdict.server_error) {
    ++summary_.failed_requests;
    ++summary_.other_failures["HTTP " + std::to_string(verdict.server_error)];
  }

  if (verdict.cross_origin && (verdict.outcome == Outcome::kCorsFailure || verdict.outcome == Outcome::kOk)) {
    EndpointStats& stats = endpoints_[verdict.endpoint];
    bool failed = verdict.outcome == Outcome::kCorsFailure;
    (failed ? stats.failed : stats.ok)++;
    for (const auto& header : verdict.request_headers) {
      OutcomeCounts& counts = stats.with_header[header];
      (failed ? counts.failed : counts.ok)++;
    }
  }

  for (Finding finding : verdict.findings) {
    finding.scenario = scenario;
    std::string key = merge_key(finding);
    auto [it, inserted] = findings_.try_emplace(key, finding);
    if (inserted) {
      order_.push_back(key);
      endpoint_of_[key] = verdict.endpoint;
    } else {
      ++it->second.occurrences;
      // One endpoint, several queries: name the endpoint.
      if (it->second.url != finding.url) it->second.url = without_query(finding.url);
      for (const auto& line : finding.corroboration) add_unique(it->second.corroboration, line);
    }
    add_unique(it->second.sources, source);
  }
}

Intermittency attribute(uint64_t failed, uint64_t ok, const std::map<std::string, OutcomeCounts>& with_header) {
  Intermittency result;
  result.failed = failed;
  result.total = failed + ok;
  result.rate = result.total ? static_cast<double>(failed) / result.total : 0;
  result.rate_interval = wilson_interval(failed, result.total);

  // The best-explaining table: every failure carries the header and no
  // success does; failing that, the most significant positive association.
  const OutcomeCounts* best = nullptr;
  double best_p = std::numeric_limits<double>::infinity();
  bool best_perfect = false;
  for (const auto& [header, present] : with_header) {
    OutcomeCounts absent{failed - present.failed, ok - present.ok};
    bool perfect = present.failed == failed && present.ok == 0;
    double present_rate = static_cast<double>(present.failed) / std::max<uint64_t>(1, present.failed + present.ok);
    double absent_rate = static_cast<double>(absent.failed) / std::max<uint64_t>(1, absent.failed + absent.ok);
    if (!perfect && present_rate <= absent_rate) continue;
    double p = fisher_exact_two_sided(present.failed, present.ok, absent.failed, absent.ok);
    if ((perfect && !best_perfect) || (perfect == best_perfect && p < best_p)) {
      best = &present;
      best_p = p;
      best_perfect = perfect;
    }
  }
  // Only a clear association explains anything; 0.05 is the conventional bar.
  if (!best || (!best_perfect && best_p >= 0.05)) return result;

  for (const auto& [header, present] : with_header) {
    if (present.failed == best->failed && present.ok == best->ok) result.explained_by.push_back(header);
  }
  result.present = *best;
  result.absent = {failed - best->failed, ok - best->ok};
  result.p_value = best_p;
  result.projected_rate_at_full_sampling =
      static_cast<double>(best->failed) / std::max<uint64_t>(1, best->failed + best->ok);
  return result;
}

Report FindingAggregator::report() const {
  Report report;
  report.summary = summary_;
  report.notes = notes_;
  for (const auto& key : order_) {
    Finding finding = findings_.at(key);
    if (finding.severity == "error") {
      auto endpoint = endpoints_.find(endpoint_of_.at(key));
      if (endpoint != endpoints_.end() && endpoint->second.failed > 0 && endpoint->second.ok > 0) {
        finding.intermittent = attribute(endpoint->second.failed, endpoint->second.ok, endpoint->second.with_header);
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
