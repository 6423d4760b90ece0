// picking.js — selection: a click on a tile feature highlights it
// (feature.color), shows every property of its tile metadata at once, then
// the details the server has for its id (/api/v1/features/{id}). A click on
// empty space clears the selection.

import { t, has, fmt, propLabel, layerName, onLangChange } from './i18n.js';
import { el } from './ui.js';
import { fetchFeature } from './api.js';
import { HIGHLIGHT_CSS, HIGHLIGHT_BUILDING_CSS } from './colours.js';

const { Cesium } = window;

// Properties shown first, in this order; the rest follow alphabetically.
const ORDER = ['id', 'kind', 'network', 'use', 'address', 'height_m', 'floors', 'year', 'diameter_mm', 'material', 'depth_m', 'status'];
// Details that are geometry, not attributes.
const SKIP_DETAILS = new Set(['geometry', 'footprint', 'centreline', 'position', 'rings', 'polygons', 'surfaces', 'mesh', 'bbox']);

export class Picking {
  constructor(viewer, layers, ground) {
    this.viewer = viewer;
    this.layers = layers;
    this.ground = ground;
    this.current = null; // {feature, saved colour, id, props, details, error, layer}
    this.abort = null;
    this.actions = null; // (selection) => elements offered for it (trace.js)
    onLangChange(() => this.render());
    this.render();
  }

  /** Sets fn(selection) giving the buttons shown under the selection's id. */
  setActions(fn) {
    this.actions = fn;
    this.render();
  }

  /** Handles a click at window position pos. */
  click(pos) {
    const picked = this.ground.pickThrough(() => this.viewer.scene.pick(pos));
    if (picked instanceof Cesium.Cesium3DTileFeature) this.select(picked);
    else if (picked?.primitive instanceof Cesium.Label && typeof picked.id === 'string') this.selectId(picked.id);
    else this.clear();
  }

  /** Selects a feature by id alone (a depth label): details from the server, no highlight. */
  selectId(id) {
    this.clear();
    this.current = { feature: null, saved: null, id, props: { id }, details: null, error: null, loading: true, layer: '', kind: '' };
    this.render();
    this.loadDetails(this.current);
  }

  select(feature) {
    this.clear();
    const props = {};
    for (const id of feature.getPropertyIds()) props[id] = feature.getProperty(id);
    const entry = this.layers.entryOfTileset(feature.tileset);
    const layer = entry?.name ?? '';
    this.current = { feature, saved: Cesium.Color.clone(feature.color), id: props.id, props, details: null, error: null, loading: Boolean(props.id), layer, kind: entry?.kind };
    this.highlight();
    this.render();
    if (props.id) this.loadDetails(this.current);
  }

  highlight() {
    const c = this.current;
    if (!c?.feature) return;
    try {
      c.feature.color = Cesium.Color.fromCssColorString(c.kind === 'building' ? HIGHLIGHT_BUILDING_CSS : HIGHLIGHT_CSS);
    } catch {
      // the tile was unloaded meanwhile
    }
    this.viewer.scene.requestRender();
  }

  /** Re-applies the highlight after a style was (re)applied to the tiles. */
  rehighlight(restyled) {
    const c = this.current;
    if (!c?.feature) return;
    if (restyled) c.saved = null;
    const remove = this.viewer.scene.postRender.addEventListener(() => {
      remove();
      if (this.current !== c) return;
      if (!c.saved) c.saved = Cesium.Color.clone(c.feature.color);
      this.highlight();
    });
    this.viewer.scene.requestRender();
  }

  async loadDetails(c) {
    this.abort?.abort();
    this.abort = new AbortController();
    try {
      const json = await fetchFeature(c.id, this.abort.signal);
      c.details = detailsOf(json);
      if (!c.feature) {
        c.layer = String(c.details.layer ?? '');
        c.props.kind = c.details.kind;
      }
    } catch (err) {
      if (err.name === 'AbortError') return;
      c.error = err.message;
    }
    c.loading = false;
    if (this.current === c) this.render();
  }

  clear() {
    this.abort?.abort();
    const c = this.current;
    this.current = null;
    if (c?.feature) {
      try {
        c.feature.color = c.saved ?? Cesium.Color.WHITE;
      } catch {
        // the tile was unloaded meanwhile
      }
      this.viewer.scene.requestRender();
    }
    this.render();
  }

  /** What the info panel shows (for the tests). */
  selected() {
    const c = this.current;
    if (!c) return null;
    let color = null;
    try {
      color = c.feature?.color.toCssHexString() ?? null;
    } catch {
      // the tile was unloaded
    }
    return { id: c.id, layer: c.layer, color, properties: c.props, details: c.details, error: c.error, loading: c.loading, text: document.getElementById('info').innerText };
  }

  render() {
    const box = document.getElementById('info');
    const c = this.current;
    if (!c) {
      box.replaceChildren(el('p', { class: 'hint', text: t('info.empty') }));
      return;
    }
    const k = c.props.kind ?? c.kind;
    const kind = has(`kind.${k}`) ? `kind.${k}` : 'kind.feature';
    const parts = [
      el('div', { class: 'info-head' },
        el('span', { class: 'info-kind', text: `${t(kind)} · ${layerName(c.layer)}` }),
        el('button', { class: 'close', type: 'button', title: t('info.clear'), 'aria-label': t('info.clear'), text: '×', onclick: () => this.clear() })),
      el('div', { class: 'info-id', text: c.id ?? '' }),
    ];
    if (this.actions) parts.push(...this.actions(c));
    if (c.feature) parts.push(el('h4', { text: t('info.tile') }), table(c.props));
    parts.push(el('h4', { text: t('info.details') }));
    if (c.loading) parts.push(el('p', { class: 'hint', text: t('info.loading') }));
    else if (c.error) parts.push(el('p', { class: 'error', text: t('info.failed', { error: c.error }) }));
    else if (c.details) parts.push(table(c.feature ? extraDetails(c.details, c.props) : c.details));
    box.replaceChildren(...parts);
  }
}

// detailsOf flattens the server's answer: a GeoJSON Feature (properties)
// or {kind, layer, feature: {...}}; nested objects become dotted names.
function detailsOf(json) {
  const src = json?.type === 'Feature' ? { ...(json.properties ?? {}), id: json.id ?? json.properties?.id } : (json?.feature ?? json ?? {});
  const out = {};
  const walk = (obj, prefix) => {
    for (const [k, v] of Object.entries(obj)) {
      if (SKIP_DETAILS.has(k)) continue;
      if (v && typeof v === 'object' && !Array.isArray(v)) walk(v, `${prefix}${k}.`);
      else if (v !== undefined && v !== null && v !== '') out[prefix + k] = v;
    }
  };
  walk(src, '');
  return out;
}

// extraDetails keeps the details that add to or differ from the tile's properties.
function extraDetails(details, props) {
  const out = {};
  for (const [k, v] of Object.entries(details)) {
    const short = k.replace(/^(attributes|properties)\./, '');
    if (props[short] !== undefined && String(props[short]) === String(v)) continue;
    out[k] = v;
  }
  return out;
}

function table(obj) {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && obj[k] !== null && obj[k] !== '');
  keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return el('table', { class: 'props' },
    el('tbody', {}, keys.map((k) => el('tr', {}, el('th', { text: propLabel(k), title: k }), el('td', { text: value(obj[k]) })))));
}

function rank(k) {
  const i = ORDER.indexOf(k);
  return i < 0 ? ORDER.length : i;
}

function value(v) {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1000 && Math.abs(v) < 3000 ? String(v) : fmt(v, 2);
  if (typeof v === 'boolean') return t(v ? 'value.yes' : 'value.no');
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(value).join(', ');
  if (v && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
