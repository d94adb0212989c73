#include "page/step_runner.h"

#include <algorithm>
#include <functional>
#include <vector>
#include <variant>

#include "page/interrupt.h"
#include "page/key_events.h"

namespace silentcors::page {

using nlohmann::json;
using std::chrono::milliseconds;

namespace {

// Our own scripts' errors start with this, so the message shown is ours
// alone, without "Error:" and a stack trace.
constexpr std::string_view kMarker = "silentcors: ";

std::string js_string(std::string_view text) {
  return json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
}

// waitFor(check, ms, shownMs, what): resolves with check()'s first truthy value,
// looking again on every DOM change and every 50 ms (state such as :checked
// or a variable changes without a mutation); rejects when check() throws or
// the time is up.
constexpr std::string_view kWaitHelper = R"JS(
const waitFor = (check, timeoutMs, shownMs, what) => new Promise((resolve, reject) => {
  let done = false, observer = null, poll = 0, timer = 0;
  const finish = (error, value) => {
    if (done) return;
    done = true;
    if (observer) observer.disconnect();
    clearInterval(poll);
    clearTimeout(timer);
    if (error) reject(error); else resolve(value);
  };
  const attempt = () => {
    let value;
    try { value = check(); } catch (e) { finish(e); return; }
    Promise.resolve(value).then((v) => { if (v) finish(null, v); }, (e) => finish(e));
  };
  observer = new MutationObserver(attempt);
  observer.observe(document, {childList: true, subtree: true, attributes: true, characterData: true});
  poll = setInterval(attempt, 50);
  timer = setTimeout(() => finish(new Error(`silentcors: ${what} within ${shownMs} ms`)), timeoutMs);
  attempt();
});
)JS";

// The timer gets what is left of the step's time; messages show the step's
// timeout as written (or the scenario's time left when it had none).
struct Budget {
  long long left_ms;
  long long shown_ms;
  std::string args() const { return std::to_string(left_ms) + ", " + std::to_string(shown_ms); }
};

std::string element_script(const std::string& selector, const Budget& budget, std::string_view then) {
  return "(() => {" + std::string(kWaitHelper) + "const selector = " + js_string(selector) +
         ";\nreturn waitFor(() => document.querySelector(selector), " + budget.args() +
         ", `no element matched ${JSON.stringify(selector)}`).then((el) => {\n" + std::string(then) + "\n});\n})()";
}

constexpr std::string_view kClick = R"JS(
el.scrollIntoView({block: 'center', inline: 'center'});
if (typeof el.click === 'function') el.click();
else el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
return true;)JS";

constexpr std::string_view kFocus = "el.focus(); return true;";

std::string fill_action(const std::string& text) {
  return "const text = " + js_string(text) + R"JS(;
el.focus();
const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype
  : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
  : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : null;
if (proto) {
  // The prototype's setter, so frameworks that track the value (React) see the change.
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, text);
} else if (el.isContentEditable) {
  el.textContent = text;
} else {
  throw new Error(`silentcors: ${JSON.stringify(selector)} is a <${el.localName}>, not an input, textarea, select or contenteditable element`);
}
el.dispatchEvent(new Event('input', {bubbles: true}));
el.dispatchEvent(new Event('change', {bubbles: true}));
return true;)JS";
}

std::string condition_script(const std::string& condition, const Budget& budget) {
  // The condition is compiled into the function: no eval, so a page's CSP
  // cannot refuse it. The newlines let it end in a // comment.
  return "(() => {" + std::string(kWaitHelper) + "return waitFor(() => (\n" + condition + "\n), " +
         budget.args() + ", 'the condition was still false').then(() => true);\n})()";
}

// "script failed: Error: silentcors: no element matched ... \n    at ..." ->
// "no element matched ..."; a page's own error keeps its type:
// "the script threw TypeError: x is undefined".
std::string script_failure(const std::string& what) {
  std::string text = what;
  const std::string prefix = "script failed: ";
  if (text.rfind(prefix, 0) != 0) return text;
  text = text.substr(prefix.size());
  text = text.substr(0, text.find('\n'));
  if (auto marker = text.find(kMarker); marker != std::string::npos) return text.substr(marker + kMarker.size());
  return "the script threw " + text;
}

// A navigation (the step's own click, a redirect) replaced the document the
// script ran in: the wait starts again in the new one.
bool document_replaced(const std::string& what) {
  return what.find("context was destroyed") != std::string::npos ||
         what.find("Cannot find context") != std::string::npos ||
         what.find("Cannot find default execution context") != std::string::npos ||
         what.find("navigated or closed") != std::string::npos;
}

struct Runner {
  const StepContext& context;
  const scenario::Step& step;
  std::string label;
  Clock::time_point deadline;

  [[noreturn]] void fail(const std::string& why) const { throw StepFailure(label + ": " + why); }

  long long budget_ms() const {
    return std::max<long long>(0, std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count());
  }

  // Runs a script made for the time left. Waiting scripts may run again
  // when a navigation replaced their document.
  void script(const std::function<std::string(const Budget&)>& make, bool may_repeat, bool by_value = true) {
    while (true) {
      try {
        context.page.evaluate(make(Budget{budget_ms(), timeout_ms()}), deadline, by_value);
        return;
      } catch (const browser::CdpError& e) {
        if (!context.page.connected()) throw;
        const std::string what = e.what();
        if (may_repeat && document_replaced(what) && Clock::now() < deadline) {
          // Give the new document a moment to exist; a signal or the deadline ends it.
          if (context.page.wait_until([] { return false; }, std::min(deadline, Clock::now() + milliseconds(50))) ==
              PageSession::Wait::kInterrupted) {
            throw Interrupted();
          }
          continue;
        }
        if (what.rfind("script failed: ", 0) == 0) fail(script_failure(what));
        if (Clock::now() >= deadline) fail("did not finish within " + std::to_string(timeout_ms()) + " ms");
        fail(what);
      }
    }
  }

  long long timeout_ms() const {
    return std::chrono::round<milliseconds>(deadline - started).count();
  }
  Clock::time_point started = Clock::now();

  StepStatus settle(std::string_view what) {
    auto waited = context.page.wait_for_network_idle(context.idle, deadline);
    if (waited == PageSession::Wait::kInterrupted) return StepStatus::kInterrupted;
    if (waited == PageSession::Wait::kTimedOut) {
      fail(std::string(what) + " within " + std::to_string(timeout_ms()) + " ms (still in flight: " +
           context.page.describe_in_flight() + ")");
    }
    return StepStatus::kDone;
  }

  StepStatus operator()(const scenario::Goto& go) {
    const std::string url = resolve_url(go.url, context.fixture_origin);
    try {
      context.page.navigate(url, deadline);
    } catch (const NavigationError&) {
      throw;
    } catch (const browser::CdpError& e) {
      if (!context.page.connected()) throw;
      fail(e.what());
    }
    return settle("the page did not finish loading");
  }

  StepStatus operator()(const scenario::Click& click) {
    script([&](const Budget& ms) { return element_script(click.selector, ms, kClick); }, true);
    return StepStatus::kDone;
  }

  StepStatus operator()(const scenario::Fill& fill) {
    script([&](const Budget& ms) { return element_script(fill.selector, ms, fill_action(fill.text)); }, true);
    return StepStatus::kDone;
  }

  StepStatus operator()(const scenario::Press& press) {
    std::vector<json> events;
    try {
      events = key_press_events(press.key);
    } catch (const std::invalid_argument& e) {
      fail(e.what());
    }
    if (press.selector) {
      script([&](const Budget& ms) { return element_script(*press.selector, ms, kFocus); }, true);
    }
    for (const auto& event : events) {
      try {
        context.page.command("Input.dispatchKeyEvent", event, deadline);
      } catch (const browser::CdpError& e) {
        if (!context.page.connected()) throw;
        fail(e.what());
      }
    }
    return StepStatus::kDone;
  }

  StepStatus operator()(const scenario::WaitFor& wait) {
    switch (wait.kind) {
      case scenario::WaitFor::Kind::kSelector:
        script([&](const Budget& ms) { return element_script(wait.text, ms, "return true;"); }, true);
        return StepStatus::kDone;
      case scenario::WaitFor::Kind::kJsCondition:
        script([&](const Budget& ms) { return condition_script(wait.text, ms); }, true);
        return StepStatus::kDone;
      case scenario::WaitFor::Kind::kNetworkIdle:
        return settle("the network was still busy");
      case scenario::WaitFor::Kind::kDelay: {
        const auto until = Clock::now() + milliseconds(wait.delay_ms);
        if (until > deadline) {
          fail("cannot wait " + std::to_string(wait.delay_ms) + " ms: only " + std::to_string(budget_ms()) +
               " ms of the timeout are left");
        }
        // The one fixed wait, as the scenario asks; a signal still ends it.
        if (context.page.wait_until([] { return false; }, until) == PageSession::Wait::kInterrupted) {
          return StepStatus::kInterrupted;
        }
        return StepStatus::kDone;
      }
    }
    return StepStatus::kDone;
  }

  StepStatus operator()(const scenario::Evaluate& evaluate) {
    // Its value may be anything (a DOM node...): not copied out of the page.
    script([&](const Budget&) { return evaluate.code; }, false, /*by_value=*/false);
    return StepStatus::kDone;
  }
};

std::string action_text(const scenario::Step& step) {
  struct Describe {
    std::string operator()(const scenario::Goto& s) const { return "goto " + s.url; }
    std::string operator()(const scenario::Click& s) const { return "click " + js_string(s.selector); }
    std::string operator()(const scenario::Fill& s) const { return "fill " + js_string(s.selector); }
    std::string operator()(const scenario::Press& s) const {
      return "press " + s.key + (s.selector ? " in " + js_string(*s.selector) : "");
    }
    std::string operator()(const scenario::WaitFor& s) const {
      switch (s.kind) {
        case scenario::WaitFor::Kind::kSelector: return "waitFor " + js_string(s.text);
        case scenario::WaitFor::Kind::kNetworkIdle: return "waitFor networkIdle";
        case scenario::WaitFor::Kind::kDelay: return "waitFor " + std::to_string(s.delay_ms) + " ms";
        case scenario::WaitFor::Kind::kJsCondition: return "waitFor js " + js_string(s.text);
      }
      return "waitFor";
    }
    std::string operator()(const scenario::Evaluate&) const { return "evaluate"; }
  };
  std::string text = std::visit(Describe{}, step.action);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

}  // namespace

std::string resolve_url(const std::string& url, const std::string& fixture_origin) {
  if (url.starts_with("/") && !url.starts_with("//")) return fixture_origin + url;
  return url;
}

std::string step_label(const scenario::Step& step, std::size_t index, const std::string& file) {
  std::string where = file;
  if (step.position.line > 0) {
    where += ":" + std::to_string(step.position.line) + ":" + std::to_string(step.position.column);
  }
  return "step " + std::to_string(index + 1) + " (" + where + ") " + action_text(step);
}

StepStatus run_step(const StepContext& context, const scenario::Step& step, std::size_t index) {
  Clock::time_point deadline = context.scenario_deadline;
  if (step.timeout_ms) deadline = std::min(deadline, Clock::now() + milliseconds(*step.timeout_ms));
  Runner runner{context, step, step_label(step, index, context.file), deadline};
  if (Clock::now() >= deadline) runner.fail("no time left: the scenario's timeoutMs ran out before this step");
  const StepStatus status = std::visit(runner, step.action);
  // Whatever the step started (a fetch after a click) counts from now. A
  // waitFor starts nothing: the quiet period already running since the last
  // request ended stands, so "tell me when done" does not pay idleMs twice.
  if (!std::holds_alternative<scenario::WaitFor>(step.action)) context.page.mark_activity();
  return status;
}

}  // namespace silentcors::page
