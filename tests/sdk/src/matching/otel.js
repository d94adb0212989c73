// OpenTelemetry web, fetch and XHR instrumentations, with the test's
// propagateTraceHeaderCorsUrls; every span sampled.
import {WebTracerProvider} from '@opentelemetry/sdk-trace-web';
import {AlwaysOnSampler} from '@opentelemetry/sdk-trace-base';
import {registerInstrumentations} from '@opentelemetry/instrumentation';
import {FetchInstrumentation} from '@opentelemetry/instrumentation-fetch';
import {XMLHttpRequestInstrumentation} from '@opentelemetry/instrumentation-xml-http-request';
import {run, targets} from './calls.js';

run(() => {
  const propagateTraceHeaderCorsUrls = targets();
  const provider = new WebTracerProvider({sampler: new AlwaysOnSampler(), spanProcessors: []});
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new FetchInstrumentation({propagateTraceHeaderCorsUrls}),
      new XMLHttpRequestInstrumentation({propagateTraceHeaderCorsUrls}),
    ],
  });
});
