// silentcors analyze RECORDING.jsonl... [--json FILE] [--html FILE]: the analysis core on
// recordings, offline: no browser, so it runs on CI artefacts anywhere.
#include <unistd.h>

#include <iostream>

#include "analysis/analyzer.h"
#include "analysis/input_error.h"
#include "analysis/recording_reader.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/run_reports.h"
#include "cli/server_option.h"
#include "report/console_report.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/write_file.h"

namespace silentcors::cli {

int analyze_command(const Args& args) {
  if (args.positionals().empty()) throw UsageError("analyze needs at least one RECORDING.jsonl");
  Analyzer analyzer;
  // Recordings are independent sources unless they are runs of one scenario.
  const std::string scenario = args.value_or("--runs-of", "");
  analyzer.set_servers(server_hints_from(args));
  for (const auto& path : args.positionals()) {
    analyzer.begin_source(path, scenario);
    // Bad input of every kind (a directory, a read error, a message of an
    // unexpected shape) comes back as an InputError naming file and line.
    ReadResult read =
        read_recording_file(path, [&analyzer](const CdpEvent& message) { analyzer.add(message); });
    analyzer.end_source();
    if (read.warning) {
      std::cerr << "silentcors: warning: " << *read.warning << "\n";
      analyzer.add_note(*read.warning);
    }
  }
  Report report = analyzer.report();
  std::cout << report::console_report(report, isatty(STDOUT_FILENO) != 0);
  if (auto json_path = args.value("--json")) {
    report::write_file(*json_path, report::report_to_json(report, SILENTCORS_VERSION).dump(2) + "\n");
  }
  const int exit_code = report.summary.errors > 0 ? kExitFindings : kExitOk;
  if (const auto html_path = html_path_from(args); !html_path.empty()) {
    report::HtmlInput html;
    html.command = "analyze";
    html.combined = &report;
    html.exit_code = exit_code;
    report::write_file(html_path, report::html_report(html));
  }
  return exit_code;
}

}  // namespace silentcors::cli
