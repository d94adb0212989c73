// `silentcors logs --sql DIALECT`: the query that computes the per-endpoint
// table of `logs` where ALB and CloudFront logs already are, in a warehouse
// table laid out as AWS's Athena documentation creates it. Pure: text in,
// text out.
//
// The query pairs exactly as PreflightPairer does when Access-Control-
// Request-Method is not logged (never, in these logs): per client, user
// agent and path, a request answers the newest preflight still waiting, and
// a pair further apart than the window is an orphan. That newest-first
// matching is bracket matching, which SQL can do with window functions: with
// preflights +1 and requests -1, the running depth clamped at 0 (a request
// with nothing waiting answers nothing) is the number waiting; a preflight
// that leaves `level` waiting is answered by the first later row whose
// depth falls below that level. Rows of a key are ordered by time, a
// preflight before a request at the same time (as a browser sends them;
// CloudFront logs whole seconds). Unlike `logs`, which pairs each file on its
// own, the query pairs across the whole table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace silentcors::logs {

enum class SqlDialect { kAthena, kDuckDb };
enum class WarehouseTable { kAlb, kCloudFront };

// "athena" (Trino SQL, Athena engine 3), "duckdb"; nullopt otherwise.
std::optional<SqlDialect> sql_dialect_named(std::string_view name);

// Athena's documented table name: alb_access_logs, cloudfront_standard_logs.
std::string default_table_name(WarehouseTable table);

// One row per endpoint (bucket_start_ms NULL) and one per endpoint and time
// bucket: method (NULL when unknown), path (ids folded), bucket_start_ms,
// preflights, followed, orphaned, orphan_rate, orphan_rate_low and
// orphan_rate_high (Wilson 95%).
std::string warehouse_query(SqlDialect dialect, WarehouseTable table, const std::string& table_name,
                            std::int64_t window_ms, std::int64_t bucket_ms);

}  // namespace silentcors::logs
