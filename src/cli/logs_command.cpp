// silentcors logs FILE... : the server's side. Reads access logs (plain or
// gzip, `-` for stdin) in nginx's and Apache's combined format, Caddy's, JSON
// lines, AWS ALB's or CloudFront's, or the format string the user gives
// (logs::LineParser), pairs every
// OPTIONS with the request it announced, and says which endpoints' preflights
// go unanswered more often than the others'. The pairing and the verdict
// are logs:: (pure); this is the I/O around them.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <iostream>
#include <string>
#include <thread>

#include "analysis/input_error.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/log_file_pass.h"
#include "cli/output_directory.h"
#include "cli/run_reports.h"
#include "logs/access_log_entry.h"
#include "logs/line_parser.h"
#include "logs/log_summary.h"
#include "logs/orphan_verdict.h"
#include "logs/preflight_pairing.h"
#include "logs/warehouse_query.h"
#include "report/json_report.h"
#include "report/logs_report.h"
#include "report/report_text.h"
#include "report/write_file.h"

namespace silentcors::cli {

namespace {

// "30s", "15m", "1h", "1d" -> milliseconds.
std::int64_t duration_ms(const std::string& text, const char* option) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const std::string unit = text.substr(digits);
  std::int64_t scale = unit == "s" ? 1000 : unit == "m" ? 60000 : unit == "h" ? 3600000 : unit == "d" ? 86400000 : 0;
  if (digits == 0 || digits > 9 || scale == 0 || std::stoll(text.substr(0, digits)) == 0) {
    throw UsageError(std::string(option) + " takes a duration such as 30s, 15m, 1h or 1d, not \"" + text + "\"");
  }
  return std::stoll(text.substr(0, digits)) * scale;
}


// `--sql DIALECT`: prints the query for a warehouse table instead of reading
// files.
int print_warehouse_query(const Args& args, const std::string& dialect_name, std::int64_t window_ms,
                          std::int64_t bucket_ms) {
  const auto dialect = logs::sql_dialect_named(dialect_name);
  if (!dialect) throw UsageError("--sql takes athena or duckdb, not \"" + dialect_name + "\"");
  if (!args.positionals().empty()) {
    throw UsageError("--sql prints a query for logs already in a warehouse table; it reads no file (drop " +
                     args.positionals().front() + ")");
  }
  const std::string format = args.value_or("--format", "");
  if (format != "alb" && format != "cloudfront") {
    throw UsageError("--sql reads AWS's access log tables: give --format alb or --format cloudfront");
  }
  const auto table = format == "alb" ? logs::WarehouseTable::kAlb : logs::WarehouseTable::kCloudFront;
  const std::string name = args.value_or("--table", logs::default_table_name(table));
  const bool plain = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "0123456789_.") == std::string::npos;
  if (!plain) throw UsageError("--table takes a table name (letters, digits, _ and .), not \"" + name + "\"");
  std::cout << logs::warehouse_query(*dialect, table, name, window_ms, bucket_ms);
  return kExitOk;
}

}  // namespace

int logs_command(const Args& args) {
  logs::LogSummary summary;
  // --window MS: how long after its preflight a request may come and still
  // be its follow-up. A browser sends it as soon as the preflight's answer
  // arrives (milliseconds); the default of 5 s covers logs that write whole
  // seconds and a slow client, while staying short enough that a later
  // request of the same client to the same path is rarely taken for it.
  summary.window_ms = args.number("--window", 5000, 1, 999999999);
  summary.bucket_ms = duration_ms(args.value_or("--bucket", "1h"), "--bucket");
  if (const auto sql = args.value("--sql")) return print_warehouse_query(args, *sql, summary.window_ms, summary.bucket_ms);
  if (args.value("--table")) throw UsageError("--table names the warehouse table of --sql");
  if (args.positionals().empty()) throw UsageError("logs needs at least one access log (or - for stdin)");
  const std::string json_path = args.value_or("--json", args.value_or("--out", "reports") + "/report.json");

  // --format: combined (the default; common reads the same way), caddy,
  // json, alb, cloudfront, or the server's own format string, as pasted from
  // its configuration.
  const std::string format_text = args.value_or("--format", "combined");
  std::string format_error;
  const auto format = logs::LineParser::for_format(format_text, format_error);
  if (!format) throw UsageError("--format: " + format_error);

  std::map<logs::EndpointKey, logs::EndpointCounts> endpoints;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  for (auto& pass : read_log_files(args.positionals(), *format, summary.window_ms, summary.bucket_ms, cores)) {
    if (pass.error) std::rethrow_exception(pass.error);
    summary.files.push_back(pass.path);
    summary.request_headers_logged |= pass.request_headers_logged;
    summary.lines_read += pass.lines_read;
    summary.lines_parsed += pass.lines_parsed;
    summary.lines_skipped += pass.lines_skipped;
    for (auto& skipped : pass.first_skipped) {
      if (summary.first_skipped.size() < kSkippedShown) summary.first_skipped.push_back(std::move(skipped));
    }
    if (pass.lines_parsed == 0) {
      std::cerr << report::logs_console(summary);
      throw InputError(pass.path + ": no line in " + format->name() + " (" +
                       report::count_of(static_cast<std::uint64_t>(pass.lines_read), "line", "lines") +
                       " read), so nothing was paired");
    }
    for (const auto& [key, counts] : pass.endpoints) endpoints[key].add(counts);
  }
  summary.verdict = logs::judge_orphans(endpoints);

  nlohmann::json json = report::report_to_json(Report{}, SILENTCORS_VERSION);
  json["logs"] = report::logs_to_json(summary);
  if (const auto parent = std::filesystem::path(json_path).parent_path(); !parent.empty()) {
    make_directory(parent, args.value("--json") ? "--json" : "--out");
  }
  report::write_file(json_path, report::json_text(json));
  const int exit_code = summary.verdict.any_above_baseline() ? kExitFindings : kExitOk;
  // report.html beside report.json, unless that is no folder of reports
  // (--json /dev/stdout) or --html says where.
  std::filesystem::path html_path = html_path_from(args);
  if (html_path.empty() && !args.value("--json")) html_path = std::filesystem::path(json_path).parent_path() / "report.html";
  std::string written = json_path;
  if (!html_path.empty()) {
    if (html_path.has_parent_path()) make_directory(html_path.parent_path(), "--html");
    report::write_file(html_path.string(), report::logs_html(summary, exit_code));
    written += ", " + html_path.string();
  }
  std::cout << report::logs_console(summary) << "report: " << written << "\n";
  return exit_code;
}

}  // namespace silentcors::cli
