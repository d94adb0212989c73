#include "analysis/audit_matrix.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "analysis/cors_change.h"
#include "analysis/finding_text.h"
#include "analysis/fix_snippet.h"
#include "analysis/server_kind.h"
#include "analysis/url_parts.h"

namespace silentcors {

bool AuditMatrix::any_refused() const {
  for (const auto& endpoint : endpoints) {
    for (const auto& [sdk, cell] : endpoint.sdks) {
      if (cell.verdict == kAuditRefused) return true;
    }
  }
  return false;
}

namespace {

// What one run showed of one endpoint, before it becomes a cell.
struct Seen {
  bool completed = false;          // A request got an answer CORS judged (passed or refused).
  bool decorated_passed = false;   // One carrying the SDK's headers passed.
  bool refused = false;
  std::set<std::string> headers;   // Refused headers, over every refused request.
  std::string kind;
  std::vector<const Finding*> findings;  // The refusals.
};

// Best first: a passing response that links back beats one that hides it.
int linking_rank(const std::string& linking) {
  if (linking == kLinkingOk) return 4;
  if (linking == kLinkingServerTimingHidden) return 3;
  if (linking == kLinkingNotExposed) return 2;
  if (linking == kLinkingNone) return 1;
  return 0;
}

bool carries_any(const RequestVerdict& verdict, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (std::find(verdict.request_headers.begin(), verdict.request_headers.end(), name) != verdict.request_headers.end()) {
      return true;
    }
  }
  return false;
}

AuditCell cell_of(const Seen* seen, bool baseline) {
  AuditCell cell;
  if (!seen || !seen->completed) return cell;
  if (seen->refused) {
    cell.verdict = kAuditRefused;
    cell.headers.assign(seen->headers.begin(), seen->headers.end());
    cell.kind = seen->kind;
  } else if (baseline || seen->decorated_passed) {
    cell.verdict = kAuditReady;
  } else {
    cell.verdict = kAuditNotDecorated;
  }
  return cell;
}

// The one fix for every SDK: a refused header list grows to the union of
// what each SDK needs; any other refusal keeps its own fix.
void add_fix(AuditEndpoint& endpoint, const std::vector<const Finding*>& refusals) {
  if (refusals.empty()) return;
  std::set<std::string> all;
  const Finding* headers_finding = nullptr;
  for (const Finding* f : refusals) {
    all.insert(f->headers.begin(), f->headers.end());
    if (!headers_finding && f->kind == FindingKind::kHeaderNotAllowed) headers_finding = f;
  }
  Finding fix = headers_finding ? *headers_finding : *refusals.front();
  if (headers_finding) {
    fix.headers.assign(all.begin(), all.end());
    fix.fix = failure_fix(fix, true, fix.credentialed);
    fix.fix_snippet.reset();
    if (auto change = change_for(fix); change && fix.server) {
      const ServerKind kind = server_named(fix.server->name).value_or(ServerKind::kUnknown);
      fix.fix_snippet = Finding::Snippet{fix.server->name, fix_snippet_text(kind, *change)};
    }
  }
  endpoint.fix = fix.fix;
  endpoint.fix_snippet = fix.fix_snippet;
  endpoint.server = fix.server;
}

std::string replaced(std::string text, const std::vector<std::pair<std::string, std::string>>& same_as) {
  for (const auto& [from, to] : same_as) {
    if (from.empty() || from == to) continue;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

// The verdict as the baseline's origins name it.
RequestVerdict in_baseline_terms(const RequestVerdict& verdict, const std::vector<std::pair<std::string, std::string>>& same_as) {
  if (same_as.empty()) return verdict;
  RequestVerdict out = verdict;
  out.url = replaced(out.url, same_as);
  out.origin = replaced(out.origin, same_as);
  for (auto& f : out.findings) {
    f.url = replaced(f.url, same_as);
    f.origin = replaced(f.origin, same_as);
    f.fix = replaced(f.fix, same_as);
    f.message = replaced(f.message, same_as);
    if (f.allow_origin) f.allow_origin = replaced(*f.allow_origin, same_as);
    if (f.fix_snippet) f.fix_snippet->text = replaced(f.fix_snippet->text, same_as);
  }
  return out;
}

}  // namespace

AuditMatrix build_audit_matrix(const std::vector<std::string>& sdks, const std::vector<AuditRun>& runs) {
  using Key = std::tuple<std::string, std::string, std::string>;  // url, method, origin: the report's order.
  std::map<Key, std::map<std::string, Seen>> seen;                // endpoint -> sdk ("" baseline) -> what it saw
  std::map<Key, std::string> linking;
  // Findings are pointed at below: they live here, in baseline terms.
  std::vector<std::vector<RequestVerdict>> translated;
  translated.reserve(runs.size());
  for (const auto& run : runs) {
    if (!run.verdicts) continue;
    auto& verdicts = translated.emplace_back();
    for (const auto& verdict : *run.verdicts) verdicts.push_back(in_baseline_terms(verdict, run.same_as));
    for (const auto& verdict : verdicts) {
      if (!verdict.cross_origin) continue;
      const bool refused = verdict.outcome == RequestVerdict::Outcome::kCorsFailure;
      if (!refused && verdict.outcome != RequestVerdict::Outcome::kOk) continue;
      const Key key{verdict.url, verdict.method, verdict.origin};
      Seen& s = seen[key][run.sdk];
      s.completed = true;
      if (refused) {
        s.refused = true;
        for (const auto& f : verdict.findings) {
          if (f.severity != "error") continue;
          s.headers.insert(f.headers.begin(), f.headers.end());
          if (s.kind.empty()) s.kind = std::string(name_of(f.kind));
          s.findings.push_back(&f);
        }
      } else {
        if (run.sdk.empty() || carries_any(verdict, run.sdk_headers)) s.decorated_passed = true;
        if (linking_rank(verdict.linking) > linking_rank(linking[key])) linking[key] = verdict.linking;
      }
    }
  }

  AuditMatrix matrix;
  matrix.sdks = sdks;
  for (const auto& entry : seen) {
    const Key& key = entry.first;
    const auto& by_sdk = entry.second;  // Named: clang 14 cannot capture a structured binding.
    AuditEndpoint endpoint;
    std::tie(endpoint.url, endpoint.method, endpoint.origin) = key;
    const auto find = [&by_sdk](const std::string& sdk) -> const Seen* {
      auto it = by_sdk.find(sdk);
      return it == by_sdk.end() ? nullptr : &it->second;
    };
    endpoint.baseline = cell_of(find(""), true);
    std::vector<const Finding*> refusals;
    for (const auto& sdk : sdks) {
      const Seen* s = find(sdk);
      endpoint.sdks[sdk] = cell_of(s, false);
      if (s) refusals.insert(refusals.end(), s->findings.begin(), s->findings.end());
    }
    if (const Seen* base = find(""); base && refusals.empty()) refusals = base->findings;
    add_fix(endpoint, refusals);
    endpoint.linking = linking[key];
    matrix.endpoints.push_back(std::move(endpoint));
  }
  return matrix;
}

std::vector<PatternWarning> third_party_warnings(const AuditMatrix& matrix,
                                                 const std::map<std::string, std::string>& settings) {
  std::vector<PatternWarning> warnings;
  for (const auto& sdk : matrix.sdks) {
    const auto setting = settings.find(sdk);
    const std::string written = setting == settings.end() ? "" : setting->second;
    for (const auto& e : matrix.endpoints) {
      const AuditCell& cell = e.sdks.at(sdk);
      if (cell.verdict != kAuditReady && cell.verdict != kAuditRefused) continue;
      if (site_of(e.url) == site_of(e.origin)) continue;
      const std::string fate = cell.verdict == kAuditRefused ? "it refuses them, so the flow breaks"
                                                             : "it accepts them today";
      warnings.push_back({sdk, written.empty() ? "(no setting: every request)" : written, "third-party",
                          sdk + " decorates " + e.method + " " + e.url + ", on another site than the pages (" +
                              e.origin + "): " + fate + ", and the trace id and baggage go to a third party; " +
                              (written.empty() ? "give it a propagation setting that names your own APIs"
                                               : "narrow the setting to your own APIs"),
                          e.url});
    }
  }
  return warnings;
}

}  // namespace silentcors
