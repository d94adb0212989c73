// Bundles one page script per tracing SDK (src/<sdk>.js) into dist/<sdk>.js
// with esbuild, for the SDK pages the fixture serves (its "files" field).
// Run by scripts/setup after `npm ci`; by hand: `node build.mjs`.
import * as esbuild from 'esbuild';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const sdks = ['datadog', 'otel', 'sentry', 'faro'];
// The matching pages (sdk_matching_test.cpp): each SDK with the test's
// propagation targets, and `none`, the page the rehearsal runs on.
const matching = [...sdks, 'none'].map((sdk) => `matching/${sdk}`);

await esbuild.build({
  absWorkingDir: here,
  entryPoints: [...sdks, ...matching].map((name) => `src/${name}.js`),
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Packages read these at build time as a bundler would define them.
  define: {'process.env.NODE_ENV': '"production"'},
});
console.log(`tests/sdk: built ${[...sdks, ...matching].map((name) => `dist/${name}.js`).join(', ')}`);
