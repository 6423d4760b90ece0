// styling.js — thematic styles of the tiles (Cesium3DTileStyle with
// conditions) and their legends: buildings by height, year built or use;
// utilities by network (the colours baked into the tiles), diameter,
// material or installation year. Categories (use, material) come from the
// values seen in the loaded tiles.

import { t, fmt, layerName, onLangChange } from './i18n.js';
import { el, cssColor } from './ui.js';
import {
  RAMP, CATEGORIES, UNKNOWN_CSS, WALL_SRGB, ROOF_SRGB, ABANDONED_SRGB, PLANNED_ALPHA, networkColour,
} from './colours.js';

const { Cesium } = window;

// Each mode: a ramp (property, breaks, legend title) or categories
// (property, legend title); null = the baked colours.
const MODES = {
  building: {
    default: null,
    height: { prop: 'height_m', breaks: [6, 10, 15, 20, 30, 50], legend: 'legend.height' },
    year: { prop: 'year', breaks: [1900, 1930, 1950, 1970, 1990, 2010], legend: 'legend.year', plain: true },
    use: { prop: 'use', categories: true, legend: 'legend.use' },
  },
  utility: {
    network: null,
    diameter: { prop: 'diameter_mm', breaks: [50, 100, 150, 200, 300, 500], legend: 'legend.diameter' },
    material: { prop: 'material', categories: true, legend: 'legend.material' },
    age: { prop: 'install_year', breaks: [1920, 1950, 1970, 1990, 2005, 2015], legend: 'legend.age', plain: true },
  },
};
const MODE_KEYS = { building: 'style.b.', utility: 'style.u.' };
const SELECT_KEYS = { building: 'style.buildings', utility: 'style.utilities' };

export class Styling {
  constructor(viewer, layers, onRestyle) {
    this.viewer = viewer;
    this.layers = layers;
    this.onRestyle = onRestyle;
    this.mode = { building: 'default', utility: 'network' };
    this.legendData = { building: null, utility: null };
    this.styles = { building: undefined, utility: undefined };
    onLangChange(() => this.render());
    layers.onLoad((e) => this.apply(e));
  }

  kinds() {
    return ['building', 'utility'].filter((k) => this.layers.entries.some((e) => e.kind === k));
  }

  /** Sets the style of one kind of layer ('building' or 'utility') to mode. */
  set(kind, mode) {
    if (!(mode in MODES[kind])) return;
    this.mode[kind] = mode;
    const spec = MODES[kind][mode];
    let style;
    if (spec) {
      const classes = spec.categories ? this.categoryClasses(kind, spec) : rampClasses(spec);
      this.legendData[kind] = { spec, classes };
      style = new Cesium.Cesium3DTileStyle({ color: { conditions: conditionsOf(spec, classes) } });
    } else {
      this.legendData[kind] = null;
    }
    this.styles[kind] = style;
    for (const e of this.layers.entries) if (e.kind === kind) this.apply(e);
    this.viewer.scene.requestRender();
    this.onRestyle?.();
    this.render();
  }

  /** Applies the current style of its kind to a layer's tileset. */
  apply(e) {
    if (!e.tileset || !(e.kind in this.styles)) return;
    e.tileset.style = this.styles[e.kind];
    e.tileset.colorBlendMode = e.kind === 'building' ? Cesium.Cesium3DTileColorBlendMode.MIX : Cesium.Cesium3DTileColorBlendMode.REPLACE;
    e.tileset.colorBlendAmount = 0.8;
  }

  categoryClasses(kind, spec) {
    const values = this.layers.topValues(spec.prop, CATEGORIES.length - 1).filter((v) => !/['\\]/.test(String(v)));
    return values.map((v, i) => ({ value: v, css: CATEGORIES[i] }));
  }

  render() {
    this.renderControls();
    this.renderLegend();
  }

  renderControls() {
    const box = document.getElementById('style-controls');
    box.replaceChildren(...this.kinds().map((kind) => {
      const select = el('select', { 'data-style': kind, onchange: (ev) => this.set(kind, ev.target.value) },
        Object.keys(MODES[kind]).map((m) => el('option', { value: m, text: t(MODE_KEYS[kind] + m), selected: m === this.mode[kind] })));
      return el('label', { class: 'style-row' }, el('span', { text: t(SELECT_KEYS[kind]) }), select);
    }));
  }

  renderLegend() {
    const box = document.getElementById('legend');
    box.replaceChildren(...this.kinds().map((kind) => {
      const d = this.legendData[kind];
      const title = d ? t(d.spec.legend) : t(kind === 'building' ? 'legend.buildings' : 'legend.utilities');
      let body;
      if (!d) body = kind === 'building' ? swatches(bakedBuildings()) : swatches(this.bakedUtilities());
      else if (d.spec.categories) body = swatches([...d.classes.map((c) => ({ css: c.css, label: String(c.value) })), { css: CATEGORIES.at(-1), label: t('legend.other') }, { css: UNKNOWN_CSS, label: t('legend.unknown') }]);
      else body = ramp(d.spec, d.classes);
      return el('div', { class: 'legend-block', 'data-legend': kind }, el('h4', { text: title }), body);
    }));
  }

  bakedUtilities() {
    const items = this.layers.utilities().map((e) => ({ css: cssColor(networkColour(e.network || e.name)), label: layerName(e.name) }));
    const c = items[0]?.css ?? cssColor(networkColour('water'));
    items.push({ css: c.replace(')', ` / ${PLANNED_ALPHA})`), label: t('legend.planned') });
    items.push({ css: cssColor(ABANDONED_SRGB), label: t('legend.abandoned') });
    return items;
  }
}

function bakedBuildings() {
  return [{ css: cssColor(WALL_SRGB), label: t('legend.walls') }, { css: cssColor(ROOF_SRGB), label: t('legend.roofs') }];
}

// rampClasses gives one class per interval: below the first break, between
// breaks, and from the last break up.
function rampClasses(spec) {
  const b = spec.breaks;
  return RAMP.slice(0, b.length + 1).map((css, i) => ({ lo: i > 0 ? b[i - 1] : undefined, hi: b[i], css }));
}

// conditionsOf builds the style conditions; the first catches features
// without the property (noData), which would fail a numeric comparison.
function conditionsOf(spec, classes) {
  const p = '${' + spec.prop + '}';
  const conds = [[`${p} === undefined`, `color('${UNKNOWN_CSS}')`]];
  if (spec.categories) {
    for (const c of classes) conds.push([`${p} === ${literal(c.value)}`, `color('${c.css}')`]);
    conds.push(['true', `color('${CATEGORIES.at(-1)}')`]);
    return conds;
  }
  for (const c of classes.slice(0, -1)) conds.push([`${p} < ${c.hi}`, `color('${c.css}')`]);
  conds.push(['true', `color('${classes.at(-1).css}')`]);
  return conds;
}

function literal(v) {
  return typeof v === 'number' ? String(v) : `'${String(v)}'`;
}

function swatches(items) {
  return el('ul', { class: 'swatches' }, items.map((it) =>
    el('li', {}, el('span', { class: 'swatch', style: { background: it.css } }), el('span', { text: it.label }))));
}

// ramp draws the classes as a bar of colour steps with the breaks beneath.
function ramp(spec, classes) {
  const n = classes.length;
  const num = (v) => (spec.plain ? String(v) : fmt(v, 0));
  const bar = el('div', { class: 'ramp-bar' }, classes.map((c) => el('span', { style: { background: c.css } })));
  const labels = el('div', { class: 'ramp-labels' }, classes.slice(0, -1).map((c, i) =>
    el('span', { style: { left: `${((i + 1) / n) * 100}%` }, text: num(c.hi) })));
  const unknown = swatches([{ css: UNKNOWN_CSS, label: t('legend.unknown') }]);
  return el('div', { class: 'ramp' }, bar, labels, unknown);
}
