// Grafana Faro as a team sets it up: the web SDK sending to a same-origin
// collector, and its tracing instrumentation (OpenTelemetry's fetch and XHR
// instrumentations underneath) propagating to the cross-origin API. Like
// OTel, it adds traceparent to every matching call.
import {getWebInstrumentations, initializeFaro} from '@grafana/faro-web-sdk';
import {TracingInstrumentation} from '@grafana/faro-web-tracing';
import {run} from './requests.js';

function setUp() {
  const escaped = window.SDK_PAGE.api.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  initializeFaro({
    url: location.origin + '/intake/faro',
    app: {name: 'silentcors-sdk-page', version: '1.0.0', environment: 'test'},
    instrumentations: [
      ...getWebInstrumentations({captureConsole: false}),
      new TracingInstrumentation({
        instrumentationOptions: {propagateTraceHeaderCorsUrls: [new RegExp('^' + escaped + '/api/')]},
      }),
    ],
  });
}

run(setUp);
