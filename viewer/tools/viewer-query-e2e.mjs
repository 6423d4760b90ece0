#!/usr/bin/env node
// viewer-query-e2e.mjs — drives the planning queries of the CityTwin
// viewer served by `twin serve` in headless Debian Chromium (playwright-
// core, SwiftShader WebGL; a 1366×768 laptop window) and reports what happened as one JSON object on
// stdout:
//
//   {"ok", "phase", "error", "ms", "chromium", "cesium", "steps", "marks",
//    "ready", "stats", "area", "others", "section", "isolate", "refused",
//    "before", "screenshots": {queries},
//    "consoleErrors", "pageErrors", "foreignRequests", "httpErrors"}
//
// Steps (viewer-query-steps.mjs): open the viewer at 1920×1080; draw the
// polygon with mouse clicks (a double click ends it), run Area from the
// Queries panel, click the first row of the results; run statistics,
// proximity and a clash check through the test hook; draw the line (two
// clicks and Finish) and run Cross-section; click the pipe through the
// see-through ground, press Isolate, screenshot; last, a query the server
// refuses (its 400 is counted apart, in "before"). The Go test
// (viewer/viewerquery_test.go) judges the report; exit 0 when every step
// ran, 1 when a step failed, 2 on bad usage or when the browser does not start.
//
// Usage: node viewer/tools/viewer-query-e2e.mjs --url http://HOST:PORT/ --out DIR
//          --polygon '[[lon,lat],…]' --line '[[lon,lat],[lon,lat]]' --pipe '{"id","lon","lat","height"}'
//          [--timeout S] [--chromium PATH]

import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import * as steps from './viewer-query-steps.mjs';

const USAGE = 'viewer-query-e2e.mjs --url URL --out DIR --polygon JSON --line JSON --pipe JSON [--timeout S] [--chromium PATH]';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'];

function parseArgs(argv) {
  const args = { url: '', out: '', polygon: null, line: null, pipe: null, timeout: 90, chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, v] = [argv[i], argv[i + 1]];
    if (v === undefined) throw new Error(`${flag} wants a value`);
    if (flag === '--url') args.url = v;
    else if (flag === '--out') args.out = path.resolve(v);
    else if (flag === '--polygon') args.polygon = JSON.parse(v);
    else if (flag === '--line') args.line = JSON.parse(v);
    else if (flag === '--pipe') args.pipe = JSON.parse(v);
    else if (flag === '--timeout') args.timeout = Number(v);
    else if (flag === '--chromium') args.chromium = v;
    else throw new Error(`unexpected argument ${flag}`);
  }
  if (!args.url || !args.out || !(args.polygon?.length >= 3) || !(args.line?.length >= 2) || !args.pipe?.id) throw new Error(`usage: ${USAGE}`);
  if (!(args.timeout > 0)) throw new Error('--timeout wants a positive number of seconds');
  return args;
}

function newReport() {
  return {
    ok: false, phase: 'starting', error: null, ms: 0, chromium: null, cesium: null, steps: [], marks: [],
    ready: false, stats: null, area: null, others: null, section: null, isolate: null, refused: null, before: null,
    screenshots: {}, consoleErrors: [], consoleWarnings: [], pageErrors: [], foreignRequests: [], httpErrors: [],
  };
}

// watch records console errors, page errors, HTTP errors, and requests
// that would leave the server (which it aborts).
async function watch(context, page, origin, report) {
  const local = (url) => url.startsWith(origin + '/') || /^(data|blob|about):/.test(url);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    report.foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') report.consoleErrors.push(`${msg.text()} (${msg.location()?.url ?? ''})`);
    else if (msg.type() === 'warning' && report.consoleWarnings.length < 20) report.consoleWarnings.push(msg.text());
  });
  page.on('pageerror', (err) => report.pageErrors.push(err.message));
  page.on('requestfailed', (req) => {
    const f = req.failure()?.errorText ?? '';
    if (!/blockedbyclient|ERR_ABORTED/i.test(f)) report.httpErrors.push(`failed ${new URL(req.url()).pathname}: ${f}`);
  });
  page.on('response', (resp) => {
    if (resp.status() >= 400) report.httpErrors.push(`${resp.status()} ${new URL(resp.url()).pathname}`);
  });
}

async function run(args, report) {
  const origin = new URL(args.url).origin;
  await mkdir(args.out, { recursive: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'citytwin-viewer-query-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: args.chromium, headless: true, args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 }, locale: 'en-US',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    report.chromium = /(?:Headless)?Chrome\/[\d.]+/.exec(await page.evaluate(() => navigator.userAgent))?.[0] ?? null;
    await watch(context, page, origin, report);
    const ctx = { page, args, report, shot: (name) => path.join(args.out, `viewer-${name}.png`) };
    for (const [name, fn] of steps.ALL) {
      report.phase = name;
      const t0 = Date.now();
      await fn(ctx);
      report.steps.push({ name, ms: Date.now() - t0 });
    }
    report.phase = 'done';
  } finally {
    await context?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`viewer-query-e2e: ${err.message}`);
    return 2;
  }
  const started = performance.now();
  const report = newReport();
  let status = 0;
  try {
    await run(args, report);
  } catch (err) {
    report.error = `${report.phase}: ${err.message}`;
    status = report.chromium ? 1 : 2;
  }
  report.ok = status === 0;
  report.ms = Math.round(performance.now() - started);
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
  return status;
}

process.exitCode = await main();
