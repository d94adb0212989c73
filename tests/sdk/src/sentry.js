// Sentry browser as a team sets it up: browser tracing at a 30% sample rate,
// trace propagation to the cross-origin API, events through a same-origin
// tunnel. Sentry adds sentry-trace and baggage to every matching call,
// whatever the sampling decision.
import * as Sentry from '@sentry/browser';
import {run} from './requests.js';

function setUp() {
  const escaped = window.SDK_PAGE.api.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  Sentry.init({
    dsn: 'http://0000000000000000000000000000000a@' + location.host + '/1',
    tunnel: '/intake/sentry',
    release: 'silentcors-sdk-page@1.0.0',
    environment: 'test',
    integrations: [Sentry.browserTracingIntegration()],
    tracesSampleRate: 0.3,
    tracePropagationTargets: [new RegExp('^' + escaped + '/api/')],
  });
}

run(setUp);
