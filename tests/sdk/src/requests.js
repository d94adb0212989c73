// What every SDK page does once its SDK is set up: POST the cross-origin API
// `count` times, one after the other, and set document.title to 'done' once
// every call has settled (a scenario waits on that, never on a clock). The
// page's inline script sets window.SDK_PAGE = {api: '{{API}}', count: 20}.
// With `xhr`, every other call is an XMLHttpRequest, so the SDK's XHR
// instrumentation is exercised too.

function viaFetch(url, body) {
  return fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body})
    .then((r) => r.text().then(() => 'ok ' + r.status), (e) => 'failed: ' + e.message);
}

function viaXhr(url, body) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.onload = () => resolve('ok ' + xhr.status);
    xhr.onerror = () => resolve('failed: xhr error');
    xhr.send(body);
  });
}

export async function postOrders({xhr = false} = {}) {
  const {api, count = 20} = window.SDK_PAGE;
  const outcomes = {};
  for (let i = 0; i < count; ++i) {
    const body = JSON.stringify({order: i});
    const outcome = await (xhr && i % 2 === 1 ? viaXhr : viaFetch)(api + '/api/orders', body);
    const key = outcome.startsWith('ok') ? 'ok' : 'failed';
    outcomes[key] = (outcomes[key] || 0) + 1;
  }
  document.documentElement.dataset.outcome = JSON.stringify(outcomes);
  document.title = 'done';
}

// A page that threw before its calls still ends, so a broken bundle shows as
// a run with no cross-origin request rather than a 30 s wait.
export function run(setUp, options) {
  Promise.resolve()
    .then(setUp)
    .catch((e) => { document.documentElement.dataset.setupError = String(e && e.stack || e); })
    .then(() => postOrders(options))
    .catch((e) => { document.documentElement.dataset.error = String(e); document.title = 'done'; });
}
