// Datadog browser RUM 7.x as a team sets it up: traces on the cross-origin
// API at a 30% trace sample rate, the intake through a same-origin proxy
// path. The sampling decision is made per session (a hash of its id), so a
// page load carries the tracing headers on every call or on none: the
// failure comes and goes by run.
import {datadogRum} from '@datadog/browser-rum';
import {run} from './requests.js';

async function setUp() {
  const api = window.SDK_PAGE.api;
  datadogRum.init({
    applicationId: '00000000-0000-4000-8000-000000000000',
    clientToken: 'pub00000000000000000000000000000000',
    site: 'datadoghq.com',
    service: 'silentcors-sdk-page',
    env: 'test',
    version: '1.0.0',
    proxy: location.origin + '/intake/datadog',
    sessionSampleRate: 100,
    sessionReplaySampleRate: 0,
    traceSampleRate: 30,
    allowedTracingUrls: [api],
    trackResources: true,
    trackLongTasks: false,
    trackUserInteractions: false,
  });
  // Calls made before the session exists carry no header at all.
  for (let waited = 0; waited < 2000 && !datadogRum.getInternalContext()?.session_id; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

run(setUp);
