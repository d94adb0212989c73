// A CdpEvent from a nlohmann::json message: events that arrive live from
// the browser, and recording lines that simdjson gives up on (nlohmann then
// decides and words any error). Its views point into `message`.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "analysis/cdp_event.h"

namespace silentcors {

void cdp_event_from_json(const nlohmann::json& message, CdpEvent& event);

}  // namespace silentcors
