#!/usr/bin/env node
// viewer-dev.mjs — a development server for the CityTwin viewer. It
// serves the viewer's files straight from viewer/app (edit and reload, no
// rebuild of the twin binary): / = app/index.html, /app/ = viewer/app,
// /cesium/ = CesiumJS's Build/Cesium, and /tiles/ from an exported tileset
// directory (`twin export DIR`) when --tiles is given. Every other path
// (the /api/ routes, and /tiles/ without --tiles) is forwarded to a running
// `twin serve` given by --proxy.
//
// Usage: node viewer/tools/viewer-dev.mjs [--port N] [--tiles DIR] [--proxy http://HOST:PORT]

import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './lib/static-server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const APP = path.resolve(HERE, '..', 'app');
const CESIUM_BUILD = path.resolve(HERE, '..', 'node_modules', 'cesium', 'Build', 'Cesium');

function parseArgs(argv) {
  const args = { port: 8090, tiles: '', proxy: '' };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${argv[i]} wants a value`);
    if (argv[i] === '--port') args.port = Number(v);
    else if (argv[i] === '--tiles') args.tiles = path.resolve(v);
    else if (argv[i] === '--proxy') args.proxy = v.replace(/\/$/, '');
    else throw new Error(`unexpected argument ${argv[i]}`);
    i++;
  }
  return args;
}

// forward sends req to the upstream twin serve and pipes the answer back.
function forward(upstream, req, res) {
  if (!upstream) {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"error":"not found (no --proxy)"}\n');
    return;
  }
  const headers = { accept: req.headers?.accept ?? '*/*' };
  if (req.headers?.['content-type']) headers['content-type'] = req.headers['content-type'];
  const up = http.request(upstream + req.url, { method: req.method, headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', (err) => {
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`proxy: ${err.message}\n`);
  });
  // Request bodies (the POST queries) go upstream as they come.
  if (typeof req.pipe === 'function' && req.method !== 'GET' && req.method !== 'HEAD') req.pipe(up);
  else up.end();
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const mounts = [
    { prefix: '/app/', dir: APP },
    { prefix: '/cesium/', dir: CESIUM_BUILD },
  ];
  if (args.tiles) mounts.push({ prefix: '/tiles/', dir: args.tiles });
  const local = await startStaticServer({ mounts });
  const server = http.createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    const isLocal = p === '/' || mounts.some((m) => p.startsWith(m.prefix));
    if (!isLocal) return forward(args.proxy, req, res);
    const target = p === '/' ? '/app/index.html' : req.url;
    forward(local.origin, { ...req, url: target, method: req.method, headers: req.headers }, res);
  });
  server.listen(args.port, '127.0.0.1', () => {
    process.stdout.write(`viewer-dev on http://127.0.0.1:${args.port}/ (proxy ${args.proxy || 'none'})\n`);
  });
}

main().catch((err) => {
  console.error(`viewer-dev: ${err.message}`);
  process.exitCode = 2;
});
