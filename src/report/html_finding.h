// A finding as the HTML report shows it: a card with every fact (the
// refused headers highlighted beside the server's Access-Control-Allow-
// Headers, the fix and its snippet, Chromium's own words, the flake
// statistics), and a one-line reference to it under a run's waterfall.
#pragma once

#include <string>

#include "analysis/report_model.h"

namespace silentcors::report {

// The card, with id `anchor` (html::finding_anchor) for links to it.
std::string html_finding_card(const Finding& finding, const std::string& anchor);

// Refused headers against what the server allowed, the fix in a sentence,
// and a link to the card (`anchor`, empty for none).
std::string html_finding_line(const Finding& finding, const std::string& anchor);

// The refused headers (red) and the Allow-Headers the server sent (green),
// side by side: what the eye must compare.
std::string html_header_comparison(const Finding& finding);

}  // namespace silentcors::report
