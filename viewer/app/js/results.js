// results.js — the Results panel: what a planning query or a trace found
// (summary, legend with counts, the statistics of an area, a table of the
// features), highlighted in 3D through the Highlighter. A click on a row
// flies to the feature and selects it, as a click on it in 3D would.

import { t, fmt, onLangChange } from './i18n.js';
import { el } from './ui.js';
import { fetchFeature } from './api.js';
import { viewOf } from './resultviews.js';
import { lookingAt, goTo, currentView } from './scene.js';

const FLY_S = 1.2;

export class Results {
  constructor(viewer, highlighter, picking) {
    this.viewer = viewer;
    this.highlighter = highlighter;
    this.picking = picking;
    this.panel = document.getElementById('panel-results');
    this.box = document.getElementById('results');
    this.current = null; // {kind, res}
    this.status = null; // {key, params, error}
    this.view = null;
    onLangChange(() => this.render());
  }

  /** Shows a query's answer and highlights its features. */
  show(kind, res) {
    this.current = { kind, res };
    this.status = null;
    this.view = viewOf(kind, res);
    this.highlighter.show(this.view.groups, this.view.markers);
    this.render();
    return this.view;
  }

  /** Shows a running query (key: an i18n text) or a failure (error: the server's message). */
  setStatus(key, params = {}) {
    this.status = { key, params };
    this.render();
  }

  clear() {
    this.current = null;
    this.view = null;
    this.status = null;
    this.highlighter.clear();
    this.render();
  }

  render() {
    this.panel.hidden = !this.current && !this.status;
    if (this.current) this.view = viewOf(this.current.kind, this.current.res);
    const parts = [];
    if (this.status) parts.push(el('p', { class: this.status.params.error ? 'error' : 'hint', text: t(this.status.key, this.status.params) }));
    const v = this.view;
    if (v && this.current) {
      parts.push(el('div', { class: 'res-head' },
        el('span', { class: 'res-kind', text: t(`query.${this.current.kind}`) }),
        el('button', { class: 'close', type: 'button', title: t('res.clear'), 'aria-label': t('res.clear'), text: '×', 'data-action': 'clear-results', onclick: () => this.clear() })));
      for (const line of v.summary.filter(Boolean)) parts.push(el('p', { class: 'res-line', text: line }));
      if (v.legend.length) parts.push(legend(v.legend));
      if (v.stats) parts.push(statsBlock(v.stats));
      if (v.rows.length) parts.push(this.table(v));
      if (v.total > v.rows.length) parts.push(el('p', { class: 'hint', text: t('res.more', { n: fmt(v.rows.length, 0), total: fmt(v.total, 0) }) }));
    }
    this.box.replaceChildren(...parts);
  }

  table(v) {
    const head = el('tr', {}, v.columns.map((c) => el('th', { text: t(`col.${c}`) })));
    const body = v.rows.map((r) => el('tr', {
      'data-id': r.id, tabindex: '0', title: t('res.rowTitle'),
      onclick: () => this.focus(r.id, r.at),
      onkeydown: (ev) => ev.key === 'Enter' && this.focus(r.id, r.at),
    }, v.columns.map((c) => el('td', { class: c === 'id' ? 'res-id' : undefined, text: r.cells[c] ?? '' }))));
    return el('div', { class: 'res-table' }, el('table', { class: 'results' }, el('thead', {}, head), el('tbody', {}, body)));
  }

  /**
   * Flies to feature id (at [lon, lat, h] when known, else its bounds from
   * the server) and selects it; resolves when the selection shows its tile
   * feature (or its details alone when no loaded tile holds it).
   */
  async focus(id, at) {
    this.picking.selectId(id);
    let target = at ? { lon: at[0], lat: at[1], height: at[2] ?? 0, size: 0 } : null;
    if (!target) {
      try {
        target = targetOf(await fetchFeature(id));
      } catch {
        target = null; // the details line of the Feature panel tells why
      }
    }
    if (!target) return false;
    const range = Math.min(800, Math.max(60, target.size * 1.6));
    goTo(this.viewer, lookingAt(target, range, currentView(this.viewer.camera).heading, -55), FLY_S);
    await flown(this.viewer);
    const f = this.highlighter.findFeature(id);
    if (f && this.picking.current?.id === id) this.picking.select(f);
    return Boolean(f);
  }

  /** The table as shown (for the tests). */
  rows() {
    return [...this.box.querySelectorAll('tr[data-id]')].map((tr) => ({ id: tr.dataset.id, cells: [...tr.cells].map((c) => c.textContent) }));
  }
}

// targetOf gives the centre and size (m) of a GeoJSON feature's bbox.
function targetOf(f) {
  const b = f?.bbox;
  if (!Array.isArray(b) || b.length < 6) return null;
  const lat = (b[1] + b[4]) / 2;
  const w = (b[3] - b[0]) * 111320 * Math.cos((lat * Math.PI) / 180);
  const h = (b[4] - b[1]) * 111320;
  return { lon: (b[0] + b[3]) / 2, lat, height: (b[2] + b[5]) / 2, size: Math.hypot(w, h, b[5] - b[2]) };
}

// flown resolves once the camera flight ended and two frames were drawn.
function flown(viewer) {
  return new Promise((resolve) => {
    const done = () => {
      let left = 2;
      const remove = viewer.scene.postRender.addEventListener(() => {
        if (--left > 0) return viewer.scene.requestRender();
        remove();
        resolve();
      });
      viewer.scene.requestRender();
    };
    const remove = viewer.camera.moveEnd.addEventListener(() => {
      remove();
      clearTimeout(timer);
      done();
    });
    const timer = setTimeout(() => {
      remove();
      done();
    }, (FLY_S + 3) * 1000);
  });
}

function legend(items) {
  return el('ul', { class: 'swatches res-legend' }, items.map((it) => el('li', {},
    el('span', { class: 'swatch', style: { background: it.css } }),
    el('span', { class: 'layer-name', text: it.label }),
    el('span', { class: 'count', text: fmt(it.count ?? 0, 0) }))));
}

function pairs(rows) {
  return el('table', { class: 'props' }, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', { text: v })))));
}

// statsBlock shows the buildings, their height histogram as bars, and the
// utility lengths by network, material and decade.
function statsBlock(s) {
  const max = Math.max(1, ...s.histogram.map((h) => h.count));
  const bars = el('div', { class: 'histogram', 'data-histogram': '' }, s.histogram.map((h) => el('div', { class: 'bar-row' },
    el('span', { class: 'bar-label', text: h.label }),
    el('span', { class: 'bar' }, el('span', { class: 'bar-fill', style: { width: `${(100 * h.count) / max}%` } })),
    el('span', { class: 'count', text: fmt(h.count, 0) }))));
  const parts = [el('h4', { text: t('stats.buildings') }), pairs(s.buildings), el('h4', { text: t('stats.heights') }), bars,
    el('h4', { text: t('stats.utilities') }), pairs(s.utilities)];
  for (const [key, rows] of s.lengths) if (rows.length) parts.push(el('h4', { text: t(key) }), pairs(rows));
  return el('div', { class: 'stats' }, parts);
}
