// gltf-summary.mjs — summarize a tile content as loaders.gl returns it
// (Tiles3DLoader, with loadGLTF) and list what is wrong with it: the checks
// of check-loadersgl.mjs on top of "it parsed".
//
// Checks: there is a glTF with at least one mesh primitive; every
// primitive has a non-empty POSITION accessor with a decoded array; every
// EXT_mesh_features feature id set has one id per vertex, at most
// featureCount distinct ids (besides nullFeatureId) and, with a property
// table, only ids that are rows of it (the rules of the 3D Tiles
// validator); every EXT_structural_metadata property table decoded one
// value per row for each of its properties.

const TRIANGLES = 4;

/**
 * @param {any} content the result of load(url, Tiles3DLoader)
 * @returns {{type: string, meshes: number, primitives: number, vertices: number,
 *   triangles: number, extensions: string[], features: number,
 *   propertyTables: number, sampleFeature: object|null, problems: string[]}}
 */
export function summarizeContent(content) {
  const s = {
    type: content?.type ?? 'unknown', meshes: 0, primitives: 0, vertices: 0, triangles: 0,
    extensions: [], features: 0, propertyTables: 0, sampleFeature: null, problems: [],
  };
  if (s.type === 'pnts') {
    return summarizePoints(content, s);
  }
  const gltf = content?.gltf;
  if (!gltf) {
    s.problems.push(`no glTF in ${s.type} content`);
    return s;
  }
  s.extensions = gltf.extensionsUsed ?? [];
  const tables = gltf.extensions?.EXT_structural_metadata?.propertyTables ?? [];
  s.propertyTables = tables.length;
  checkTables(tables, s);
  s.meshes = gltf.meshes?.length ?? 0;
  for (const [m, mesh] of (gltf.meshes ?? []).entries()) {
    for (const [p, prim] of (mesh.primitives ?? []).entries()) {
      checkPrimitive(prim, `meshes[${m}].primitives[${p}]`, tables, s);
    }
  }
  if (s.primitives === 0) {
    s.problems.push('no mesh primitive');
  }
  if (tables.length === 0) {
    s.features = legacyFeatureCount(content, gltf);
  }
  return s;
}

// summarizePoints checks a legacy point cloud: decoded positions for every
// point.
function summarizePoints(content, s) {
  const n = content.pointsLength ?? 0;
  s.vertices = n;
  s.features = content.featuresLength ?? 0;
  const pos = content.attributes?.positions; // a typed array, or {value} when quantized
  const values = ArrayBuffer.isView(pos) ? pos : pos?.value;
  if (!(n > 0) || !(values?.length >= n * 3)) {
    s.problems.push(`pnts: no decoded positions for ${n} points`);
  }
  return s;
}

function checkPrimitive(prim, where, tables, s) {
  s.primitives++;
  const pos = prim.attributes?.POSITION;
  if (!pos || !(pos.count > 0) || !pos.value || pos.value.length < pos.count * 3) {
    s.problems.push(`${where}: no decoded POSITION`);
    return;
  }
  s.vertices += pos.count;
  if ((prim.mode ?? TRIANGLES) === TRIANGLES) {
    s.triangles += Math.floor((prim.indices?.count ?? pos.count) / 3);
  }
  const sets = prim.extensions?.EXT_mesh_features?.featureIds ?? [];
  for (const [i, set] of sets.entries()) {
    checkFeatureIds(set, pos.count, `${where} EXT_mesh_features.featureIds[${i}]`, tables, s);
  }
}

// checkFeatureIds applies the rules of the 3D Tiles validator: at most
// featureCount distinct ids (not counting nullFeatureId), and with a
// property table every id a row of it.
function checkFeatureIds(set, vertexCount, where, tables, s) {
  const table = set.propertyTable === undefined ? undefined : tables[set.propertyTable];
  if (set.propertyTable !== undefined && !table) {
    s.problems.push(`${where}: propertyTable ${set.propertyTable} of ${tables.length}`);
  }
  if (set.attribute === undefined) {
    return; // implicit ids (vertex index) or a texture: nothing decoded to check
  }
  const ids = set.data;
  if (!ids || ids.length !== vertexCount) {
    s.problems.push(`${where}: ${ids?.length ?? 0} feature ids for ${vertexCount} vertices`);
    return;
  }
  const distinct = new Set(ids);
  distinct.delete(set.nullFeatureId);
  if (distinct.size > set.featureCount) {
    s.problems.push(`${where}: ${distinct.size} distinct feature ids, featureCount ${set.featureCount}`);
  }
  for (const id of distinct) {
    if (table && !(id >= 0 && id < table.count)) {
      s.problems.push(`${where}: feature id ${id} outside property table of ${table.count} rows`);
      return;
    }
  }
}

function checkTables(tables, s) {
  for (const [t, table] of tables.entries()) {
    s.features += table.count ?? 0;
    for (const [name, prop] of Object.entries(table.properties ?? {})) {
      const n = prop.data?.length ?? Object.keys(prop.data ?? {}).length;
      if (n !== table.count) {
        s.problems.push(`propertyTables[${t}].${name}: ${n} values for ${table.count} rows`);
      }
    }
    if (s.sampleFeature === null && table.count > 0) {
      s.sampleFeature = { class: table.class };
      for (const [name, prop] of Object.entries(table.properties ?? {})) {
        s.sampleFeature[name] = jsonValue(prop.data?.[0]);
      }
    }
  }
}

// legacyFeatureCount is the batch length of a b3dm/i3dm, or the largest
// EXT_mesh_features featureCount of a glTF without property tables.
function legacyFeatureCount(content, gltf) {
  const batch = content.featureTableJson?.BATCH_LENGTH ?? content.featureTableJson?.INSTANCES_LENGTH;
  if (Number.isInteger(batch)) {
    return batch;
  }
  let n = 0;
  for (const mesh of gltf.meshes ?? []) {
    for (const prim of mesh.primitives ?? []) {
      for (const set of prim.extensions?.EXT_mesh_features?.featureIds ?? []) {
        n = Math.max(n, set.featureCount ?? 0);
      }
    }
  }
  return n;
}

function jsonValue(v) {
  if (typeof v === 'bigint') return v.toString();
  if (ArrayBuffer.isView(v)) return Array.from(v, (x) => (typeof x === 'bigint' ? x.toString() : x));
  return v ?? null;
}
