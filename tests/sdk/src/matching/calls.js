// What every matching page does (tests/sdk/sdk_matching_test.cpp): set up
// its SDK (or none: the page the rehearsal runs on) with the propagation
// targets the test wrote into the page URL's fragment (JSON, percent-encoded:
// the test knows the fixture's ports only once it runs), then make each call in turn
// (fetch as GET, XMLHttpRequest as POST, so the server tells them apart) and
// set document.title to 'done' once every call has settled. The server's log
// then says which header names went to which URL.

const config = JSON.parse(decodeURIComponent(location.hash.slice(1)));

// A target as the audit's --sdk-config writes it: "/source/flags" is a
// RegExp, anything else a string (scenario/tracing_sdks.cpp,
// propagation_target, reads it the same way).
export function targets() {
  // Datadog's {match, propagatorTypes}: its match read the same way.
  return config.targets.map((t) => (typeof t === 'string' ? target(t) : {...t, match: target(t.match)}));
}

function target(text) {
  const close = text.lastIndexOf('/');
  const flags = text.slice(close + 1);
  if (text.length >= 2 && text[0] === '/' && close > 0 && /^[dgimsuyv]*$/.test(flags)) {
    return new RegExp(text.slice(1, close), flags);
  }
  return text;
}

function viaFetch(url) {
  return fetch(url).then((r) => r.text(), () => null);
}

function viaXhr(url) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.onloadend = () => resolve();
    xhr.send('{}');
  });
}

async function callAll() {
  for (const {url, via} of config.calls) await (via === 'xhr' ? viaXhr : viaFetch)(url);
}

// A setup that throws still ends the page (title 'done'), with the error
// where the test reads it: the server log then shows calls without headers.
// Settings of the SDK beyond its targets (Datadog's injection).
export function options() {
  return config.options || {};
}

export function run(setUp) {
  Promise.resolve()
    .then(setUp)
    .catch((e) => { document.documentElement.dataset.setupError = String(e && e.stack || e); })
    .then(callAll)
    .finally(() => { document.title = 'done'; });
}
