#!/usr/bin/env node
// meshopt-decode.mjs — decode EXT_meshopt_compression buffers with the real
// meshoptimizer decoder (npm meshoptimizer, the WebAssembly decoder that
// CesiumJS and loaders.gl both import) and with meshoptimizer's pure-JS
// reference decoder, so Go tests can check an encoder byte for byte.
//
// Input (stdin): {"cases": [{"mode": "ATTRIBUTES"|"TRIANGLES"|"INDICES",
//                            "count": N, "stride": S, "filter": "NONE",
//                            "data": "<base64 of the compressed bytes>"}]}
// Output (stdout): {"decoder": "meshoptimizer <version>",
//                   "results": [{"wasm": "<base64>", "wasmError": "...",
//                                "reference": "<base64>", "referenceError": "..."}]}
// A decoder that rejects a case leaves its field empty and sets its error.
// Exit status 0 when every case decoded with both decoders, 1 otherwise,
// 2 on bad input.
//
// Usage: node viewer/tools/meshopt-decode.mjs < cases.json

import { readFileSync } from 'node:fs';
import { MeshoptDecoder } from 'meshoptimizer/decoder';

// The reference decoder and package.json are not in the package's exports:
// load them by path from viewer/node_modules.
const pkgDir = new URL('../node_modules/meshoptimizer/', import.meta.url);
const { MeshoptDecoder: ReferenceDecoder } = await import(new URL('meshopt_decoder_reference.js', pkgDir));

function version() {
  try {
    return JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

async function decodeWith(decoder, c) {
  const source = new Uint8Array(Buffer.from(c.data, 'base64'));
  const target = new Uint8Array(c.count * c.stride);
  await decoder.ready;
  decoder.decodeGltfBuffer(target, c.count, c.stride, source, c.mode, c.filter || 'NONE');
  return Buffer.from(target).toString('base64');
}

async function main() {
  let input;
  try {
    input = JSON.parse(readFileSync(0, 'utf8'));
  } catch (e) {
    process.stderr.write(`meshopt-decode: bad input: ${e.message}\n`);
    process.exit(2);
  }
  const results = [];
  let failed = false;
  for (const c of input.cases || []) {
    const r = {};
    for (const [name, dec] of [['wasm', MeshoptDecoder], ['reference', ReferenceDecoder]]) {
      try {
        r[name] = await decodeWith(dec, c);
      } catch (e) {
        r[name + 'Error'] = String(e && e.message ? e.message : e);
        failed = true;
      }
    }
    results.push(r);
  }
  process.stdout.write(JSON.stringify({ decoder: `meshoptimizer ${version()}`, results }) + '\n');
  process.exitCode = failed ? 1 : 0; // not process.exit: it would cut a piped stdout short
}

main();
