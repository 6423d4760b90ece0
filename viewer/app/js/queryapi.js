// queryapi.js — the planning queries of the server (POST
// /api/v1/query/{name}, same origin): the request bodies built from a
// drawn geometry and the panel's options, and the calls. A refused query
// throws a QueryError carrying the server's own message.

const BASE = '/api/v1/query/';

/** A query the server refused or that failed on the way; message is the server's. */
export class QueryError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'QueryError';
    this.status = status;
  }
}

async function post(name, body, { svg = false, signal } = {}) {
  let resp;
  try {
    resp = await fetch(BASE + name + (svg ? '?format=svg' : ''), {
      method: 'POST', signal,
      headers: { 'Content-Type': 'application/json', Accept: svg ? 'image/svg+xml' : 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new QueryError(0, err.message);
  }
  if (!resp.ok) {
    let msg = `${resp.status} ${resp.statusText}`;
    try {
      const j = await resp.json();
      if (j?.error) msg = String(j.error);
    } catch {
      // not JSON: keep the status line
    }
    throw new QueryError(resp.status, msg);
  }
  return svg ? resp.text() : resp.json();
}

/** Runs query name with a JSON body; resolves to the JSON answer. */
export function runQuery(name, body, signal) {
  return post(name, body, { signal });
}

/** Runs the section query for its SVG drawing (text). */
export function sectionSVG(body, signal) {
  return post('section', body, { svg: true, signal });
}

const positions = (g) => (g.type === 'Polygon' ? g.coordinates[0] : g.type === 'LineString' ? g.coordinates : [g.coordinates]);

/**
 * The request body of query kind ('area', 'stats', 'proximity', 'clash',
 * 'section') for GeoJSON geometry g and the options o of the panel.
 */
export function requestOf(kind, g, o) {
  switch (kind) {
    case 'area':
      return { geometry: g, ...(o.layer ? { layers: [o.layer] } : {}), limit: 1000 };
    case 'stats':
      return { geometry: g };
    case 'proximity':
      return { geometry: g, distance_m: o.distance, probe_depth_m: o.probeDepth, limit: 1000 };
    case 'clash':
      if (g.type === 'Polygon') {
        return { excavation: { polygon: g.coordinates, top_depth_m: o.top, bottom_depth_m: o.bottom }, limit: 1000 };
      }
      return {
        pipe: { network: o.network, centreline: positions(g), depth_m: positions(g).map(() => o.depth), diameter_mm: o.diameter },
        limit: 1000,
      };
    case 'section':
      return { line: positions(g), half_width_m: o.halfWidth };
    default:
      throw new Error(`unknown query ${kind}`);
  }
}

/** The geometry types query kind takes. */
export const GEOMETRIES = {
  area: ['Polygon'],
  stats: ['Polygon'],
  proximity: ['Point', 'LineString', 'Polygon'],
  clash: ['LineString', 'Polygon'],
  section: ['LineString'],
};
