#include "logs/warehouse_query.h"

#include <string>

namespace silentcors::logs {

namespace {

// The segments folded_path() takes for ids: digits, 16+ hex digits, a UUID.
constexpr const char* kIdSegment =
    "^([0-9]+|[0-9a-fA-F]{16,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$";

// What differs between the engines; the query around it is standard SQL.
struct Dialect {
  std::string (*fold)(const std::string& path);
  std::string (*iso_ms)(const std::string& iso);                         // '2018-07-02T22:22:48.364000Z'
  std::string (*date_time_ms)(const std::string& date, const std::string& time);  // DATE, 'hh:mm:ss' (UTC)
};

const Dialect kAthena{
    [](const std::string& path) {
      return "array_join(transform(split(" + path + ", '/'), s -> IF(regexp_like(s, '" + kIdSegment +
             "'), '{id}', s)), '/')";
    },
    [](const std::string& iso) {
      return "to_milliseconds(from_iso8601_timestamp(" + iso + ") - from_unixtime(0))";
    },
    [](const std::string& date, const std::string& time) {
      return "CAST(to_unixtime(with_timezone(date_parse(CAST(" + date + " AS varchar) || ' ' || " + time +
             ", '%Y-%m-%d %H:%i:%s'), 'UTC')) AS bigint) * 1000";
    },
};

const Dialect kDuckDb{
    [](const std::string& path) {
      return "array_to_string(list_transform(string_split(" + path + ", '/'), s -> CASE WHEN regexp_matches(s, '" +
             kIdSegment + "') THEN '{id}' ELSE s END), '/')";
    },
    [](const std::string& iso) { return "epoch_ms(strptime(" + iso + ", '%Y-%m-%dT%H:%M:%S.%fZ'))"; },
    [](const std::string& date, const std::string& time) {
      return "epoch_ms(" + date + " + CAST(" + time + " AS TIME))";
    },
};

// "https://host:443/api/cart?x=1" -> "/api/cart", as parse_alb reads it.
// (Athena's regexp_extract gives NULL without a match, DuckDB's ''.)
std::string url_path(const std::string& url) {
  return "CASE WHEN " + url + " LIKE '%://%' THEN COALESCE(NULLIF(regexp_extract(" + url +
         ", '://[^/]*(/[^?#]*)', 1), ''), '/') ELSE regexp_extract(" + url + ", '^([^?#]*)', 1) END";
}

// The rows parse_alb and CloudFrontLog::parse accept, as (client, agent,
// path, method, t): t in Unix ms.
std::string events(const Dialect& d, WarehouseTable table, const std::string& name) {
  if (table == WarehouseTable::kAlb) {
    return "  SELECT client_ip AS client, CASE WHEN user_agent = '-' THEN '' ELSE user_agent END AS agent,\n"
           "         " + url_path("request_url") + " AS path,\n"
           "         request_verb AS method,\n"
           "         " + d.iso_ms("CASE WHEN request_creation_time = '-' THEN time ELSE request_creation_time END") +
           " AS t\n"
           "  FROM " + name + "\n"
           "  WHERE type IN ('http', 'https', 'h2', 'grpcs', 'ws', 'wss') AND client_ip <> '-'\n"
           "    AND request_verb <> '-' AND elb_status_code BETWEEN 100 AND 599\n";
  }
  return "  SELECT c_ip AS client, CASE WHEN cs_user_agent = '-' THEN '' ELSE cs_user_agent END AS agent,\n"
         "         cs_uri_stem AS path, cs_method AS method,\n"
         "         " + d.date_time_ms("\"date\"", "time") + " AS t\n"
         "  FROM " + name + "\n"
         "  WHERE c_ip <> '-' AND cs_method <> '-' AND cs_uri_stem LIKE '/%' AND sc_status BETWEEN 100 AND 599\n";
}

}  // namespace

std::optional<SqlDialect> sql_dialect_named(std::string_view name) {
  if (name == "athena") return SqlDialect::kAthena;
  if (name == "duckdb") return SqlDialect::kDuckDb;
  return std::nullopt;
}

std::string default_table_name(WarehouseTable table) {
  return table == WarehouseTable::kAlb ? "alb_access_logs" : "cloudfront_standard_logs";
}

std::string warehouse_query(SqlDialect dialect, WarehouseTable table, const std::string& table_name,
                            std::int64_t window_ms, std::int64_t bucket_ms) {
  const Dialect& d = dialect == SqlDialect::kAthena ? kAthena : kDuckDb;
  const std::string window = std::to_string(window_ms), bucket = std::to_string(bucket_ms);
  const std::string key = "client, agent, path";
  const std::string same_key = "r.client = p.client AND r.agent = p.agent AND r.path = p.path";
  constexpr const char* z = "1.959963984540054";
  constexpr const char* z2 = "3.841458820694124";  // z * z
  return std::string("-- silentcors logs: preflights nothing followed, per endpoint and per ") + bucket +
         " ms bucket\n"
         "-- (bucket_start_ms NULL: the endpoint's total). A request answers the newest\n"
         "-- preflight of its client, user agent and path still waiting, within " + window + " ms.\n"
         "WITH events AS (\n" + events(d, table, table_name) + "),\n"
         "ordered AS (\n"
         "  SELECT *, ROW_NUMBER() OVER (PARTITION BY " + key +
         " ORDER BY t, CASE WHEN method = 'OPTIONS' THEN 0 ELSE 1 END) AS n\n"
         "  FROM events\n"
         "),\n"
         "-- Preflights waiting after each row: a running sum clamped at 0.\n"
         "depth AS (\n"
         "  SELECT *, SUM(CASE WHEN method = 'OPTIONS' THEN 1 ELSE -1 END) OVER (PARTITION BY " + key +
         " ORDER BY n ROWS UNBOUNDED PRECEDING) AS d\n"
         "  FROM ordered\n"
         "),\n"
         "levels AS (\n"
         "  SELECT *, d - LEAST(0, MIN(d) OVER (PARTITION BY " + key +
         " ORDER BY n ROWS UNBOUNDED PRECEDING)) AS level\n"
         "  FROM depth\n"
         "),\n"
         "-- A preflight's answer: the first later row that leaves fewer waiting.\n"
         "answered AS (\n"
         "  SELECT p.client, p.agent, p.path, p.n, p.t, MIN(r.n) AS answer\n"
         "  FROM levels p LEFT JOIN levels r\n"
         "    ON " + same_key + " AND r.n > p.n AND r.level < p.level AND r.t <= p.t + " + window + "\n"
         "  WHERE p.method = 'OPTIONS'\n"
         "  GROUP BY p.client, p.agent, p.path, p.n, p.t\n"
         "),\n"
         "preflights AS (\n"
         "  SELECT " + d.fold("p.path") + " AS path,\n"
         "         p.t - p.t % " + bucket + " AS bucket_start_ms, r.method AS method,\n"
         "         CASE WHEN r.n IS NULL THEN 1 ELSE 0 END AS orphan\n"
         "  FROM answered p LEFT JOIN levels r ON " + same_key + " AND r.n = p.answer\n"
         "),\n"
         "-- An orphan's method is unknown; it joins its path's one method, when it has one.\n"
         "known AS (\n"
         "  SELECT path, MIN(method) AS method FROM preflights WHERE method IS NOT NULL\n"
         "  GROUP BY path HAVING COUNT(DISTINCT method) = 1\n"
         "),\n"
         "counted AS (\n"
         "  SELECT COALESCE(p.method, k.method) AS method, p.path, p.bucket_start_ms,\n"
         "         COUNT(*) AS preflights, SUM(p.orphan) AS orphaned\n"
         "  FROM preflights p LEFT JOIN known k ON k.path = p.path\n"
         "  GROUP BY GROUPING SETS ((COALESCE(p.method, k.method), p.path),\n"
         "                          (COALESCE(p.method, k.method), p.path, p.bucket_start_ms))\n"
         "),\n"
         "rated AS (\n"
         "  SELECT *, CAST(orphaned AS DOUBLE) / preflights AS rate FROM counted\n"
         ")\n"
         "SELECT method, path, bucket_start_ms, preflights, preflights - orphaned AS followed, orphaned,\n"
         "       rate AS orphan_rate,\n"
         "       CASE WHEN orphaned = 0 THEN 0 ELSE GREATEST(0, ((rate + " + z2 + " / (2 * preflights)) - " + z +
         " * sqrt(rate * (1 - rate) / preflights + " + z2 + " / (4.0 * preflights * preflights))) / (1 + " + z2 +
         " / preflights)) END AS orphan_rate_low,\n"
         "       CASE WHEN orphaned = preflights THEN 1 ELSE LEAST(1, ((rate + " + z2 + " / (2 * preflights)) + " + z +
         " * sqrt(rate * (1 - rate) / preflights + " + z2 + " / (4.0 * preflights * preflights))) / (1 + " + z2 +
         " / preflights)) END AS orphan_rate_high\n"
         "FROM rated\n"
         "ORDER BY path, method, bucket_start_ms NULLS FIRST;\n";
}

}  // namespace silentcors::logs
