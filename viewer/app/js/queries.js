// queries.js — the Queries panel: draw a polygon, a line or a point, pick
// a planning query (area, statistics, proximity, clash, cross-section)
// and its options, run it. The answer goes to the Results panel (and the
// SVG drawing of a section to its own panel); a refused query shows the
// server's message here.

import { t, layerName, onLangChange } from './i18n.js';
import { el } from './ui.js';
import { runQuery, sectionSVG, requestOf, GEOMETRIES } from './queryapi.js';

const KINDS = ['area', 'stats', 'proximity', 'clash', 'section'];
const NETWORKS = ['water', 'sewer', 'storm', 'gas', 'power', 'telecom', 'heating', 'other'];
const DRAW_MODES = ['polygon', 'line', 'point'];
// Numeric options: [name, i18n label, min, max, step].
const NUMBERS = {
  distance: ['opt.distance', 0.1, 500, 0.5],
  probeDepth: ['opt.probeDepth', -50, 100, 0.1],
  diameter: ['opt.diameter', 10, 5000, 10],
  depth: ['opt.depth', 0, 100, 0.1],
  top: ['opt.top', 0, 100, 0.1],
  bottom: ['opt.bottom', 0, 100, 0.1],
  halfWidth: ['opt.halfWidth', 0.1, 25, 0.5],
  exaggeration: ['opt.exaggeration', 1, 100, 1],
};

// numbersOf lists the numeric options of query kind for a drawing of mode.
function numbersOf(kind, mode) {
  switch (kind) {
    case 'proximity':
      return ['distance', 'probeDepth'];
    case 'clash':
      return mode === 'polygon' ? ['top', 'bottom'] : ['diameter', 'depth'];
    case 'section':
      return ['halfWidth', 'exaggeration'];
    default:
      return [];
  }
}

export class Queries {
  constructor(scene, draw, results, section) {
    this.scene = scene;
    this.draw = draw;
    this.results = results;
    this.section = section;
    this.box = document.getElementById('queries');
    this.kind = 'area';
    this.opts = { layer: '', distance: 5, probeDepth: 0, network: 'gas', diameter: 200, depth: 1.5, top: 0, bottom: 2, halfWidth: 1, exaggeration: 1 };
    this.message = null; // {key, params, error}
    this.abort = null;
    this.last = null;
    onLangChange(() => this.render());
    this.render();
  }

  /** Redraws the parts that follow the drawing (called on every change). */
  drawChanged() {
    this.render();
  }

  render() {
    const d = this.draw.state();
    const tools = el('div', { class: 'view-buttons draw-tools' },
      DRAW_MODES.map((m) => el('button', {
        type: 'button', 'data-draw': m, 'aria-pressed': String(d.active && d.mode === m), class: 'tool',
        text: t(`draw.${m}`), title: t(`draw.${m}Title`), onclick: () => this.draw.start(m),
      })),
      el('button', { type: 'button', 'data-draw': 'finish', class: 'tool', text: t('draw.finish'), disabled: !d.active, onclick: () => this.draw.finish() }),
      el('button', { type: 'button', 'data-draw': 'clear', class: 'tool', text: t('draw.clear'), disabled: !d.mode, onclick: () => this.clearAll() }));
    const select = el('select', { 'data-query': '', 'aria-label': t('query.kind'), onchange: (ev) => { this.kind = ev.target.value; this.render(); } },
      KINDS.map((k) => el('option', { value: k, text: t(`query.${k}`), selected: k === this.kind })));
    const parts = [
      tools,
      el('p', { class: 'hint draw-state', text: drawText(d) }),
      el('label', { class: 'style-row' }, el('span', { text: t('query.kind') }), select),
      el('p', { class: 'hint', text: t(`query.${this.kind}Hint`) }),
      ...this.options(d),
      el('div', { class: 'view-buttons' },
        el('button', { type: 'button', class: 'tool run', 'data-action': 'run', text: t('query.run'), onclick: () => this.run() })),
    ];
    if (this.message) parts.push(el('p', { class: this.message.params.error ? 'error query-message' : 'hint query-message', text: t(this.message.key, this.message.params) }));
    this.box.replaceChildren(...parts);
  }

  options(d) {
    const numbers = numbersOf(this.kind, d.mode).map((n) => this.number(n));
    if (this.kind === 'area') {
      return [this.choice('layer', 'opt.layer', [['', t('opt.allLayers')], ...this.scene.layers.map((l) => [l.name, layerName(l.name)])])];
    }
    if (this.kind !== 'clash') return numbers;
    if (d.mode === 'polygon') return [el('h4', { text: t('opt.excavation') }), ...numbers];
    return [el('h4', { text: t('opt.pipe') }), this.choice('network', 'opt.network', NETWORKS.map((n) => [n, layerName(n)])), ...numbers];
  }

  number(name) {
    const [label, min, max, step] = NUMBERS[name];
    const input = el('input', {
      type: 'number', name, min: String(min), max: String(max), step: String(step), value: String(this.opts[name]),
      oninput: (ev) => (this.opts[name] = ev.target.valueAsNumber),
    });
    return el('label', { class: 'style-row' }, el('span', { text: t(label) }), input);
  }

  choice(name, label, items) {
    const select = el('select', { name, onchange: (ev) => (this.opts[name] = ev.target.value) },
      items.map(([v, text]) => el('option', { value: v, text, selected: v === this.opts[name] })));
    return el('label', { class: 'style-row' }, el('span', { text: t(label) }), select);
  }

  say(key, params = {}) {
    this.message = key ? { key, params } : null;
    this.render();
  }

  clearAll() {
    this.abort?.abort();
    this.draw.cancel();
    this.section.clear();
    this.results.clear();
    this.say(null);
  }

  /** Runs the chosen query on the drawing; resolves to a summary (or {error}). */
  async run() {
    if (this.draw.active) this.draw.finish();
    const kind = this.kind;
    const g = this.draw.geometry();
    const wanted = GEOMETRIES[kind];
    if (!g || !wanted.includes(g.type)) {
      this.say('query.needGeometry', { kinds: wanted.map((w) => t(`geom.${w}`)).join(', '), error: true });
      return { kind, error: this.message.key };
    }
    const bad = numbersOf(kind, this.draw.mode).find((n) => !Number.isFinite(this.opts[n]));
    if (bad) {
      this.say('query.badNumber', { name: t(NUMBERS[bad][0]), error: true });
      return { kind, error: this.message.key };
    }
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.say('res.running', { what: t(`query.${kind}`) });
    const body = requestOf(kind, g, this.opts);
    try {
      const [res, svg] = await Promise.all([
        runQuery(kind, body, abort.signal),
        kind === 'section' ? sectionSVG({ ...body, svg: { title: t('section.title'), vertical_exaggeration: this.opts.exaggeration } }, abort.signal) : null,
      ]);
      const view = this.results.show(kind, res);
      if (svg !== null) this.section.show(svg);
      else this.section.clear();
      this.say(null);
      this.last = summaryOf(kind, res, view);
    } catch (err) {
      if (err.name === 'AbortError') return { kind, error: 'aborted' };
      this.say('query.failed', { error: err.message });
      this.results.setStatus('query.failed', { error: err.message });
      this.last = { kind, error: err.message };
    }
    return this.last;
  }

  /** Runs query kind on GeoJSON geometry with options as the panel would (tests). */
  runWith(kind, geometry, options = {}) {
    if (!KINDS.includes(kind)) throw new Error(`unknown query ${kind}`);
    this.kind = kind;
    if (geometry) this.draw.setGeometry(geometry);
    Object.assign(this.opts, options);
    this.render();
    return this.run();
  }
}

function drawText(d) {
  if (!d.mode) return t('draw.none');
  const n = d.vertices;
  if (d.active) return t(d.mode === 'point' ? 'draw.activePoint' : 'draw.active', { shape: t(`draw.${d.mode}`), n });
  return d.complete ? t('draw.done', { shape: t(`draw.${d.mode}`), n }) : t('draw.incomplete', { shape: t(`draw.${d.mode}`), n });
}

function summaryOf(kind, res, view) {
  const groups = {};
  for (const g of view.groups) groups[g.name] = g.ids.length;
  const out = { kind, rows: view.rows.length, total: view.total, groups };
  if (kind === 'stats') out.buildings = res.buildings?.count ?? 0;
  if (kind === 'clash') out.conflicts = res.conflicts?.length ?? 0;
  if (kind === 'section') out.crossings = res.crossings?.length ?? 0;
  return out;
}
