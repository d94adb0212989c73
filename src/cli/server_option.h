// --server ORIGIN=KIND[,ORIGIN=KIND...]: who answers which origin, for the
// fix snippet, when the responses do not say (or say it wrong).
#pragma once

#include "analysis/server_kind.h"
#include "cli/args.h"

namespace silentcors::cli {

// Throws UsageError naming what is wrong.
ServerHints server_hints_from(const Args& args);

}  // namespace silentcors::cli
