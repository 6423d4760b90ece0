#!/usr/bin/env node
// validate-gltf.mjs — run the Khronos glTF validator (npm gltf-validator) on
// the glTF/GLB files named on the command line and print one JSON summary on
// stdout:
//
//   {"validator": "<version>", "errors": N, "warnings": N,
//    "files": [{"file", "errors", "warnings", "infos", "hints",
//               "messages": [{"code", "severity", "pointer", "message"}]}]}
//
// Severity names follow the validator: error, warning, info, hint. The exit
// status is 0 when no file has an error, 1 when any has, 2 on bad usage or a
// file that cannot be read. External buffers are resolved beside each file.
//
// Usage: node viewer/tools/validate-gltf.mjs [--max-issues N] FILE...

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import validator from 'gltf-validator';

const SEVERITIES = ['error', 'warning', 'info', 'hint'];

function parseArgs(argv) {
  const files = [];
  let maxIssues = 0; // unlimited
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max-issues') {
      maxIssues = Number.parseInt(argv[++i], 10);
      if (!Number.isInteger(maxIssues) || maxIssues < 0) {
        throw new Error('--max-issues wants a non-negative integer');
      }
    } else {
      files.push(argv[i]);
    }
  }
  if (files.length === 0) {
    throw new Error('usage: validate-gltf.mjs [--max-issues N] FILE...');
  }
  return { files, maxIssues };
}

async function validateFile(file, maxIssues) {
  const bytes = new Uint8Array(await readFile(file));
  const dir = path.dirname(file);
  const report = await validator.validateBytes(bytes, {
    uri: path.basename(file),
    maxIssues,
    writeTimestamp: false,
    externalResourceFunction: async (uri) =>
      new Uint8Array(await readFile(path.resolve(dir, decodeURIComponent(uri)))),
  });
  const issues = report.issues ?? {};
  return {
    file,
    errors: issues.numErrors ?? 0,
    warnings: issues.numWarnings ?? 0,
    infos: issues.numInfos ?? 0,
    hints: issues.numHints ?? 0,
    messages: (issues.messages ?? []).map((m) => ({
      code: m.code,
      severity: SEVERITIES[m.severity] ?? String(m.severity),
      pointer: m.pointer ?? null,
      message: m.message,
    })),
  };
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  const summary = { validator: validator.version(), errors: 0, warnings: 0, files: [] };
  let status = 0;
  for (const file of args.files) {
    try {
      const r = await validateFile(file, args.maxIssues);
      summary.files.push(r);
      summary.errors += r.errors;
      summary.warnings += r.warnings;
    } catch (err) {
      summary.files.push({ file, failure: String(err?.message ?? err) });
      status = 2;
    }
  }
  console.log(JSON.stringify(summary, null, 2));
  if (status === 0 && summary.errors > 0) {
    status = 1;
  }
  return status;
}

process.exitCode = await main();
