// viewer-session.mjs — what the viewer's browser tests (viewer-e2e.mjs,
// viewer-query-e2e.mjs) share: the command line, headless Debian Chromium
// (playwright-core, SwiftShader WebGL) with a throw-away persistent
// profile, the watch on console errors, page errors, HTTP errors and
// requests that would leave the server, the steps run in order, and the
// JSON report on stdout with the exit status:
//
//   0 when every step ran, 1 when a step failed, 2 on bad usage or when
//   the browser does not start.
//
// The report holds {ok, phase, error, ms, chromium, cesium, steps: [{name,
// ms}], marks}, then the script's own fields, then {screenshots,
// consoleErrors, consoleWarnings, pageErrors, foreignRequests, httpErrors}.
// Each step is [name, fn]; fn({page, args, report, shot(name)}) records
// what it saw in report and throws only when later steps cannot run.

import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'];
const MAX_WARNINGS = 20;

/**
 * Runs a viewer session as a script's main and returns its exit status.
 * @param {{name: string, usage: string, json: string[], valid: (args: object) => boolean,
 *   viewport: {width: number, height: number}, fields: object,
 *   steps: Array<[string, Function]>, failedRequests?: boolean}} o
 *   name: the script's name for messages; usage: its own flags; json: its
 *   JSON-valued flags (without --), stored in args under their names;
 *   valid: whether those values will do; fields: its report fields and
 *   their initial values; failedRequests: also count requests that failed
 *   without an answer (other than aborted ones) as HTTP errors.
 */
export async function runViewerSession(o) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), o);
  } catch (err) {
    console.error(`${o.name}: ${err.message}`);
    return 2;
  }
  const started = performance.now();
  const report = newReport(o.fields);
  let status = 0;
  try {
    await run(args, report, o);
  } catch (err) {
    report.error = `${report.phase}: ${err.message}`;
    status = report.chromium ? 1 : 2;
  }
  report.ok = status === 0;
  report.ms = Math.round(performance.now() - started);
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
  return status;
}

function parseArgs(argv, { name, usage, json, valid }) {
  const args = { url: '', out: '', timeout: 90, chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  for (const k of json) args[k] = null;
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, v] = [argv[i], argv[i + 1]];
    if (v === undefined) throw new Error(`${flag} wants a value`);
    const key = flag.replace(/^--/, '');
    if (flag === '--url') args.url = v;
    else if (flag === '--out') args.out = path.resolve(v);
    else if (flag === '--timeout') args.timeout = Number(v);
    else if (flag === '--chromium') args.chromium = v;
    else if (flag.startsWith('--') && json.includes(key)) args[key] = JSON.parse(v);
    else throw new Error(`unexpected argument ${flag}`);
  }
  if (!args.url || !args.out || !valid(args)) {
    throw new Error(`usage: ${name}.mjs --url URL --out DIR ${usage} [--timeout S] [--chromium PATH]`);
  }
  if (!(args.timeout > 0)) throw new Error('--timeout wants a positive number of seconds');
  return args;
}

function newReport(fields) {
  return {
    ok: false, phase: 'starting', error: null, ms: 0, chromium: null, cesium: null, steps: [], marks: [],
    ...fields,
    screenshots: {}, consoleErrors: [], consoleWarnings: [], pageErrors: [], foreignRequests: [], httpErrors: [],
  };
}

// watch records console errors, page errors, HTTP errors (and, with
// failedRequests, requests that failed without an answer), and requests
// that would leave the server (which it aborts).
async function watch(context, page, origin, report, failedRequests) {
  const local = (url) => url.startsWith(origin + '/') || /^(data|blob|about):/.test(url);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    report.foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') report.consoleErrors.push(`${msg.text()} (${msg.location()?.url ?? ''})`);
    else if (msg.type() === 'warning' && report.consoleWarnings.length < MAX_WARNINGS) report.consoleWarnings.push(msg.text());
  });
  page.on('pageerror', (err) => report.pageErrors.push(err.message));
  if (failedRequests) {
    page.on('requestfailed', (req) => {
      const f = req.failure()?.errorText ?? '';
      if (!/blockedbyclient|ERR_ABORTED/i.test(f)) report.httpErrors.push(`failed ${new URL(req.url()).pathname}: ${f}`);
    });
  }
  page.on('response', (resp) => {
    if (resp.status() >= 400) report.httpErrors.push(`${resp.status()} ${new URL(resp.url()).pathname}`);
  });
}

// run starts the browser at the viewport size with a fresh profile and
// runs the steps in order; report.phase names the step under way.
async function run(args, report, { name, viewport, steps, failedRequests }) {
  const origin = new URL(args.url).origin;
  await mkdir(args.out, { recursive: true });
  const profile = await mkdtemp(path.join(os.tmpdir(), `citytwin-${name}-`));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: args.chromium, headless: true, args: CHROMIUM_ARGS, viewport, locale: 'en-US',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    report.chromium = /(?:Headless)?Chrome\/[\d.]+/.exec(await page.evaluate(() => navigator.userAgent))?.[0] ?? null;
    await watch(context, page, origin, report, failedRequests);
    const ctx = { page, args, report, shot: (shot) => path.join(args.out, `viewer-${shot}.png`) };
    for (const [step, fn] of steps) {
      report.phase = step;
      const t0 = Date.now();
      await fn(ctx);
      report.steps.push({ name: step, ms: Date.now() - t0 });
    }
    report.phase = 'done';
  } finally {
    await context?.close().catch(() => {});
    await rm(profile, { recursive: true, force: true });
  }
}
