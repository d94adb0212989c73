#include "report/report_text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "analysis/http_headers.h"

namespace silentcors::report {
namespace {

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

std::string count_of(std::uint64_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", fraction * 100);
  std::string out = buf;
  if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
  return out;
}

std::string duration(double seconds) {
  char buf[32];
  if (seconds < 1) {
    std::snprintf(buf, sizeof buf, "%.0fms", seconds * 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  }
  return buf;
}

std::string finding_summary(const Finding& f) {
  std::string out = std::string(name_of(f.kind)) + ": ";
  if (f.kind == FindingKind::kMethodNotAllowed) {
    // The method is what was refused; refused headers are what fails next.
    out += f.method + " " + f.url;
    if (!f.headers.empty()) out += " (next refused: " + join(f.headers, ", ") + ")";
    return out;
  }
  if (!f.headers.empty()) {
    out += join(f.headers, ", ");
    out += f.kind == FindingKind::kHeaderNotExposed || f.kind == FindingKind::kServerTimingHidden ? " hidden by "
                                                                                                  : " refused by ";
  }
  return out + f.method + " " + f.url;
}

std::string chrome_sentence(const Finding& f) {
  if (!f.chrome) return "";
  const auto& [cors_error, parameter] = *f.chrome;
  const std::string error = cors_error.empty() ? "no corsError" : cors_error;
  const bool named_one_of_several =
      !parameter.empty() && f.headers.size() > 1 &&
      std::find(f.headers.begin(), f.headers.end(), to_lower_ascii(parameter)) != f.headers.end();
  if (named_one_of_several) return "Chromium reported only: " + parameter + " (" + error + ")";
  if (parameter.empty()) return "Chromium reported: " + error;
  return "Chromium reported: " + error + " (failedParameter: " + parameter + ")";
}

std::string preflight_evidence(const Finding& f) {
  std::vector<std::string> parts;
  if (f.preflight_status) parts.push_back("status " + std::to_string(*f.preflight_status));
  if (f.allow_origin) parts.push_back("Access-Control-Allow-Origin: " + quoted(*f.allow_origin));
  if (f.allow_methods) parts.push_back("Access-Control-Allow-Methods: " + quoted(*f.allow_methods));
  if (f.allow_headers) parts.push_back("Access-Control-Allow-Headers: " + quoted(*f.allow_headers));
  return join(parts, ", ");
}

std::string preflight_sentence(const Finding& f) {
  const std::string evidence = preflight_evidence(f);
  if (evidence.empty()) return "";
  return (f.preflight_status ? "preflight: " : "response: ") + evidence;
}

std::string orphan_sentence(const Finding& f) {
  if (!f.orphan_preflight) return "";
  return "The server answered the preflight (OPTIONS) and never received the " + f.method +
         " it was for: its logs show an OPTIONS and nothing after it.";
}

std::string intermittency_sentence(const Intermittency& i) {
  // With several runs the rate is of runs (the flake rate a suite owner
  // sees); the request counts follow it.
  std::string out = "fails ";
  if (i.runs) out += std::to_string(i.runs->failed) + " of " + std::to_string(i.runs->total) + " runs (";
  else out += std::to_string(i.failed) + " of " + std::to_string(i.total) + " (";
  out += percent(i.rate) + "%, 95% CI " + percent(i.rate_interval.first) + "-" + percent(i.rate_interval.second) + "%";
  if (i.runs) out += "; " + std::to_string(i.failed) + " of " + std::to_string(i.total) + " requests";
  out += "); ";
  auto table = [](const OutcomeCounts& present, const OutcomeCounts& absent) {
    return "present " + std::to_string(present.failed) + " failed/" + std::to_string(present.ok) + " ok, absent " +
           std::to_string(absent.failed) + " failed/" + std::to_string(absent.ok) + " ok";
  };
  if (i.explained_by.empty()) {
    out += "not explained by any request header";
  } else if (i.runs) {
    out += "explained by " + join(i.explained_by, ", ") + ": runs " + table(i.runs->present, i.runs->absent) +
           "; requests " + table(i.present, i.absent);
  } else {
    out += "explained by " + join(i.explained_by, ", ") + ": " + table(i.present, i.absent);
  }
  if (i.p_value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", *i.p_value);
    out += std::string(", p = ") + buf;
    if (!i.p_method.empty()) out += " (" + i.p_method + ")";
  }
  if (i.projected_rate_at_full_sampling) {
    out += "; at full sampling: " + percent(*i.projected_rate_at_full_sampling) + "%";
  }
  return out;
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (char c : text) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

std::string intermittent_clause(const Intermittency& i) {
  const bool runs = i.runs.has_value();
  const uint64_t failed = runs ? i.runs->failed : i.failed;
  const uint64_t total = runs ? i.runs->total : i.total;
  std::string out = "failed " + std::to_string(failed) + " of " + std::to_string(total) + (runs ? " runs" : " requests");
  if (!i.explained_by.empty()) {
    const uint64_t carried = runs ? i.runs->present.failed : i.present.failed;
    out += "; " + (carried == failed ? std::string("all of them") : std::to_string(carried) + " of them") +
           " carried " + join(i.explained_by, ", ");
  }
  return out;
}

std::string summary_sentence(const Summary& s) {
  std::string out = count_of(s.requests, "request", "requests") + ", " +
                    count_of(s.cors_failures, "CORS failure", "CORS failures") + ", ";
  if (s.findings == 0) {
    out += "no findings";
  } else {
    out += count_of(s.findings, "finding", "findings");
    std::vector<std::string> severities;
    if (s.errors) severities.push_back(count_of(s.errors, "error", "errors"));
    if (s.warnings) severities.push_back(count_of(s.warnings, "warning", "warnings"));
    if (!severities.empty()) out += " (" + join(severities, ", ") + ")";
  }
  if (!s.other_failures.empty()) {
    std::vector<std::string> others;
    for (const auto& [error_text, count] : s.other_failures) {
      others.push_back(error_text + " x" + std::to_string(count));
    }
    out += "; not CORS: " + join(others, ", ");
  }
  return out;
}

std::vector<const Finding*> error_findings(const Report& report) {
  std::vector<const Finding*> out;
  for (const auto& f : report.findings) {
    if (f.severity == "error") out.push_back(&f);
  }
  return out;
}

std::vector<const Finding*> failing_findings(const ScenarioRun& run) {
  auto errors = error_findings(run.report);
  if (run.failing_findings && *run.failing_findings < errors.size()) errors.resize(*run.failing_findings);
  return errors;
}

std::string run_label(const ScenarioRun& run) {
  if (run.repeat_count <= 1) return run.scenario;
  return run.scenario + " [" + std::to_string(run.repeat_index) + "/" +
         std::to_string(run.repeat_count) + "]";
}

}  // namespace silentcors::report
