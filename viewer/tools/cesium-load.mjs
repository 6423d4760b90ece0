#!/usr/bin/env node
// cesium-load.mjs — load a 3D Tiles tileset from a local directory in
// CesiumJS (npm cesium, Build/Cesium) inside headless Debian Chromium driven
// by playwright-core, fully offline, and report what the client saw. One
// server on 127.0.0.1 serves the test page at /, CesiumJS at /cesium/ and
// the tileset directory at /tiles/. Prints one JSON summary on stdout:
//
//   {"ok", "cesium", "chromium", "phase", "error", "ms", "tilesLoaded",
//    "contentLoads", "features", "sampleProperties", "stats",
//    "failedTiles": [{url, message}], "consoleErrors": [...],
//    "consoleWarnings": [...], "pageErrors": [...], "renderErrors": [...],
//    "requests": N (seen by the page), "serverRequests": N (answered),
//    "httpErrors": [...], "foreignRequests": [...],
//    "screenshot": PATH}
//
// It fails (exit 1) on any failed tile, console error, page or render
// error, request to a host other than the test server, or when no tile
// content loaded before the timeout; exit 2 on bad usage or when the
// browser cannot start.
//
// Usage: node viewer/tools/cesium-load.mjs [--timeout SECONDS] [--screenshot PNG]
//          [--size WxH] [--sse N] [--chromium PATH] DIR|DIR/tileset.json

import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStaticServer } from './lib/static-server.mjs';
import { cesiumPage } from './lib/cesium-page.mjs';
import { waitForTiles } from './lib/cesium-wait.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CESIUM_BUILD = path.resolve(HERE, '..', 'node_modules', 'cesium', 'Build', 'Cesium');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
];

async function parseArgs(argv) {
  const args = { timeout: 180, screenshot: '', width: 1024, height: 640, sse: 16, chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  let target;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} wants a value`);
      return argv[++i];
    };
    if (a === '--timeout') args.timeout = positive(a, next());
    else if (a === '--screenshot') args.screenshot = path.resolve(next());
    else if (a === '--sse') args.sse = positive(a, next());
    else if (a === '--chromium') args.chromium = next();
    else if (a === '--size') {
      const m = /^(\d+)x(\d+)$/.exec(next());
      if (!m) throw new Error('--size wants WIDTHxHEIGHT');
      [args.width, args.height] = [Number(m[1]), Number(m[2])];
    } else if (target === undefined) target = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (target === undefined) {
    throw new Error('usage: cesium-load.mjs [--timeout S] [--screenshot PNG] [--size WxH] [--sse N] [--chromium PATH] DIR|DIR/tileset.json');
  }
  const info = await stat(target);
  const file = info.isDirectory() ? path.join(target, 'tileset.json') : target;
  args.dir = path.dirname(path.resolve(file));
  args.root = path.basename(file);
  await stat(path.join(CESIUM_BUILD, 'Cesium.js'));
  return args;
}

function positive(flag, v) {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} wants a positive number`);
  return n;
}

// watchPage records console messages, page errors and every request; it
// aborts requests that would leave the test server.
async function watchPage(context, page, origin, report) {
  const local = (url) => url.startsWith(origin + '/') || /^(data|blob|about):/.test(url);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return local(url) ? route.continue() : route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    report.requests++;
    if (!local(req.url())) report.foreignRequests.push(req.url());
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error') report.consoleErrors.push(text);
    else if (msg.type() === 'warning' && report.consoleWarnings.length < 50) report.consoleWarnings.push(text);
  });
  page.on('pageerror', (err) => report.pageErrors.push(err.message));
}

function newReport() {
  return {
    ok: false, cesium: null, chromium: null, phase: 'starting', error: null, ms: 0,
    tilesLoaded: false, contentLoads: 0, features: 0, sampleProperties: null, stats: null,
    failedTiles: [], consoleErrors: [], consoleWarnings: [], pageErrors: [], renderErrors: [],
    requests: 0, serverRequests: 0, httpErrors: [], foreignRequests: [], screenshot: null,
  };
}

// run drives one page load and fills report.
async function run(args, origin, report) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'citytwin-cesium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: args.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: args.width, height: args.height },
      offline: false,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const agent = await page.evaluate(() => navigator.userAgent);
    report.chromium = /(?:Headless)?Chrome\/[\d.]+/.exec(agent)?.[0] ?? agent;
    await watchPage(context, page, origin, report);
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 60_000 });
    const final = await waitForTiles(page, args.timeout * 1000);
    Object.assign(report, pick(final));
    if (args.screenshot) {
      await page.screenshot({ path: args.screenshot, timeout: 60_000 });
      report.screenshot = args.screenshot;
    }
  } finally {
    await context?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
}

function pick(h) {
  return {
    cesium: h.cesium, phase: h.phase, error: h.error, tilesLoaded: h.tilesLoaded,
    contentLoads: h.contentLoads, features: h.features, sampleProperties: h.sampleProperties,
    stats: h.stats, failedTiles: h.failed, renderErrors: h.renderErrors, frames: h.frames,
  };
}

function verdict(r) {
  return (
    !r.error && r.contentLoads > 0 && r.tilesLoaded && r.failedTiles.length === 0 &&
    r.consoleErrors.length === 0 && r.pageErrors.length === 0 &&
    r.renderErrors.length === 0 && r.foreignRequests.length === 0
  );
}

async function main() {
  let args;
  try {
    args = await parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`cesium-load: ${err.message}`);
    return 2;
  }
  const started = performance.now();
  const tilesetPath = `/tiles/${encodeURI(args.root)}`;
  const server = await startStaticServer({
    mounts: [
      { prefix: '/cesium/', dir: CESIUM_BUILD },
      { prefix: '/tiles/', dir: args.dir },
    ],
    pages: { '/': { type: 'text/html; charset=utf-8', body: cesiumPage({ tileset: tilesetPath, maximumScreenSpaceError: args.sse }) } },
  });
  const report = newReport();
  let status = 1;
  try {
    await run(args, server.origin, report);
    status = verdict(report) ? 0 : 1;
  } catch (err) {
    report.error = report.error ?? `driver: ${err.message}`;
    status = report.chromium ? 1 : 2;
  } finally {
    await server.close();
  }
  report.httpErrors = server.log.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.path}`);
  report.serverRequests = server.log.length;
  report.ok = status === 0;
  report.ms = Math.round(performance.now() - started);
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
  return status;
}

process.exitCode = await main();
