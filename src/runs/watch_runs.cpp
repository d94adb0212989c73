#include "runs/run_aggregation.h"
#include "runs/watch_runs.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "capture/recording_writer.h"
#include "report/report_text.h"
#include "runs/suite_runner.h"

namespace silentcors::runs {

namespace {

// A file name from a URL: its host and path, nothing a shell or a file
// system would mind.
std::string slug(const std::string& url) {
  std::string rest = url.substr(std::min(url.size(), url.find("://") == std::string::npos ? 0 : url.find("://") + 3));
  std::string out;
  for (char c : rest) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (plain) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
    if (out.size() >= 60) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "page" : out;
}

void record(const page::WatchedVisit& visit, std::size_t number, const std::string& record_dir) {
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%03zu-", number);
  capture::RecordingWriter writer((std::filesystem::path(record_dir) / (prefix + slug(visit.url) + ".jsonl")).string());
  for (const auto& raw : visit.events) writer.write(raw);
  writer.close();
}

// How long a visit lasted, as its own network events tell (Chromium's
// monotonic timestamps): the suite's time between visits is not the page's.
double network_seconds(const std::vector<nlohmann::json>& events) {
  double first = 0, last = 0;
  bool any = false;
  for (const auto& event : events) {
    const auto method = event.find("method");
    if (method == event.end() || !method->is_string() || method->get_ref<const std::string&>().rfind("Network.", 0) != 0) {
      continue;
    }
    const auto params = event.find("params");
    if (params == event.end() || !params->is_object()) continue;
    const auto timestamp = params->find("timestamp");
    if (timestamp == params->end() || !timestamp->is_number()) continue;
    const double t = timestamp->get<double>();
    first = any ? std::min(first, t) : t;
    last = any ? std::max(last, t) : t;
    any = true;
  }
  return last - first;
}

}  // namespace

std::string context_label(std::size_t number) {
  return number == 1 ? "default context" : "context " + std::to_string(number);
}

WatchResult judge_visits(const std::vector<page::WatchedVisit>& visits, const std::string& default_context,
                         const std::string& record_dir) {
  WatchResult result;
  // Contexts numbered as the suite first used them; Chromium's own is 1.
  std::map<std::string, std::size_t> context_number;
  if (!default_context.empty()) context_number[default_context] = 1;
  auto number_of = [&](const std::string& context) {
    const std::size_t next = context_number.size() + 1;
    return context_number.emplace(context, next).first->second;
  };

  struct Judged {
    ScenarioRun run;
    page::RunAttempt attempt;
  };
  std::vector<Judged> judged;
  std::map<std::string, int> visits_of;  // scenario name -> visits so far
  std::size_t recorded = 0;
  std::map<std::size_t, bool> used;  // Contexts the judged visits came from.
  for (const auto& visit : visits) {
    page::RunAttempt attempt;
    for (const auto& raw : visit.events) attempt.events.push_back(nlohmann::json::parse(raw));
    // A visit that asked for nothing has nothing to say (the first tab's
    // about:blank, a page closed before it loaded).
    bool requested = std::any_of(attempt.events.begin(), attempt.events.end(), [](const nlohmann::json& event) {
      return event.value("method", "") == "Network.requestWillBeSent";
    });
    if (!requested) continue;
    if (!record_dir.empty()) record(visit, ++recorded, record_dir);
    ScenarioRun run;
    const std::size_t context = number_of(visit.context);
    used[context] = true;
    run.scenario = visit.url + " (" + context_label(context) + ")";
    run.file = visit.target_type == "page" ? visit.url : visit.target_type + " " + visit.url;
    run.repeat_index = ++visits_of[run.scenario];
    judged.push_back({std::move(run), std::move(attempt)});
  }

  CombinedReport combined;  // From the runs' verdicts: no timelines (each run's own report has its own).
  for (auto& [run, attempt] : judged) {
    run.repeat_count = visits_of[run.scenario];
    Verdict verdict;
    scenario::Expect expect;
    expect.from_scenario_file = false;
    ScenarioRun done = judge_run(run, attempt, expect, verdict);
    done.seconds = network_seconds(attempt.events);
    // That note is advice for scenario files (add a waitFor step); a suite's
    // page that made only same-origin requests simply had nothing to check.
    auto& notes = done.report.notes;
    notes.erase(std::remove(notes.begin(), notes.end(), std::string(kNoCrossOriginNote)), notes.end());
    combined.add(done);
    result.runs.push_back(std::move(done));
    result.verdicts.push_back(std::move(verdict));
  }
  result.combined = combined.report();
  result.contexts = used.size();
  return result;
}

}  // namespace silentcors::runs
