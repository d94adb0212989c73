// silentcors record URL --out RECORDING.jsonl: opens URL in a fresh browser
// context, waits for the network to be idle, and writes every CDP event of
// the page as received (the recording contract: docs/recording.md).
#include <chrono>
#include <iostream>

#include "analysis/input_error.h"
#include "browser/browser.h"
#include "browser/browser_error.h"
#include "capture/recording_writer.h"
#include "cli/browser_config.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "page/interrupt.h"
#include "page/page_session.h"
#include "report/report_text.h"

namespace silentcors::cli {

int record_command(const Args& args) {
  if (args.positionals().size() != 1) throw UsageError("record needs exactly one URL");
  const std::string url = args.positionals()[0];
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0 && url.rfind("file://", 0) != 0) {
    // "localhost:8080" is the usual slip: say what was meant.
    const bool bare_host = url.find("://") == std::string::npos && !url.empty() && url[0] != '/';
    throw UsageError("\"" + url + "\" is not an http(s) or file URL" +
                     (bare_host ? "; did you mean \"http://" + url + "\"?" : std::string()));
  }
  auto out = args.value("--out");
  if (!out) throw UsageError("record needs --out RECORDING.jsonl");
  const auto timeout = std::chrono::milliseconds(args.number("--timeout", 30, 1, 3600) * 1000);
  const auto idle = std::chrono::milliseconds(args.number("--idle", 500, 0, 600000));

  capture::RecordingWriter writer(*out);  // Fails before any browser starts.
  // A second Ctrl-C ends the process at once, wherever it is stuck (a frozen
  // browser): what was recorded so far is put in place first.
  page::LastWords last_words([&writer] {
    try {
      writer.close();
      std::cerr << "\nsilentcors: stopping at once; " << writer.lines() << " events so far are in " << writer.path()
                << "\n";
    } catch (const std::exception& e) {
      std::cerr << "\nsilentcors: stopping at once; " << e.what() << "\n";
    }
  });
  const auto started = page::Clock::now();
  browser::Browser browser(chrome_options_from(args));
  const auto deadline = page::Clock::now() + timeout;

  page::PageSession page(browser.cdp(), page::PageOptions{},
                           [&writer](const browser::CdpEvent& event) { writer.write(event.raw); });
  try {
    page.navigate(url, deadline);
  } catch (const page::NavigationError& e) {
    std::cerr << "silentcors: " << e.what() << "\n";
    // What arrived shows why (the failed document request): kept, and said.
    try {
      writer.close();
      std::cerr << "silentcors: the " << writer.lines() << " events that arrived before it are in " << *out << "\n";
    } catch (const std::exception& write_error) {
      std::cerr << "silentcors: " << write_error.what() << "\n";
    }
    return kExitInfrastructure;
  } catch (const browser::CdpError& e) {
    browser.fail(e.what());
  }
  auto waited = page.wait_for_network_idle(idle, deadline);
  page.close();
  if (!browser.cdp().connected()) browser.fail("the DevTools connection broke during the recording");
  try {
    writer.close();
  } catch (const InputError&) {
    throw;
  } catch (const std::exception& e) {
    // The file could not be written (a full disk, /dev/full): an output
    // error, exit 2, as a report `run` cannot write; not the browser's fault.
    throw InputError(e.what());
  }

  const double seconds = std::chrono::duration<double>(page::Clock::now() - started).count();
  if (waited == page::PageSession::Wait::kInterrupted) {
    std::cerr << "silentcors: interrupted; " << writer.lines() << " events so far are in " << *out << "\n";
    return exit_code_for_signal(page::interrupt_signal());
  }
  if (waited == page::PageSession::Wait::kTimedOut) {
    std::cerr << "silentcors: warning: the network was not idle after " << timeout.count() / 1000
              << " s (still in flight: " << page.describe_in_flight() << "); recorded what arrived\n";
  }
  // Counted as analyze counts them: main requests, their preflights apart.
  const std::size_t preflights = page.preflights_seen();
  std::cout << "Recorded " << writer.lines() << " events ("
            << report::count_of(page.requests_seen(), "request", "requests")
            << (preflights ? " and " + report::count_of(preflights, "CORS preflight", "CORS preflights") : "")
            << ") from " << url
            << " to " << *out << " in " << std::fixed;
  std::cout.precision(1);
  std::cout << seconds << " s\n";
  return kExitOk;
}

}  // namespace silentcors::cli
