// Datadog browser RUM with the test's allowedTracingUrls. The test's
// options pick the injection: {traceSampleRate: 100} (the default 'sampled'
// injection, every trace sampled) or {traceSampleRate: 0,
// traceContextInjection: 'all'} (no trace sampled, headers injected anyway).
import {datadogRum} from '@datadog/browser-rum';
import {options, run, targets} from './calls.js';

run(async () => {
  datadogRum.init({
    applicationId: '00000000-0000-4000-8000-000000000000',
    clientToken: 'pub00000000000000000000000000000000',
    site: 'datadoghq.com',
    service: 'silentcors-matching',
    proxy: location.origin + '/intake/datadog',
    sessionSampleRate: 100,
    sessionReplaySampleRate: 0,
    allowedTracingUrls: targets(),
    trackResources: true,
    trackLongTasks: false,
    trackUserInteractions: false,
    ...options(),
  });
  // Calls made before the session exists carry no header at all.
  for (let waited = 0; waited < 5000 && !datadogRum.getInternalContext()?.session_id; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (!datadogRum.getInternalContext()?.session_id) throw new Error('no Datadog RUM session after 5 s');
});
