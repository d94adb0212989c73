// Sentry browser with tracing and the test's tracePropagationTargets.
import * as Sentry from '@sentry/browser';
import {run, targets} from './calls.js';

run(() => {
  Sentry.init({
    dsn: 'http://0000000000000000000000000000000a@' + location.host + '/1',
    tunnel: '/intake/sentry',
    integrations: [Sentry.browserTracingIntegration()],
    tracesSampleRate: 1,
    tracePropagationTargets: targets(),
  });
});
