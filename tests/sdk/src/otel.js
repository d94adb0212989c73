// OpenTelemetry web as a team sets it up: a WebTracerProvider with a 30%
// ratio sampler, and the fetch and XHR instrumentations propagating to the
// cross-origin API. OTel injects traceparent on every matching call, sampled
// or not (unsampled: trace-flags 00), so this page fails every time.
import {WebTracerProvider} from '@opentelemetry/sdk-trace-web';
import {ParentBasedSampler, TraceIdRatioBasedSampler} from '@opentelemetry/sdk-trace-base';
import {registerInstrumentations} from '@opentelemetry/instrumentation';
import {FetchInstrumentation} from '@opentelemetry/instrumentation-fetch';
import {XMLHttpRequestInstrumentation} from '@opentelemetry/instrumentation-xml-http-request';
import {run} from './requests.js';

function setUp() {
  const escaped = window.SDK_PAGE.api.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const propagateTraceHeaderCorsUrls = [new RegExp('^' + escaped + '/api/')];
  const provider = new WebTracerProvider({
    sampler: new ParentBasedSampler({root: new TraceIdRatioBasedSampler(0.3)}),
    spanProcessors: [],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new FetchInstrumentation({propagateTraceHeaderCorsUrls}),
      new XMLHttpRequestInstrumentation({propagateTraceHeaderCorsUrls}),
    ],
  });
}

run(setUp, {xhr: true});
