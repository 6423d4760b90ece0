// resultviews.js — what the results panel shows for each planning query:
// summary lines, legend, table columns and rows, and the ids to highlight
// in 3D (groups) and the positions to mark. Built from the server's answer
// each time it is drawn, so that a language switch redraws it.

import { t, fmt, layerName } from './i18n.js';
import { QUERY_CSS } from './colours.js';

export const MAX_ROWS = 1000;

const m = (v, d = 2) => (typeof v === 'number' && Number.isFinite(v) ? fmt(v, d) : t('value.none'));
const kindText = (k) => t(`kind.${k}`);

/** The view of query kind's answer res: {summary, legend, columns, rows, total, groups, markers, stats}. */
export function viewOf(kind, res) {
  const build = { area, proximity, stats, clash, section, trace }[kind];
  if (!build) throw new Error(`unknown result ${kind}`);
  const v = build(res);
  v.total ??= v.rows.length;
  v.rows = v.rows.slice(0, MAX_ROWS);
  return v;
}

function area(res) {
  const feats = res.features ?? [];
  const byLayer = Object.entries(res.by_layer ?? {}).map(([l, n]) => `${layerName(l)} ${fmt(n, 0)}`).join(' · ');
  return {
    summary: [t('res.area', { n: fmt(res.total ?? feats.length, 0), a: fmt(res.area_m2 ?? 0, 0) }), byLayer, res.truncated ? t('res.truncated', { n: fmt(feats.length, 0) }) : ''],
    legend: [{ css: QUERY_CSS.result, label: t('res.legend.result'), count: feats.length }],
    columns: ['id', 'layer', 'kind'],
    rows: feats.map((f) => ({ id: f.id, cells: { id: f.id, layer: layerName(f.layer), kind: kindText(f.kind) } })),
    total: res.total,
    groups: [{ name: 'result', css: QUERY_CSS.result, ids: feats.map((f) => f.id) }],
    markers: [],
  };
}

function proximity(res) {
  const list = res.results ?? [];
  const p = res.probe ?? {};
  return {
    summary: [
      t('res.proximity', { n: fmt(res.total ?? list.length, 0), d: m(res.distance_m, 1) }),
      p.ground_m !== undefined ? t('res.probe', { g: m(p.ground_m), d: m(p.depth_m ?? 0) }) : '',
      res.truncated ? t('res.truncated', { n: fmt(list.length, 0) }) : '',
    ],
    legend: [{ css: QUERY_CSS.result, label: t('res.legend.result'), count: list.length }],
    columns: ['id', 'layer', 'distance', 'horizontal', 'vertical'],
    rows: list.map((r) => ({
      id: r.id, at: r.closest,
      cells: { id: r.id, layer: layerName(r.layer), distance: m(r.surface_distance_m), horizontal: m(r.horizontal_m), vertical: m(r.vertical_m) },
    })),
    total: res.total,
    groups: [{ name: 'result', css: QUERY_CSS.result, ids: list.map((r) => r.id) }],
    markers: [],
  };
}

function stats(res) {
  const b = res.buildings ?? {};
  const u = res.utilities ?? {};
  return {
    summary: [t('res.stats', { a: fmt(res.area_m2 ?? 0, 0) })],
    legend: [],
    columns: [],
    rows: [],
    groups: [],
    markers: [],
    stats: {
      buildings: [
        [t('stats.count'), fmt(b.count ?? 0, 0)],
        [t('stats.footprint'), fmt(b.footprint_area_m2 ?? 0, 0)],
        [t('stats.volume'), fmt(b.gross_volume_m3 ?? 0, 0)],
      ],
      histogram: (b.height_histogram ?? []).map((h) => ({ label: binLabel(h), count: h.count })),
      utilities: [
        [t('stats.segments'), fmt(u.segments ?? 0, 0)],
        [t('stats.length'), fmt(u.length_m ?? 0, 0)],
        [t('stats.nodes'), fmt(u.nodes ?? 0, 0)],
      ],
      lengths: [
        ['stats.byNetwork', named(u.length_by_network_m, layerName)],
        ['stats.byMaterial', named(u.length_by_material_m, unknownOr)],
        ['stats.byDecade', named(u.length_by_decade_m, unknownOr)],
      ],
    },
  };
}

function binLabel(h) {
  if (h.min_m === null || h.min_m === undefined) return t('stats.below', { h: fmt(h.max_m, 0) });
  if (h.max_m === null || h.max_m === undefined) return t('stats.above', { h: fmt(h.min_m, 0) });
  return t('stats.bin', { a: fmt(h.min_m, 0), b: fmt(h.max_m, 0) });
}

const unknownOr = (k) => (k === 'unknown' ? t('legend.unknown') : k);

// named lists the non-zero entries of {name: metres}, longest first.
function named(obj, label) {
  return Object.entries(obj ?? {}).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).map(([k, v]) => [label(k), fmt(v, 0)]);
}

function clash(res) {
  const list = res.conflicts ?? [];
  const ids = (kind) => list.filter((c) => c.kind === kind).map((c) => c.feature_id);
  const nClash = ids('clash').length;
  return {
    summary: [
      t('res.clash', { n: fmt(list.length, 0), c: fmt(nClash, 0), r: fmt(list.length - nClash, 0), k: fmt(res.candidates ?? 0, 0) }),
      res.tie_ins?.length ? t('res.tieIns', { ids: res.tie_ins.join(', ') }) : '',
      res.truncated ? t('res.truncated', { n: fmt(list.length, 0) }) : '',
    ],
    legend: [
      { css: QUERY_CSS.clash, label: t('res.legend.clash'), count: nClash },
      { css: QUERY_CSS.clearance, label: t('res.legend.clearance'), count: list.length - nClash },
    ],
    columns: ['id', 'proposal', 'conflict', 'distance', 'required'],
    rows: list.map((c) => ({
      id: c.feature_id, at: c.location,
      cells: {
        id: c.feature_id, proposal: c.proposal_id, conflict: t(`res.kind.${c.kind === 'clash' ? 'clash' : 'clearance'}`),
        distance: m(c.distance_m), required: t('res.required', { h: m(c.required?.horizontal_m), v: m(c.required?.vertical_m) }),
      },
    })),
    groups: [
      { name: 'clearance', css: QUERY_CSS.clearance, ids: ids('clearance') },
      { name: 'clash', css: QUERY_CSS.clash, ids: ids('clash') },
    ],
    markers: list.map((c) => ({ id: c.feature_id, position: c.location, css: c.kind === 'clash' ? QUERY_CSS.clash : QUERY_CSS.clearance })),
  };
}

function size(f) {
  if (f.diameter_mm) return t('label.diameter', { d: fmt(f.diameter_mm, 0) });
  if (f.width_mm && f.height_mm) return t('label.box', { w: fmt(f.width_mm, 0), h: fmt(f.height_mm, 0) });
  return '';
}

function section(res) {
  const cross = res.crossings ?? [];
  const along = res.along ?? [];
  const blds = res.buildings ?? [];
  const rows = [
    ...cross.map((c) => ({ id: c.feature_id, at: c.location, cells: { id: c.feature_id, network: layerName(c.network), station: m(c.station_m, 1), depth: m(c.depth_m), size: size(c) } })),
    ...along.map((a) => ({ id: a.feature_id, cells: { id: a.feature_id, network: layerName(a.network), station: t('res.span', { a: m(a.from_m, 1), b: m(a.to_m, 1) }), depth: m(a.depth_m), size: size(a) } })),
    ...blds.map((b) => ({ id: b.feature_id, cells: { id: b.feature_id, network: t('net.buildings'), station: (b.spans ?? []).map(([a, c]) => t('res.span', { a: m(a, 1), b: m(c, 1) })).join(', '), depth: '', size: t('res.height', { h: m(b.height_m, 1) }) } })),
  ];
  return {
    summary: [t('res.section', { l: m(res.length_m, 1), c: fmt(cross.length, 0), a: fmt(along.length, 0), b: fmt(blds.length, 0) }), res.truncated ? t('res.truncated', { n: fmt(rows.length, 0) }) : ''],
    legend: [{ css: QUERY_CSS.result, label: t('res.legend.section'), count: rows.length }],
    columns: ['id', 'network', 'station', 'depth', 'size'],
    rows,
    groups: [{ name: 'result', css: QUERY_CSS.result, ids: rows.map((r) => r.id) }],
    markers: [],
  };
}

function trace(res) {
  const iso = res.kind === 'isolate';
  const valves = res.valves ?? [];
  const reached = [...(res.segments ?? []), ...(res.nodes ?? [])];
  const cut = [...(res.cut_segments ?? []), ...(res.cut_nodes ?? []), ...(iso ? (res.buildings ?? []) : [])];
  const c = res.counts ?? {};
  const role = (key) => (id) => ({ id, cells: { id, role: t(key) } });
  const main = iso ? 'isolated' : 'result';
  const legend = [
    { css: QUERY_CSS.valve, label: t(iso ? 'res.legend.valves' : 'res.legend.stops'), count: c.valves ?? valves.length },
    { css: QUERY_CSS[main], label: t(iso ? 'res.legend.isolated' : 'res.legend.reached'), count: (c.segments ?? 0) + (c.nodes ?? 0) },
  ];
  if (iso) legend.push({ css: QUERY_CSS.cut, label: t('res.legend.cut'), count: (c.cut_segments ?? 0) + (c.cut_nodes ?? 0) + (c.buildings ?? 0) });
  const rows = [
    ...valves.map((v) => ({ ...role(iso ? 'res.role.valve' : 'res.role.stop')(v.id), at: v.position })),
    ...reached.map(role(iso ? 'res.role.isolated' : 'res.role.reached')),
    ...cut.map(role('res.role.cut')),
    ...(iso ? [] : (res.buildings ?? []).map(role('res.role.building'))),
  ];
  return {
    summary: [
      t('res.trace', { kind: t(`trace.${res.kind}`), start: res.start, network: layerName(res.network) }),
      t('res.traceLength', { s: fmt(c.segments ?? 0, 0), l: m(res.length_m, 0), b: fmt(c.buildings ?? 0, 0) }),
      ...(res.notes ?? []),
      res.truncated ? t('res.truncated', { n: fmt(rows.length, 0) }) : '',
    ],
    legend,
    columns: ['id', 'role'],
    rows,
    groups: [
      { name: main, css: QUERY_CSS[main], ids: iso ? reached : [...reached, ...(res.buildings ?? [])] },
      { name: 'cut', css: QUERY_CSS.cut, ids: cut },
      { name: 'valve', css: QUERY_CSS.valve, ids: valves.map((v) => v.id) },
    ],
    markers: valves.map((v) => ({ id: v.id, position: v.position, css: QUERY_CSS.valve, size: 13 })),
  };
}
