#include "analysis/triage_verdict.h"

#include "analysis/attribution.h"

#include <cmath>
#include <cstdio>

#include "analysis/finding_text.h"
#include "analysis/url_parts.h"

namespace silentcors {

namespace {

// Every CORS failure seen this many times, and never a success, is not luck.
constexpr uint64_t kSettledEveryTime = 10;

std::string percent(double rate) {
  char buffer[32];
  double value = rate * 100;
  std::snprintf(buffer, sizeof buffer, value == std::floor(value) ? "%.0f%%" : "%.1f%%", value);
  return buffer;
}

std::string p_text(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", p);  // 0.000999, 4.33e-10
  return buffer;
}

std::string quoted(const std::vector<std::string>& headers) {
  std::vector<std::string> out;
  for (const auto& h : headers) out.push_back("`" + h + "`");
  return join_words(out);
}

std::string endpoint(const Finding& f) {
  std::string url = without_query(f.url);
  std::string origin = origin_of(url);
  std::string path = url.substr(origin == "null" ? 0 : origin.size());
  return f.method + " " + (path.empty() ? "/" : path);
}

// "6/6 runs" with more than one run, "8/8" requests in one.
std::string share(const OutcomeCounts& c, bool runs) {
  return std::to_string(c.failed) + "/" + std::to_string(c.failed + c.ok) + (runs ? " runs" : "");
}

std::string explained_sentence(const Finding& f, const Intermittency& i) {
  bool one = i.explained_by.size() == 1;
  const bool runs = i.runs.has_value();
  return endpoint(f) + " fails whenever " + quoted(i.explained_by) + (one ? " is" : " are") + " present (" +
         share(runs ? i.runs->present : i.present, runs) + ") and never otherwise (" +
         share(runs ? i.runs->absent : i.absent, runs) + "), p = " + p_text(i.p_value.value_or(1)) + " (" +
         i.p_method + (i.looks > 1 || i.candidates > 1 ? ", adjusted for " + std::to_string(i.candidates) +
                                                             " header set" + (i.candidates == 1 ? "" : "s") +
                                                             " and " + std::to_string(i.looks) + " looks"
                                                       : std::string()) +
         ").";
}

// "It failed 3 of 10 runs (30%, 95% CI 11-60%)", or of requests.
std::string rate_sentence(const Intermittency& i) {
  const bool runs = i.runs.has_value();
  const uint64_t failed = runs ? i.runs->failed : i.failed, total = runs ? i.runs->total : i.total;
  std::string out = std::to_string(failed) + " of " + std::to_string(total) + (runs ? " runs" : " requests") + " (" +
                    percent(i.rate) + ", 95% CI " + percent(i.rate_interval.first) + "-" +
                    percent(i.rate_interval.second) + ")";
  if (runs) out += "; " + std::to_string(i.failed) + " of " + std::to_string(i.total) + " requests";
  return out;
}

// Which rule the p-value met or missed, and why triage and `analyze
// --runs-of` on the same runs can disagree: triage looks at the evidence
// after every run and may stop at the first clear look, so it pays for every
// look it could take; analyze looks once, at the end.
std::string rule_sentence(const Intermittency& i) {
  std::string rule = "The rule: a header set explains it at p < " + p_text(kExplainedBelow) + " after adjusting for " + std::to_string(i.candidates) +
                     " header set" + (i.candidates == 1 ? "" : "s");
  if (i.looks > 1) {
    return rule + " and for " + std::to_string(i.looks) +
           " looks (triage checks the evidence after each run and may stop at the first clear look); `analyze "
           "--runs-of` on the same recordings checks once, so it can call significant what triage did not.";
  }
  return rule + ", checked once over all the runs; triage also adjusts for the looks of its early stop, so on "
                "the same runs it can need more evidence.";
}

}  // namespace

TriageVerdict triage_verdict(const Report& combined, const TriageProgress& progress, double p_threshold) {
  TriageVerdict verdict;
  const Finding* worst = nullptr;
  for (const auto& f : combined.findings) {
    if (f.severity != "error") continue;
    if (!worst || f.occurrences > worst->occurrences) worst = &f;
  }

  if (!worst) {
    uint64_t other = 0;
    for (const auto& [error, count] : combined.summary.other_failures) other += count;
    if (other == 0) {
      verdict.kind = TriageVerdict::Kind::kNoFailure;
      verdict.lines.push_back("No request failed in " + std::to_string(progress.runs) + " runs" +
                              (progress.failed_runs ? " (" + std::to_string(progress.failed_runs) +
                                                          " runs failed their expectations all the same)"
                                                    : std::string()) +
                              ".");
      return verdict;
    }
    verdict.kind = TriageVerdict::Kind::kNotCors;
    std::string causes;
    for (const auto& [error, count] : combined.summary.other_failures) {
      causes += (causes.empty() ? "" : ", ") + error + " x" + std::to_string(count);
    }
    verdict.lines.push_back("This flake is not CORS: no request was blocked by CORS in " +
                            std::to_string(progress.runs) + " runs; the failures were " + causes + ".");
    return verdict;
  }

  if (worst->intermittent && !worst->intermittent->explained_by.empty()) {
    const Intermittency& i = *worst->intermittent;
    verdict.kind = TriageVerdict::Kind::kCorsExplained;
    verdict.settled = i.p_value && *i.p_value < p_threshold;
    verdict.lines.push_back(explained_sentence(*worst, i));
    verdict.lines.push_back("It is CORS: " + worst->fix + ".");
    verdict.lines.push_back("It failed " + rate_sentence(i) + ".");
    if (i.projected_rate_at_full_sampling) {
      verdict.lines.push_back("At a sample ratio of 1.0 this endpoint would fail " +
                              percent(*i.projected_rate_at_full_sampling) + (i.runs ? " of runs." : " of requests."));
    }
    verdict.lines.push_back(rule_sentence(i));
  } else if (worst->intermittent) {
    const Intermittency& i = *worst->intermittent;
    verdict.kind = TriageVerdict::Kind::kCorsUnexplained;
    verdict.lines.push_back(endpoint(*worst) + " fails intermittently with a CORS error (" + std::string(name_of(worst->kind)) + "): " +
                            rate_sentence(i) + ".");
    verdict.lines.push_back(i.candidates == 0
                                ? "No request header explains it: the failing and the passing requests carry the same "
                                  "headers, so look at what differs on the server side (instances, caches, deploys)."
                                : "No request header explains it yet: no header set is significant once runs are "
                                  "counted as units (" + i.p_method + "); more runs may tell, or look at what differs "
                                  "on the server side (instances, caches, deploys).");
    verdict.lines.push_back("Fix: " + worst->fix + ".");
    if (i.candidates > 0) verdict.lines.push_back(rule_sentence(i));
  } else {
    verdict.kind = TriageVerdict::Kind::kCorsEveryTime;
    verdict.settled = worst->occurrences >= kSettledEveryTime;
    verdict.lines.push_back(endpoint(*worst) + " fails every time (" + std::to_string(worst->occurrences) +
                            " of " + std::to_string(worst->occurrences) +
                            " requests): not a flake, a broken CORS contract (" + std::string(name_of(worst->kind)) + ").");
    verdict.lines.push_back("Fix: " + worst->fix + ".");
  }
  return verdict;
}

}  // namespace silentcors
