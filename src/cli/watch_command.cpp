// silentcors watch [--out DIR] -- COMMAND [ARGS...]: the user's own suite
// (Playwright, Puppeteer, Selenium, WebdriverIO) drives a Chromium that
// silentcors started, and silentcors hears everything it does. silentcors
// itself stays on the private pipe; the suite gets a loopback DevTools port
// (SILENTCORS_CDP_URL, SILENTCORS_CDP_HTTP) for as long as COMMAND runs.
// Or, with no change to the suite's code, the suite launches
// $SILENTCORS_CHROMIUM as its own Chromium and each browser it starts is
// watched as well (wrapped_browsers.h).
// At the end every page visit is judged as a run of `run` would be, into
// the same reports. COMMAND's own failure is the exit code; otherwise 0/1/3.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>

#include "browser/browser.h"
#include "browser/browser_error.h"
#include "browser/devtools_endpoint.h"
#include "browser/devtools_gate.h"
#include "cli/browser_config.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output_directory.h"
#include "cli/run_reports.h"
#include "cli/suite_process.h"
#include "cli/wrapped_browsers.h"
#include "wrapper/watch_channel.h"
#include "report/report_text.h"
#include "page/interrupt.h"
#include "page/target_watcher.h"
#include "runs/watch_runs.h"

namespace silentcors::cli {

namespace {

// What a suite's process tree gets to finish after COMMAND itself exits
// before the rest of its group is ended.
constexpr std::chrono::milliseconds kLeftoverGrace{5000};

// silentcors-chromium, installed (and built) beside silentcors.
std::string wrapper_path() {
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return "silentcors-chromium";
  self[n] = '\0';
  std::string path(self);
  return path.substr(0, path.rfind('/') + 1) + "silentcors-chromium";
}

}  // namespace

int watch_command(const Args& args) {
  const std::vector<std::string>& command = args.positionals();
  if (command.empty()) throw UsageError("watch needs a command to run: silentcors watch -- COMMAND [ARGS...]");
  const Outputs outputs = outputs_from(args);
  const std::string record_dir = args.value_or("--record", "");
  make_output_directories(outputs);
  make_directory(record_dir, "--record");

  // One Chromium, two doors: the pipe for silentcors, a loopback port for the suite.
  browser::ChromeOptions chrome = chrome_options_from(args, args.value_or("--out", "reports"));
  chrome.suite_port = true;
  browser::Browser browser(chrome);
  const auto started = std::chrono::steady_clock::now();
  // With --cdp the suite connects to that same browser directly (its
  // endpoint is the user's; a gate there is left for later).
  std::unique_ptr<browser::DevToolsGate> gate;
  if (!browser.remote()) {
    const browser::DevToolsEndpoint& endpoint = browser.process().endpoint();
    try {
      gate = std::make_unique<browser::DevToolsGate>(endpoint.host, endpoint.port);
    } catch (const std::runtime_error& e) {
      browser.fail(e.what());
    }
  }
  std::unique_ptr<page::TargetWatcher> watcher;
  try {
    browser::DevToolsGate* door = gate.get();
    watcher = std::make_unique<page::TargetWatcher>(browser.cdp(), [door](const std::string& target_id) {
      if (door) door->release(target_id);
    });
  } catch (const browser::CdpError& e) {
    browser.fail(std::string("could not watch the browser's targets: ") + e.what());
  }

  const std::string ws = gate ? gate->ws_url(browser.process().endpoint().path) : browser.ws_url();
  const std::string http = gate ? gate->http_url() : browser.http_url();
  if (!browser.remote()) {
    std::cerr << "silentcors: the suite's DevTools endpoint is " << http
              << " (any local user can reach it until COMMAND ends)\n";
  }

  // The other way in: a suite that launches silentcors-chromium as its own
  // Chromium announces each browser on this socket, and is watched unchanged.
  std::map<std::string, std::string> suite_env{{"SILENTCORS_CDP_URL", ws}, {"SILENTCORS_CDP_HTTP", http}};
  std::unique_ptr<WrappedBrowsers> wrapped;
  try {
    wrapped = std::make_unique<WrappedBrowsers>();
    suite_env[wrapper::kWatchSocketEnv] = wrapped->socket_path();
    suite_env["SILENTCORS_CHROMIUM"] = wrapper_path();
    if (!browser.remote()) suite_env["SILENTCORS_REAL_CHROMIUM"] = browser.process().executable();
  } catch (const std::runtime_error& e) {
    std::cerr << "silentcors: browsers the suite launches as silentcors-chromium will not be watched: " << e.what()
              << "\n";
  }

  int status = 0;
  {
    std::unique_ptr<SuiteProcess> suite;
    try {
      suite = std::make_unique<SuiteProcess>(command, suite_env);
    } catch (const std::runtime_error& e) {
      std::cerr << "silentcors watch: " << e.what() << "\n";
      return 127;  // As a shell says "command not found".
    }
    SuiteProcess* running = suite.get();
    // Signals go to the suite first: it ends as it would under a shell, and
    // its reports are written below. A second signal ends everything now.
    int listener = page::add_interrupt_listener([running] { running->signal(page::interrupt_signal()); });
    page::LastWords last_words([running] {
      std::cerr << "\nsilentcors: stopping at once; no report is written\n";
      running->signal(SIGKILL);
    });
    status = suite->wait();
    page::remove_interrupt_listener(listener);
    if (suite->end_leftovers(kLeftoverGrace)) {
      std::cerr << "silentcors: COMMAND left processes running in its process group; they were ended\n";
    }
  }

  const bool lost = !browser.cdp().connected();
  if (!lost) {
    // One round trip, so that every event the browser sent before COMMAND
    // ended has been handed to the watcher.
    try {
      browser.cdp().call("Browser.getVersion", nlohmann::json::object(), {}, std::chrono::milliseconds(5000));
    } catch (const browser::CdpError&) {
    }
  }
  if (gate && gate->resumes_expired() > 0) {
    // Never expected: every target the gate holds is one the watcher sets up.
    std::cerr << "silentcors: " << gate->resumes_expired() << " of the suite's " << gate->resumes_held()
              << " held resumes went on after " << browser::DevToolsGate::kHoldLimit.count() / 1000
              << " s without silentcors having set their target up; their first requests may be missing\n";
  }
  std::vector<runs::BrowserVisits> browsers(1);
  browsers[0].default_context = watcher->default_context();
  browsers[0].visits = watcher->finish();
  const std::size_t unwatched = wrapped ? wrapped->failed() : 0;
  if (wrapped) {
    for (auto& visits : wrapped->finish()) browsers.push_back(std::move(visits));
  }
  runs::WatchResult result = runs::judge_visits(browsers, record_dir);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // COMMAND's own failure first, then an interruption, a lost browser, findings.
  // (A visit that could not be judged is no failure of the suite's.)
  bool any_failure = false;
  for (const auto& run : result.runs) any_failure |= run.outcome == ScenarioRun::Outcome::kFailed;
  int exit_code = any_failure ? kExitFindings : kExitOk;
  // A suite that passed without one page visit through this browser (its
  // connect line never changed, or it ran no test) checked nothing: saying
  // "no CORS errors" would be a false green.
  const bool nothing_checked = status == 0 && !page::interrupted() && !lost && result.runs.empty();
  const std::string nothing_checked_note =
      "COMMAND succeeded, but no page it opened made a request through silentcors' browser: nothing was "
      "checked. Does the suite launch $SILENTCORS_CHROMIUM as its Chromium, or connect to $SILENTCORS_CDP_URL "
      "(or $SILENTCORS_CDP_HTTP)? See README.md, \"Your own suite\".";
  // A browser of the suite's that silentcors could not attach to went
  // unchecked: the suite's pass is no pass of silentcors'.
  const std::string unwatched_note = report::count_of(unwatched, "browser", "browsers") +
                                     " the suite launched could not be watched; what they did was not checked.";
  if (unwatched > 0) result.combined.notes.insert(result.combined.notes.begin(), unwatched_note);
  if (nothing_checked) result.combined.notes.insert(result.combined.notes.begin(), nothing_checked_note);
  if (status != 0) exit_code = status;
  else if (page::interrupted()) exit_code = exit_code_for_signal(page::interrupt_signal());
  else if (lost || nothing_checked || unwatched > 0) exit_code = kExitInfrastructure;

  const bool color = use_color();
  for (std::size_t i = 0; i < result.runs.size(); ++i) print_run(result.runs[i], result.verdicts[i], color);
  write_reports(outputs, result.runs, result.combined, {"watch", exit_code});
  std::cout << report::count_of(result.runs.size(), "page visit", "page visits") << " in "
            << (result.browsers > 1 ? report::count_of(result.browsers, "browser", "browsers") + ", " : "")
            << report::count_of(result.contexts, "browser context", "browser contexts") << "; "
            << closing_line(result.runs, seconds, color) << "\n"
            << "reports: " << outputs.json.string() << ", " << outputs.junit.string() << ", "
            << outputs.markdown.string() << ", " << outputs.html.string() << "\n";
  if (!record_dir.empty()) std::cout << "recordings: " << record_dir << "\n";

  if (nothing_checked) {
    std::cerr << "silentcors watch: " << nothing_checked_note << "\n";
  } else if (unwatched > 0 && status == 0) {
    std::cerr << "silentcors watch: " << unwatched_note << "\n";
  } else if (status != 0) {
    std::cerr << "silentcors: COMMAND exited with status " << status << "\n";
  } else if (lost && !page::interrupted()) {
    std::cerr << "silentcors: the browser was lost while COMMAND ran: " << browser.cdp().disconnect_reason() << "\n";
  }
  return exit_code;
}

}  // namespace silentcors::cli
