#!/usr/bin/env node
// three-load.mjs — load a 3D Tiles tileset in 3DTilesRendererJS (npm
// 3d-tiles-renderer on three.js), a client independent of CesiumJS and
// loaders.gl, under Node.js without a WebGL renderer: a TilesRenderer with
// a PerspectiveCamera placed above the whole tileset, a tiny error target
// (so that every tile is wanted), the MeshoptDecoder of three.js and the
// EXT_mesh_features / EXT_structural_metadata plugins, updated in a loop
// until nothing is pending. The tileset is a local directory (served on
// 127.0.0.1) or an http:// URL. Prints one JSON summary on stdout:
//
//   {"threeTiles": "<version>", "three": "<revision>", "root": URL, "ms",
//    "tilesets": [loaded tileset paths], "contents": [loaded content paths],
//    "errors": [{"file", "error"}], "files": [{"file", "meshes",
//    "meshesWithFeatures", "meshesWithMetadata", "features", "idsRead",
//    "sampleIds", "sampleFeature", "problems"}], "stats": {...},
//    "requests": N, "httpErrors": [...], "foreignRequests": [...],
//    "consoleErrors": [...], "consoleWarnings": [...], "timedOut": bool}
//
// Paths are relative to the root tileset's directory. Exit status 0 when
// some content loaded and there is no error (load error, HTTP error,
// foreign request, console error, mesh without feature ids or metadata,
// time-out), 1 otherwise, 2 on bad usage.
//
// Usage: node viewer/tools/three-load.mjs [--timeout SECONDS] DIR|DIR/tileset.json|URL

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PerspectiveCamera, REVISION, Sphere, Vector3 } from 'three';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import { TilesRenderer } from '3d-tiles-renderer';
import { GLTFExtensionsPlugin } from '3d-tiles-renderer/plugins';
import { startStaticServer } from './lib/static-server.mjs';
import { summarizeScene } from './lib/three-summary.mjs';

const IDLE_ROUNDS = 10; // consecutive updates with nothing pending
const ROUND_MS = 20;

async function parseArgs(argv) {
  const args = { timeout: 120 };
  let target;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--timeout') {
      args.timeout = Number(argv[++i]);
      if (!(args.timeout > 0)) throw new Error('--timeout wants a positive number of seconds');
    } else if (target === undefined) {
      target = argv[i];
    } else {
      throw new Error(`unexpected argument ${argv[i]}`);
    }
  }
  if (target === undefined) {
    throw new Error('usage: three-load.mjs [--timeout SECONDS] DIR|DIR/tileset.json|URL');
  }
  if (/^https?:\/\//.test(target)) {
    return { ...args, url: target };
  }
  const info = await stat(target);
  const file = info.isDirectory() ? path.join(target, 'tileset.json') : target;
  return { ...args, dir: path.dirname(path.resolve(file)), root: path.basename(file) };
}

// browserShims gives the renderer what it expects of a browser: a page
// location to resolve tileset URLs against and requestAnimationFrame for
// its queues and cache.
function browserShims(pageURL) {
  globalThis.window ??= { location: { href: pageURL } };
  globalThis.requestAnimationFrame ??= (cb) => setTimeout(() => cb(performance.now()), 1);
  globalThis.cancelAnimationFrame ??= (h) => clearTimeout(h);
}

// guardFetch logs every request, refuses any outside origin and records
// HTTP errors, so that a harness cannot miss a failed or foreign fetch.
function guardFetch(origin, log) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = String(typeof input === 'string' || input instanceof URL ? input : input.url);
    log.requests++;
    if (!url.startsWith(origin + '/')) {
      log.foreign.push(url);
      throw new Error(`refused request outside the test server: ${url}`);
    }
    const res = await realFetch(input, init);
    if (!res.ok) log.httpErrors.push(`${res.status} ${url}`);
    return res;
  };
}

// captureConsole keeps library chatter off stdout (the JSON report) and
// records errors and warnings.
function captureConsole(out) {
  const text = (args) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  console.log = console.info = (...a) => process.stderr.write(text(a) + '\n');
  console.warn = (...a) => out.consoleWarnings.push(text(a));
  console.error = (...a) => out.consoleErrors.push(text(a));
}

function newTiles(rootURL) {
  const tiles = new TilesRenderer(rootURL);
  tiles.registerPlugin(new GLTFExtensionsPlugin({ meshoptDecoder: MeshoptDecoder, metadata: true, rtc: true }));
  tiles.errorTarget = 1e-3; // refine to the leaves
  tiles.lruCache.minSize = 100000;
  tiles.lruCache.maxSize = 200000;
  tiles.lruCache.maxBytesSize = 8 * 2 ** 30;
  return tiles;
}

// aimCamera puts the camera straight above the tileset's bounding sphere,
// far enough for the whole sphere to be in view.
function aimCamera(tiles, camera) {
  const sphere = new Sphere();
  if (!tiles.getBoundingSphere(sphere)) return false;
  const up = sphere.center.lengthSq() > 1 ? sphere.center.clone().normalize() : new Vector3(0, 0, 1);
  const dist = Math.max(sphere.radius, 1) * 3;
  camera.position.copy(sphere.center).addScaledVector(up, dist);
  camera.near = Math.max(dist - 2 * sphere.radius, 1) / 10;
  camera.far = (dist + 2 * sphere.radius) * 2;
  camera.up.set(0, 0, 1);
  if (Math.abs(up.z) > 0.99) camera.up.set(0, 1, 0);
  camera.lookAt(sphere.center);
  camera.updateProjectionMatrix();
  camera.updateMatrixWorld(true);
  return true;
}

function idle(tiles) {
  const s = tiles.stats;
  const queues = [tiles.downloadQueue, tiles.parseQueue, tiles.processNodeQueue];
  return (
    tiles.root !== null &&
    s.queued + s.downloading + s.parsing === 0 &&
    queues.every((q) => !q.running)
  );
}

// run updates the renderer until nothing is pending for IDLE_ROUNDS rounds,
// the root failed, or the time-out passed.
async function run(tiles, camera, out, timeoutMs, rootFailed) {
  const deadline = performance.now() + timeoutMs;
  let aimed = false;
  let quiet = 0;
  while (performance.now() < deadline) {
    if (!aimed && tiles.root) {
      aimed = aimCamera(tiles, camera);
    }
    tiles.update();
    await new Promise((r) => setTimeout(r, ROUND_MS));
    if (rootFailed()) return;
    quiet = aimed && idle(tiles) ? quiet + 1 : 0;
    if (quiet >= IDLE_ROUNDS) return;
  }
  out.timedOut = true;
}

function listen(tiles, out, rel) {
  tiles.addEventListener('load-tileset', ({ url }) => out.tilesets.push(rel(url)));
  tiles.addEventListener('load-model', ({ scene, url }) => {
    out.contents.push(rel(url));
    out.files.push({ file: rel(url), ...summarizeScene(scene) });
  });
  tiles.addEventListener('load-error', ({ url, error }) => {
    out.errors.push({ file: rel(String(url)), error: error?.message ?? String(error) });
  });
}

async function version() {
  const pkg = new URL('../node_modules/3d-tiles-renderer/package.json', import.meta.url);
  return JSON.parse(await readFile(pkg, 'utf8')).version;
}

function finish(out) {
  for (const f of out.files) {
    for (const p of f.problems) out.errors.push({ file: f.file, error: p });
  }
  for (const u of out.foreignRequests) out.errors.push({ file: u, error: 'request outside the test server' });
  for (const e of out.httpErrors) out.errors.push({ file: e, error: 'HTTP error' });
  if (out.timedOut) out.errors.push({ file: '', error: 'timed out with tiles still pending' });
  out.consoleWarnings = [...new Set(out.consoleWarnings)];
  out.tilesets.sort();
  out.contents.sort();
  out.files.sort((a, b) => a.file.localeCompare(b.file));
  return out.errors.length === 0 && out.consoleErrors.length === 0 && out.contents.length > 0 ? 0 : 1;
}

async function main() {
  let args;
  try {
    args = await parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  const started = performance.now();
  // Served below /tiles/ as by `twin serve`: 3DTilesRendererJS resolves
  // the contents of a tileset at the server root to "//path".
  const server = args.dir ? await startStaticServer({ mounts: [{ prefix: '/tiles/', dir: args.dir }] }) : null;
  const rootURL = server ? `${server.origin}/tiles/${encodeURI(args.root)}` : args.url;
  const base = rootURL.replace(/[^/]*([?#].*)?$/, '');
  const rel = (u) => (u.startsWith(base) ? decodeURI(u.slice(base.length)) : u);
  const out = {
    threeTiles: await version(), three: REVISION, root: rootURL, ms: 0,
    tilesets: [], contents: [], errors: [], files: [], stats: {}, requests: 0,
    httpErrors: [], foreignRequests: [], consoleErrors: [], consoleWarnings: [], timedOut: false,
  };
  const log = { requests: 0, foreign: out.foreignRequests, httpErrors: out.httpErrors };
  browserShims(base);
  guardFetch(new URL(rootURL).origin, log);
  captureConsole(out);
  const tiles = newTiles(rootURL);
  const camera = new PerspectiveCamera(60, 1, 1, 1e7);
  tiles.setCamera(camera);
  tiles.setResolution(camera, 1024, 1024);
  listen(tiles, out, rel);
  let rootFailed = false;
  tiles.addEventListener('load-error', ({ tile }) => (rootFailed ||= tile === null));
  try {
    await run(tiles, camera, out, args.timeout * 1000, () => rootFailed);
  } catch (err) {
    out.errors.push({ file: '', error: `harness: ${err?.stack ?? err}` });
  } finally {
    out.stats = { ...tiles.stats };
    tiles.dispose();
    await server?.close();
  }
  out.requests = log.requests;
  out.ms = Math.round(performance.now() - started);
  const code = finish(out);
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  return code;
}

process.exitCode = await main();
