#include "analysis/analyzer.h"

#include "analysis/classifier.h"

namespace silentcors {

Analyzer::Analyzer(AttributionOptions attribution) : aggregator_(attribution) { aggregator_.keep_timelines(true); }
Analyzer::~Analyzer() = default;

void Analyzer::begin_source(std::string label, std::string scenario) {
  end_source();
  label_ = std::move(label);
  scenario_ = std::move(scenario);
  aggregator_.begin_timeline(label_);
  ledger_ = std::make_unique<RequestLedger>([this](CompletedRequest&& request) {
    const RequestVerdict verdict = classify(request, servers_);
    if (observer_) observer_(verdict);
    aggregator_.add_to_timeline(request, verdict, aggregator_.add(verdict, label_, scenario_));
  });
}

void Analyzer::add(const nlohmann::json& message) {
  if (!ledger_) begin_source("");
  ledger_->on_message(message);
}

void Analyzer::add(const CdpEvent& event) {
  if (!ledger_) begin_source("");
  ledger_->on_event(event);
}

void Analyzer::end_source() {
  if (!ledger_) return;
  ledger_->finish();
  ledger_.reset();
}

}  // namespace silentcors
