// static-server.mjs — a tiny static HTTP server on 127.0.0.1 for the
// real-client harnesses (check-loadersgl.mjs, cesium-load.mjs). It serves
// directories under URL prefixes and fixed in-memory pages, refuses paths
// that leave a mounted directory, and records every request it answers so
// that a harness can report 404s.

import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES = {
  '.json': 'application/json',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.subtree': 'application/octet-stream',
  '.b3dm': 'application/octet-stream',
  '.pnts': 'application/octet-stream',
  '.i3dm': 'application/octet-stream',
  '.cmpt': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ktx2': 'image/ktx2',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
};

/**
 * Starts a server on 127.0.0.1 with an ephemeral port.
 * @param {{mounts: {prefix: string, dir: string}[], pages?: Record<string, {type: string, body: string}>}} opts
 *   mounts: URL prefixes ("/tiles/") mapped to directories; pages: exact
 *   URL paths answered from memory.
 * @returns {Promise<{origin: string, log: {method: string, path: string, status: number}[], close: () => Promise<void>}>}
 */
export async function startStaticServer({ mounts, pages = {} }) {
  const log = [];
  const server = http.createServer((req, res) => {
    // Log when the status is known, not when the body is done: a client
    // may have read the whole body before the file stream sees its end.
    const writeHead = res.writeHead;
    res.writeHead = function (status, ...rest) {
      log.push({ method: req.method, path: req.url, status });
      return writeHead.call(this, status, ...rest);
    };
    handle(req, res, mounts, pages).catch(() => send(res, 500, 'internal error'));
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

async function handle(req, res, mounts, pages) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'method not allowed');
  }
  const urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  const page = pages[urlPath];
  if (page) {
    res.writeHead(200, { 'Content-Type': page.type, 'Cache-Control': 'no-store' });
    return res.end(req.method === 'HEAD' ? undefined : page.body);
  }
  const file = resolveMounted(urlPath, mounts);
  if (!file) {
    return send(res, 404, 'not found');
  }
  let info;
  try {
    info = await stat(file);
  } catch {
    return send(res, 404, 'not found');
  }
  if (!info.isFile()) {
    return send(res, 404, 'not found');
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    return res.end();
  }
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
}

// resolveMounted maps a URL path to a file below one of the mounted
// directories, or returns null when none matches or the path escapes it.
function resolveMounted(urlPath, mounts) {
  if (urlPath.includes('\0')) {
    return null;
  }
  for (const { prefix, dir } of mounts) {
    if (!urlPath.startsWith(prefix)) {
      continue;
    }
    const root = path.resolve(dir);
    const file = path.resolve(root, '.' + path.posix.normalize('/' + urlPath.slice(prefix.length)));
    if (file === root || file.startsWith(root + path.sep)) {
      return file;
    }
    return null;
  }
  return null;
}

function send(res, status, text) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}
