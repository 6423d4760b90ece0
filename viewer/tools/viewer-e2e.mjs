#!/usr/bin/env node
// viewer-e2e.mjs — drives the CityTwin viewer served by `twin serve` in
// headless Debian Chromium (playwright-core, SwiftShader WebGL) the way a
// user would, and reports what happened as one JSON object on stdout
// (lib/viewer-session.mjs: browser, watch, report, exit status):
//
//   {"ok", "phase", "error", "ms", "chromium", "cesium", "steps": [{name, ms}],
//    "marks", "ready", "stats", "building", "selected", "tools", "underground",
//    "pipeSelected", "below", "lang", "layout",
//    "screenshots": {normal, underground, laptop},
//    "consoleErrors", "pageErrors", "foreignRequests", "httpErrors"}
//
// Steps (viewer-steps.mjs): open the viewer at 1920×1080 and wait
// (bounded) for window.cityTwin.ready; screenshot; look down on the given
// building and click its roof with the mouse, wait for its attributes in
// the info panel; toggle a layer, switch the thematic styles and measure
// between two clicked points; press the underground button, wait for
// depth labels, click the given pipe through the see-through ground, take
// the built-in underground view (a real click), screenshot, move the
// camera below the ground and below the ellipsoid; switch the language;
// resize to 1366×768 and screenshot. The Go test
// (viewer/viewerapp_test.go) judges the report; this script exits 0 when
// every step ran, 1 when a step failed, 2 on bad usage or when the browser
// does not start.
//
// Usage: node viewer/tools/viewer-e2e.mjs --url http://HOST:PORT/ --out DIR
//          --building '{"id":…,"lon":…,"lat":…,"height":…}' --pipe '{…}'
//          [--timeout S] [--chromium PATH]
// (building: a point inside a building's footprint at roof height; pipe:
// a point on a pipe's axis.)

import { runViewerSession } from './lib/viewer-session.mjs';
import { ALL } from './viewer-steps.mjs';

process.exitCode = await runViewerSession({
  name: 'viewer-e2e',
  usage: '--building JSON --pipe JSON',
  json: ['building', 'pipe'],
  valid: (a) => a.building?.id && a.pipe?.id,
  viewport: { width: 1920, height: 1080 },
  fields: {
    ready: false, stats: null, building: null, selected: null, tools: null, underground: null, pipeSelected: null, below: null,
    lang: null, layout: null,
  },
  steps: ALL,
});
