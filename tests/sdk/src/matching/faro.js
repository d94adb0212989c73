// Grafana Faro with its tracing instrumentation and the test's
// propagateTraceHeaderCorsUrls.
import {getWebInstrumentations, initializeFaro} from '@grafana/faro-web-sdk';
import {TracingInstrumentation} from '@grafana/faro-web-tracing';
import {run, targets} from './calls.js';

run(() => {
  initializeFaro({
    url: location.origin + '/intake/faro',
    app: {name: 'silentcors-matching', version: '1.0.0', environment: 'test'},
    instrumentations: [
      ...getWebInstrumentations({captureConsole: false}),
      new TracingInstrumentation({instrumentationOptions: {propagateTraceHeaderCorsUrls: targets()}}),
    ],
  });
});
