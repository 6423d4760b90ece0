// three-summary.mjs — what 3DTilesRendererJS made of one tile content:
// the three.js meshes of the parsed glTF, their EXT_mesh_features feature
// ids (mesh.userData.meshFeatures, set by GLTFMeshFeaturesExtension) and
// the property table rows those ids point at, read through
// EXT_structural_metadata (mesh.userData.structuralMetadata, set by
// GLTFStructuralMetadataExtension). Used by three-load.mjs.

const SAMPLE_IDS = 3;
const MAX_PROBLEMS = 10; // per content; the rest are counted

/**
 * Summarizes the meshes of a loaded tile scene.
 * @param {import('three').Object3D} scene
 * @returns {{meshes: number, vertices: number, meshesWithFeatures: number,
 *   meshesWithMetadata: number, features: number, idsRead: number,
 *   sampleIds: string[], sampleFeature: object|null, problems: string[]}}
 */
export function summarizeScene(scene) {
  const out = {
    meshes: 0,
    vertices: 0,
    meshesWithFeatures: 0,
    meshesWithMetadata: 0,
    features: 0,
    idsRead: 0,
    sampleIds: [],
    sampleFeature: null,
    problems: [],
  };
  scene.traverse((obj) => {
    if (obj.isMesh) {
      summarizeMesh(obj, out);
    }
  });
  if (out.meshes === 0) {
    out.problems.push('no mesh');
  }
  if (out.problems.length > MAX_PROBLEMS) {
    const more = out.problems.length - MAX_PROBLEMS;
    out.problems.length = MAX_PROBLEMS;
    out.problems.push(`… and ${more} more problems`);
  }
  return out;
}

function summarizeMesh(mesh, out) {
  out.meshes++;
  const name = mesh.name || `mesh ${out.meshes - 1}`;
  const position = mesh.geometry?.getAttribute('position');
  if (!position || position.count === 0) {
    out.problems.push(`${name}: no POSITION`);
    return;
  }
  out.vertices += position.count;
  const features = mesh.userData.meshFeatures;
  const metadata = mesh.userData.structuralMetadata;
  if (!features) {
    out.problems.push(`${name}: no EXT_mesh_features feature ids`);
  } else {
    out.meshesWithFeatures++;
  }
  if (!metadata) {
    out.problems.push(`${name}: no EXT_structural_metadata`);
  } else {
    out.meshesWithMetadata++;
  }
  if (features && metadata) {
    readFeatures(mesh, name, features, metadata, out);
  }
}

// readFeatures collects the distinct feature ids of every attribute-based
// feature id set of the mesh and reads the `id` property of each one from
// its property table.
function readFeatures(mesh, name, features, metadata, out) {
  for (const info of features.getFeatureInfo()) {
    if (info.attribute === undefined) {
      out.problems.push(`${name}: feature ids not in a vertex attribute`);
      continue;
    }
    const attr = mesh.geometry.getAttribute(`_feature_id_${info.attribute}`);
    if (!attr) {
      out.problems.push(`${name}: no _FEATURE_ID_${info.attribute} attribute`);
      continue;
    }
    const ids = new Set();
    for (let i = 0; i < attr.count; i++) {
      const v = attr.getX(i);
      if (v !== info.nullFeatureId) {
        ids.add(v);
      }
    }
    out.features += ids.size;
    if (info.propertyTable === null) {
      out.problems.push(`${name}: feature ids without a property table`);
      continue;
    }
    for (const fid of ids) {
      readRow(name, metadata, info.propertyTable, fid, out);
    }
  }
}

function readRow(name, metadata, table, fid, out) {
  let row;
  try {
    row = metadata.getPropertyTableData(table, fid);
  } catch (err) {
    out.problems.push(`${name}: feature ${fid}: ${err.message}`);
    return;
  }
  const id = row?.id;
  if (typeof id !== 'string' || id === '') {
    out.problems.push(`${name}: feature ${fid} of table ${table}: no id property`);
    return;
  }
  out.idsRead++;
  if (out.sampleIds.length < SAMPLE_IDS) {
    out.sampleIds.push(id);
  }
  if (out.sampleFeature === null) {
    out.sampleFeature = plain(row);
  }
}

// plain turns a property table row into JSON-friendly values (typed
// arrays to arrays, BigInt to strings).
function plain(row) {
  const out = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'bigint') out[k] = String(v);
    else if (ArrayBuffer.isView(v)) out[k] = Array.from(v, (x) => (typeof x === 'bigint' ? String(x) : x));
    else out[k] = v;
  }
  return out;
}
