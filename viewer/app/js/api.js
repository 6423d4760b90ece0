// api.js — the viewer's calls to the CityTwin server (same origin only):
// the scene description, one feature, and features in a bounding box. The
// scene is normalised into one shape here, defensively: when /api/v1/scene
// is missing or partial, it is completed from the root tileset.

const ROOT_TILESET = '/tiles/tileset.json';

/** Fetches url and decodes its JSON; throws an Error naming the status. */
export async function getJSON(url, signal) {
  const resp = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  if (!resp.ok) {
    let msg = `${resp.status} ${resp.statusText}`;
    try {
      const body = await resp.json();
      if (body?.error) msg = `${resp.status}: ${body.error}`;
    } catch {
      // not JSON: keep the status line
    }
    throw new Error(msg);
  }
  return resp.json();
}

/** Returns the feature (a GeoJSON Feature, or the server's JSON) with this id. */
export function fetchFeature(id, signal) {
  return getJSON(`/api/v1/features/${encodeURIComponent(id)}`, signal);
}

/** Returns the features of layer in bbox [w, s, e, n] (GeoJSON features). */
export async function searchFeatures({ layer, kind, bbox, limit }, signal) {
  const q = new URLSearchParams();
  if (layer) q.set('layer', layer);
  if (kind) q.set('kind', kind);
  if (bbox) q.set('bbox', bbox.map((v) => v.toFixed(7)).join(','));
  if (limit) q.set('limit', String(limit));
  const fc = await getJSON(`/api/v1/features?${q}`, signal);
  return Array.isArray(fc?.features) ? fc.features : [];
}

/** Loads the scene: /api/v1/scene, completed from the root tileset. */
export async function loadScene() {
  let raw = {};
  try {
    raw = await getJSON('/api/v1/scene');
  } catch (err) {
    raw = { error: err.message };
  }
  let root = null;
  if (!Array.isArray(raw.layers) || !extentOf(raw)) {
    root = await getJSON(raw.tileset || raw.root_tileset || ROOT_TILESET);
  }
  return normalizeScene(raw, root);
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const first = (o, ...keys) => {
  for (const k of keys) if (o && o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
};

/** Reads an extent {west, south, east, north} (degrees) from the many shapes a server might send. */
export function extentOf(raw) {
  const e = first(raw, 'extent', 'bbox', 'bounds');
  if (Array.isArray(e) && e.length >= 4) {
    const [w, s, east, n] = e.length >= 6 ? [e[0], e[1], e[3], e[4]] : e;
    return valid({ west: w, south: s, east, north: n });
  }
  if (e && Array.isArray(e.min) && Array.isArray(e.max)) {
    return valid({ west: e.min[0], south: e.min[1], east: e.max[0], north: e.max[1], minHeight: num(e.min[2]), maxHeight: num(e.max[2]) });
  }
  if (e && typeof e === 'object') {
    return valid({
      west: num(first(e, 'west', 'min_lon', 'minlon', 'minLon', 'lon_min')),
      south: num(first(e, 'south', 'min_lat', 'minlat', 'minLat', 'lat_min')),
      east: num(first(e, 'east', 'max_lon', 'maxlon', 'maxLon', 'lon_max')),
      north: num(first(e, 'north', 'max_lat', 'maxlat', 'maxLat', 'lat_max')),
      minHeight: num(first(e, 'min_height', 'min_h', 'minHeight', 'min_z')),
      maxHeight: num(first(e, 'max_height', 'max_h', 'maxHeight', 'max_z')),
    });
  }
  return null;
}

function valid(e) {
  const ok = [e.west, e.south, e.east, e.north].every((v) => typeof v === 'number' && Number.isFinite(v));
  return ok && e.east >= e.west && e.north >= e.south ? e : null;
}

const DEG = 180 / Math.PI;

/** Builds the scene from the root tileset alone (layer children with extras.layer). */
function fromRoot(root) {
  const children = root?.root?.children ?? [];
  const layers = [];
  let ground;
  for (const c of children) {
    const name = c.extras?.layer;
    const uri = c.content?.uri;
    if (!name || !uri) continue;
    layers.push({ name, tileset: new URL(uri, location.origin + ROOT_TILESET).pathname });
    const r = c.boundingVolume?.region;
    if (r && name !== 'buildings') ground = Math.max(ground ?? -Infinity, r[5]);
  }
  const r = root?.root?.boundingVolume?.region;
  const extent = r ? { west: r[0] * DEG, south: r[1] * DEG, east: r[2] * DEG, north: r[3] * DEG, minHeight: r[4], maxHeight: r[5] } : null;
  return { layers, extent, ground: ground ?? extent?.minHeight ?? 0 };
}

/** Normalises a layer entry of /api/v1/scene. */
function normalizeLayer(l) {
  const name = String(first(l, 'name', 'layer', 'id') ?? '');
  const counts = first(l, 'counts', 'count', 'features');
  let count;
  if (typeof counts === 'number') count = counts;
  else if (counts && typeof counts === 'object') {
    count = num(first(counts, 'features', 'total', 'feature_count'));
    if (count === undefined) {
      const vals = Object.values(counts).filter((v) => typeof v === 'number');
      if (vals.length) count = vals.reduce((a, b) => a + b, 0);
    }
  }
  const kind = first(l, 'kind', 'type') ?? (name === 'buildings' ? 'building' : 'utility');
  const url = first(l, 'tileset', 'tileset_url', 'tilesetUrl', 'url');
  return {
    name,
    kind: kind === 'buildings' ? 'building' : kind === 'utilities' ? 'utility' : String(kind),
    network: first(l, 'network') ?? (kind === 'building' ? '' : name),
    // null: the layer has no tiles (yet)
    tileset: url === undefined ? `/tiles/layers/${encodeURIComponent(name)}/tileset.json` : orNull(url),
    count,
  };
}

function orNull(url) {
  return typeof url === 'string' && url !== '' ? url : null;
}

/** Reads the home camera (degrees, metres) if the server sent one. */
function homeOf(raw) {
  const h = first(raw, 'home', 'home_camera', 'camera');
  if (!h || typeof h !== 'object') return null;
  const pos = first(h, 'position', 'destination') ?? h;
  const lon = num(first(pos, 'lon', 'longitude', 'lon_deg'));
  const lat = num(first(pos, 'lat', 'latitude', 'lat_deg'));
  const height = num(first(pos, 'height', 'height_m', 'alt', 'altitude', 'h'));
  if (lon === undefined || lat === undefined || height === undefined) return null;
  return {
    lon, lat, height,
    heading: num(first(h, 'heading', 'heading_deg')) ?? 0,
    pitch: num(first(h, 'pitch', 'pitch_deg')) ?? -45,
    roll: num(first(h, 'roll', 'roll_deg')) ?? 0,
  };
}

/** Combines /api/v1/scene (raw) and the root tileset (root, optional) into one scene. */
export function normalizeScene(raw, root) {
  const fb = root ? fromRoot(root) : { layers: [], extent: null, ground: undefined };
  const layers = Array.isArray(raw.layers) ? raw.layers.map(normalizeLayer).filter((l) => l.name) : fb.layers.map(normalizeLayer);
  const extent = extentOf(raw) ?? fb.extent;
  const ground = num(first(raw, 'ground_m', 'groundM', 'ground')) ?? fb.ground ?? extent?.minHeight ?? 0;
  return {
    layers,
    extent,
    groundM: ground,
    home: homeOf(raw),
    synthetic: Boolean(first(raw, 'synthetic', 'is_synthetic')),
    tileset: first(raw, 'tileset', 'root_tileset', 'tileset_url') ?? ROOT_TILESET,
    warning: raw.error,
  };
}
