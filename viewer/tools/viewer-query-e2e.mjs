#!/usr/bin/env node
// viewer-query-e2e.mjs — drives the planning queries of the CityTwin
// viewer served by `twin serve` in headless Debian Chromium (playwright-
// core, SwiftShader WebGL; a 1366×768 laptop window) and reports what
// happened as one JSON object on stdout (lib/viewer-session.mjs: browser,
// watch, report, exit status):
//
//   {"ok", "phase", "error", "ms", "chromium", "cesium", "steps", "marks",
//    "ready", "stats", "area", "others", "section", "isolate", "refused",
//    "before", "screenshots": {queries},
//    "consoleErrors", "pageErrors", "foreignRequests", "httpErrors"}
//
// Requests that fail without an answer count as HTTP errors here too.
// Steps (viewer-query-steps.mjs): open the viewer; draw the polygon with
// mouse clicks (a double click ends it), run Area from the Queries panel,
// click the first row of the results; run statistics, proximity and a
// clash check through the test hook; draw the line (two clicks and
// Finish) and run Cross-section; click the pipe through the see-through
// ground, press Isolate, screenshot; last, a query the server refuses
// (its 400 is counted apart, in "before"). The Go test
// (viewer/viewerquery_test.go) judges the report; exit 0 when every step
// ran, 1 when a step failed, 2 on bad usage or when the browser does not start.
//
// Usage: node viewer/tools/viewer-query-e2e.mjs --url http://HOST:PORT/ --out DIR
//          --polygon '[[lon,lat],…]' --line '[[lon,lat],[lon,lat]]' --pipe '{"id","lon","lat","height"}'
//          [--timeout S] [--chromium PATH]

import { runViewerSession } from './lib/viewer-session.mjs';
import { ALL } from './viewer-query-steps.mjs';

process.exitCode = await runViewerSession({
  name: 'viewer-query-e2e',
  usage: '--polygon JSON --line JSON --pipe JSON',
  json: ['polygon', 'line', 'pipe'],
  valid: (a) => a.polygon?.length >= 3 && a.line?.length >= 2 && a.pipe?.id,
  viewport: { width: 1366, height: 768 },
  fields: { ready: false, stats: null, area: null, others: null, section: null, isolate: null, refused: null, before: null },
  steps: ALL,
  failedRequests: true,
});
