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

namespace {

bool made_a_request(const page::RunAttempt& attempt) {
  return std::any_of(attempt.events.begin(), attempt.events.end(), [](const nlohmann::json& event) {
    return event.value("method", "") == "Network.requestWillBeSent";
  });
}

}  // namespace

WatchResult judge_visits(const std::vector<page::WatchedVisit>& visits, const std::string& default_context,
                         const std::string& record_dir) {
  return judge_visits(std::vector<BrowserVisits>{{visits, default_context}}, record_dir);
}

WatchResult judge_visits(const std::vector<BrowserVisits>& browsers, const std::string& record_dir) {
  WatchResult result;
  struct Judged {
    ScenarioRun run;
    page::RunAttempt attempt;
  };
  // A visit that asked for nothing has nothing to say (the first tab's
  // about:blank, a page closed before it loaded).
  struct Kept {
    const page::WatchedVisit* visit;
    page::RunAttempt attempt;
    std::size_t browser;
  };
  std::vector<Kept> kept;
  std::map<std::size_t, bool> browsers_used;
  for (std::size_t b = 0; b < browsers.size(); ++b) {
    for (const auto& visit : browsers[b].visits) {
      page::RunAttempt attempt;
      for (const auto& raw : visit.events) attempt.events.push_back(nlohmann::json::parse(raw));
      if (!made_a_request(attempt)) continue;
      kept.push_back({&visit, std::move(attempt), b});
      browsers_used[b] = true;
    }
  }
  // Browsers numbered among those that made requests, as they were given.
  std::map<std::size_t, std::size_t> browser_number;
  for (const auto& [b, used] : browsers_used) browser_number.emplace(b, browser_number.size() + 1);
  const bool name_browsers = browser_number.size() > 1;

  // Contexts numbered per browser as the suite first used them; Chromium's own is 1.
  std::map<std::size_t, std::map<std::string, std::size_t>> context_number;
  for (std::size_t b = 0; b < browsers.size(); ++b) {
    if (!browsers[b].default_context.empty()) context_number[b][browsers[b].default_context] = 1;
  }
  auto number_of = [&](std::size_t b, const std::string& context) {
    auto& numbers = context_number[b];
    const std::size_t next = numbers.size() + 1;
    return numbers.emplace(context, next).first->second;
  };

  std::vector<Judged> judged;
  std::map<std::string, int> visits_of;  // scenario name -> visits so far
  std::size_t recorded = 0;
  std::map<std::pair<std::size_t, std::size_t>, bool> used;  // (browser, context) the judged visits came from.
  for (auto& [visit, attempt, b] : kept) {
    if (!record_dir.empty()) record(*visit, ++recorded, record_dir);
    ScenarioRun run;
    const std::size_t context = number_of(b, visit->context);
    used[{b, context}] = true;
    const std::string where =
        name_browsers ? "browser " + std::to_string(browser_number[b]) + ", " + context_label(context) : context_label(context);
    run.scenario = visit->url + " (" + where + ")";
    run.file = visit->target_type == "page" ? visit->url : visit->target_type + " " + visit->url;
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
  result.browsers = browser_number.size();
  return result;
}

}  // namespace silentcors::runs
