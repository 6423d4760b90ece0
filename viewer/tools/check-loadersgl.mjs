#!/usr/bin/env node
// check-loadersgl.mjs — load a 3D Tiles tileset from a local directory with
// loaders.gl (@loaders.gl/3d-tiles, an independent client) the way a viewer
// would: over HTTP from a server on 127.0.0.1, following external tilesets
// and expanding implicit tiling (subtrees), then load and parse EVERY tile
// content. Prints one JSON summary on stdout:
//
//   {"loadersgl": "<version>", "root": "tileset.json",
//    "tilesets": N, "tiles": N, "contents": N, "features": N, "ms": N,
//    "errors": [{"file", "error"}],
//    "files": [{"file", "kind": "tileset"|"content", "ok", "bytes", ...}],
//    "requests": N, "notFound": [...], "served": [paths fetched],
//    "foreignRequests": [...]}
//
// A content counts as parsed when it is glTF (or a legacy b3dm/i3dm/cmpt/pnts
// that loaders.gl decodes) whose meshes hold at least one primitive with a
// non-empty POSITION accessor. Exit status 0 when there is no error, 1 when
// there is any, 2 on bad usage.
//
// Usage: node viewer/tools/check-loadersgl.mjs [--concurrency N] DIR|DIR/tileset.json

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { load } from '@loaders.gl/core';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';
import { startStaticServer } from './lib/static-server.mjs';
import { summarizeContent } from './lib/gltf-summary.mjs';

// Images (textures) are not decoded: loaders.gl needs @loaders.gl/polyfills
// for that under Node.js, and CityTwin tiles have no textures; a textured
// GLB still has its buffers, accessors and extensions parsed and checked.
const LOADER_OPTIONS = { worker: false, core: { worker: false }, gltf: { loadImages: false } };

async function parseArgs(argv) {
  let concurrency = 8;
  let target;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--concurrency') {
      concurrency = Number.parseInt(argv[++i], 10);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new Error('--concurrency wants a positive integer');
      }
    } else if (target === undefined) {
      target = argv[i];
    } else {
      throw new Error(`unexpected argument ${argv[i]}`);
    }
  }
  if (target === undefined) {
    throw new Error('usage: check-loadersgl.mjs [--concurrency N] DIR|DIR/tileset.json');
  }
  const info = await stat(target);
  const file = info.isDirectory() ? path.join(target, 'tileset.json') : target;
  return { dir: path.dirname(path.resolve(file)), root: path.basename(file), concurrency };
}

// guardFetch lets loaders.gl reach only the local server; any other URL is
// recorded and refused, so that a tileset that points outside its
// directory (or a loader that fetches a decoder from a CDN) is caught.
function guardFetch(origin, foreign) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    if (!String(url).startsWith(origin + '/')) {
      foreign.push(String(url));
      throw new Error(`refused request outside the test server: ${url}`);
    }
    return realFetch(input, init);
  };
}

// Checker walks tilesets and loads contents with bounded concurrency.
class Checker {
  constructor(origin, concurrency) {
    this.origin = origin;
    this.concurrency = concurrency;
    this.summary = { tilesets: 0, tiles: 0, contents: 0, features: 0, errors: [], files: [] };
    this.seen = new Set();
    this.queue = []; // resolvers of contents waiting for a slot
    this.active = 0; // contents being loaded
  }

  rel(url) {
    return url.startsWith(this.origin + '/') ? decodeURI(url.slice(this.origin.length + 1)) : url;
  }

  fail(url, err) {
    const error = err instanceof Error ? err.message : String(err);
    this.summary.errors.push({ file: this.rel(url), error });
    return error;
  }

  async tileset(url) {
    if (this.seen.has(url)) {
      return;
    }
    this.seen.add(url);
    let tileset;
    try {
      tileset = await load(url, Tiles3DLoader, { ...LOADER_OPTIONS, '3d-tiles': { loadGLTF: true, isTileset: true } });
    } catch (err) {
      this.summary.files.push({ file: this.rel(url), kind: 'tileset', ok: false, error: this.fail(url, err) });
      return;
    }
    this.summary.tilesets++;
    const entry = { file: this.rel(url), kind: 'tileset', ok: true, version: tileset.asset?.version ?? null, tiles: 0 };
    this.summary.files.push(entry);
    if (!tileset.root) {
      entry.ok = false;
      entry.error = this.fail(url, 'tileset has no root tile');
      return;
    }
    const jobs = [];
    for (const tile of walk(tileset.root)) {
      entry.tiles++;
      this.summary.tiles++;
      for (const contentUrl of contentUrls(tile, tileset.basePath)) {
        jobs.push(contentUrl.split('?')[0].endsWith('.json') ? this.tileset(contentUrl) : this.content(contentUrl));
      }
    }
    await Promise.all(jobs);
  }

  async content(url) {
    if (this.seen.has(url)) {
      return;
    }
    this.seen.add(url);
    await this.slot();
    const entry = { file: this.rel(url), kind: 'content', ok: false };
    try {
      const content = await load(url, Tiles3DLoader, { ...LOADER_OPTIONS, '3d-tiles': { loadGLTF: true, isTileset: false } });
      Object.assign(entry, summarizeContent(content));
      entry.ok = entry.problems.length === 0;
      if (!entry.ok) {
        entry.error = this.fail(url, entry.problems.join('; '));
      }
      this.summary.contents++;
      this.summary.features += entry.features ?? 0;
    } catch (err) {
      entry.error = this.fail(url, err);
    } finally {
      this.release();
    }
    this.summary.files.push(entry);
  }

  async slot() {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise((resolve) => this.queue.push(resolve));
  }

  release() {
    const next = this.queue.shift();
    if (next) {
      next();
    } else {
      this.active--;
    }
  }
}

// walk yields every tile of a normalized loaders.gl tile tree.
function* walk(root) {
  const stack = [root];
  while (stack.length > 0) {
    const tile = stack.pop();
    yield tile;
    stack.push(...(tile.children ?? []));
  }
}

// contentUrls lists a tile's content URLs: loaders.gl resolves the single
// `content`; 3D Tiles 1.1 `contents` (several per tile), which loaders.gl
// does not know, are resolved here against the tileset's base path.
function contentUrls(tile, basePath) {
  const urls = [];
  if (tile.contentUrl) {
    urls.push(tile.contentUrl);
  }
  for (const c of tile.contents ?? []) {
    if (c?.uri) {
      urls.push(new URL(c.uri, basePath + '/').toString());
    }
  }
  return urls;
}

// servedPath is a request path as a file path relative to the directory.
function servedPath(p) {
  return decodeURIComponent(new URL(p, 'http://127.0.0.1').pathname).replace(/^\/+/, '');
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
  const server = await startStaticServer({ mounts: [{ prefix: '/', dir: args.dir }] });
  const foreign = [];
  guardFetch(server.origin, foreign);
  const checker = new Checker(server.origin, args.concurrency);
  try {
    await checker.tileset(`${server.origin}/${encodeURI(args.root)}`);
  } finally {
    await server.close();
  }
  const s = checker.summary;
  const notFound = server.log.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.path}`);
  const served = [...new Set(server.log.filter((r) => r.status < 300).map((r) => servedPath(r.path)))].sort();
  for (const url of foreign) {
    s.errors.push({ file: url, error: 'request outside the test server' });
  }
  const out = {
    loadersgl: Tiles3DLoader.version,
    root: args.root,
    tilesets: s.tilesets,
    tiles: s.tiles,
    contents: s.contents,
    features: s.features,
    ms: Math.round(performance.now() - started),
    errors: s.errors,
    requests: server.log.length,
    notFound,
    served,
    foreignRequests: foreign,
    files: s.files.sort((a, b) => a.file.localeCompare(b.file)),
  };
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  return s.errors.length === 0 && s.tilesets > 0 ? 0 : 1;
}

process.exitCode = await main();
