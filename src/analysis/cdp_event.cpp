#include "analysis/cdp_event.h"

#include <algorithm>

namespace silentcors {

CdpMethod cdp_method(std::string_view method) {
  if (method.empty()) return CdpMethod::kNone;
  if (method == "Network.requestWillBeSent") return CdpMethod::kRequestWillBeSent;
  if (method == "Network.requestWillBeSentExtraInfo") return CdpMethod::kRequestWillBeSentExtraInfo;
  if (method == "Network.responseReceived") return CdpMethod::kResponseReceived;
  if (method == "Network.responseReceivedExtraInfo") return CdpMethod::kResponseReceivedExtraInfo;
  if (method == "Network.loadingFinished") return CdpMethod::kLoadingFinished;
  if (method == "Network.loadingFailed") return CdpMethod::kLoadingFailed;
  if (method == "Audits.issueAdded") return CdpMethod::kAuditsIssueAdded;
  if (method == "Log.entryAdded") return CdpMethod::kLogEntryAdded;
  return CdpMethod::kOther;
}

CdpStatus CdpStatus::of_unsigned(uint64_t number) {
  if (number > kMaxStatus) return {Kind::kOutOfRange, 0};
  return {Kind::kValid, static_cast<int>(number)};
}

CdpStatus CdpStatus::of_signed(int64_t number) {
  if (number < 0) return {Kind::kOutOfRange, 0};
  return of_unsigned(static_cast<uint64_t>(number));
}

CdpStatus CdpStatus::of_float(double number) {
  // Compared before any conversion: casting 1e300 to int is undefined.
  if (!(number >= 0 && number <= kMaxStatus)) return {Kind::kOutOfRange, 0};
  int whole = static_cast<int>(number);
  if (static_cast<double>(whole) != number) return {Kind::kOutOfRange, 0};
  return {Kind::kValid, whole};
}

void normalize_cdp_headers(std::vector<CdpHeaderEntry>& entries, CdpHeaders& out) {
  out.clear();
  const auto by_name = [](const CdpHeaderEntry& a, const CdpHeaderEntry& b) { return a.name < b.name; };
  // Raw headers mostly come sorted already: then there is nothing to move.
  if (!std::is_sorted(entries.begin(), entries.end(), by_name)) {
    std::stable_sort(entries.begin(), entries.end(), by_name);
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    // Of a run of equal names, the last came last: it is the one kept.
    if (i + 1 < entries.size() && entries[i + 1].name == entries[i].name) continue;
    if (entries[i].is_string) out.push_back({entries[i].name, entries[i].value});
  }
}

void CdpEvent::clear() {
  // Assigning a fresh value would free the header lists' buffers; they are
  // kept for the next message.
  CdpHeaders headers[] = {std::move(params.headers), std::move(params.request.headers),
                          std::move(params.redirect_response.headers), std::move(params.response.headers)};
  *this = CdpEvent();
  for (auto& list : headers) list.clear();
  params.headers = std::move(headers[0]);
  params.request.headers = std::move(headers[1]);
  params.redirect_response.headers = std::move(headers[2]);
  params.response.headers = std::move(headers[3]);
}

}  // namespace silentcors
