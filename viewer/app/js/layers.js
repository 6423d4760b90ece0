// layers.js — one Cesium3DTileset per layer of the scene (so a toggle is
// tileset.show), the layer panel grouped into buildings, utility networks
// and reality meshes, tile statistics (loaded, failed, pending), the
// loading indicator and the promise of the first complete load.

import { t, fmt, layerName, onLangChange } from './i18n.js';
import { el, cssColor, showLoading } from './ui.js';
import { networkColour, WALL_SRGB } from './colours.js';

const { Cesium } = window;

const GROUPS = [
  ['building', 'group.building'],
  ['utility', 'group.utility'],
  ['mesh', 'group.mesh'],
];
const MESH_SRGB = [0.7, 0.7, 0.7];
// Property counted per layer kind, for the categories of the thematic styles.
const CATEGORY_PROPS = { building: ['use'], utility: ['material'] };

export class Layers {
  constructor(viewer, scene) {
    this.viewer = viewer;
    this.entries = scene.layers.map((l) => ({
      ...l, url: l.tileset, tileset: null, error: null,
      loaded: 0, failed: 0, failures: [], pending: 0, processing: 0,
    }));
    this.values = {}; // property -> Map(value -> count), from the loaded tiles
    this.listeners = new Set();
    this.loadListeners = new Set();
    this.frames = 0;
    this.settled = 0;
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.isReady = false;
    viewer.scene.postRender.addEventListener(() => this.afterFrame());
    onLangChange(() => this.renderPanel());
  }

  /** Loads every layer's tileset (in parallel) and draws the panel. */
  async load() {
    this.renderPanel();
    await Promise.all(this.entries.map((e) => this.loadOne(e)));
    this.viewer.scene.requestRender();
  }

  async loadOne(e) {
    if (!e.url) return; // a layer without tiles: listed, nothing to load
    try {
      e.tileset = await Cesium.Cesium3DTileset.fromUrl(e.url, { maximumScreenSpaceError: 16 });
    } catch (err) {
      e.error = err?.message ?? String(err);
      e.failures.push({ url: e.url, message: e.error });
      e.failed++;
      return;
    }
    const ts = e.tileset;
    ts.tileLoad.addEventListener((tile) => this.tileLoaded(e, tile));
    ts.tileFailed.addEventListener((f) => {
      e.failed++;
      e.failures.push({ url: String(f.url), message: String(f.message?.message ?? f.message) });
    });
    ts.loadProgress.addEventListener((pending, processing) => {
      e.pending = pending;
      e.processing = processing;
      this.updateIndicator();
    });
    this.viewer.scene.primitives.add(ts);
    for (const fn of this.loadListeners) fn(e);
  }

  /** Calls fn(entry) when a layer's tileset has loaded (to apply a style or mode). */
  onLoad(fn) {
    this.loadListeners.add(fn);
  }

  tileLoaded(e, tile) {
    e.loaded++;
    const content = tile.content;
    const props = CATEGORY_PROPS[e.kind] ?? [];
    if (!content || !props.length) return;
    for (let i = 0; i < content.featuresLength; i++) {
      const f = content.getFeature(i);
      for (const p of props) {
        const v = f.getProperty(p);
        if (v === undefined || v === '') continue;
        const m = (this.values[p] ??= new Map());
        m.set(v, (m.get(v) ?? 0) + 1);
      }
    }
  }

  /** The most frequent values of a property in the loaded tiles (at most n). */
  topValues(prop, n) {
    const m = this.values[prop];
    if (!m) return [];
    return [...m.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, n).map(([v]) => v);
  }

  afterFrame() {
    this.frames++;
    const pending = this.pendingCount();
    const shown = this.entries.filter((e) => e.tileset && e.tileset.show);
    const settled = pending === 0 && shown.every((e) => e.tileset.tilesLoaded);
    const started = this.entries.every((e) => e.tileset || e.error || !e.url);
    this.settled = settled && started ? this.settled + 1 : 0;
    if (this.settled > 0 && this.settled < 3) this.viewer.scene.requestRender();
    if (this.settled >= 3 && !this.isReady) {
      this.isReady = true;
      this.resolveReady(this.stats());
    }
    this.updateIndicator();
  }

  pendingCount() {
    return this.entries.reduce((n, e) => n + (e.tileset?.show ? e.pending + e.processing : 0), 0);
  }

  updateIndicator() {
    const n = this.pendingCount();
    const busy = n > 0 || this.entries.some((e) => e.tileset?.show && !e.tileset.tilesLoaded);
    showLoading(busy ? t('loading.tiles', { n }) : '');
  }

  /** Tile statistics per layer and in total (for the loading indicator and the tests). */
  stats() {
    const layers = {};
    let loaded = 0, failed = 0;
    const failures = [];
    for (const e of this.entries) {
      layers[e.name] = {
        kind: e.kind, loaded: e.loaded, failed: e.failed, pending: e.pending, processing: e.processing,
        tilesLoaded: Boolean(e.tileset?.tilesLoaded), show: Boolean(e.tileset?.show), error: e.error,
      };
      loaded += e.loaded;
      failed += e.failed;
      failures.push(...e.failures.map((f) => ({ layer: e.name, ...f })));
    }
    return { layers, loaded, failed, failures, pending: this.pendingCount(), frames: this.frames, ready: this.isReady };
  }

  /** Entries of utility layers. */
  utilities() {
    return this.entries.filter((e) => e.kind === 'utility');
  }

  /** Entry of the layer a tile feature belongs to. */
  entryOfTileset(tileset) {
    return this.entries.find((e) => e.tileset === tileset);
  }

  /** Calls fn() after a layer is shown or hidden. */
  onToggle(fn) {
    this.listeners.add(fn);
  }

  setShown(e, on) {
    if (!e.tileset) return;
    e.tileset.show = on;
    this.viewer.scene.requestRender();
    for (const fn of this.listeners) fn(e);
  }

  renderPanel() {
    const list = document.getElementById('layer-list');
    list.replaceChildren();
    for (const [kind, key] of GROUPS) {
      const entries = this.entries.filter((e) => groupOf(e) === kind);
      if (!entries.length) continue;
      list.append(el('h3', { class: 'group', text: t(key) }), el('ul', { class: 'layers' }, entries.map((e) => this.layerRow(e))));
    }
  }

  layerRow(e) {
    const name = layerName(e.name);
    const box = el('input', {
      type: 'checkbox', checked: e.tileset ? e.tileset.show : Boolean(e.url), disabled: Boolean(e.error) || !e.url,
      'aria-label': t('layer.toggle', { name }), 'data-layer': e.name,
      onchange: (ev) => this.setShown(e, ev.target.checked),
    });
    const count = e.count === undefined ? '' : fmt(e.count, 0);
    return el('li', { class: e.error ? 'layer failed' : 'layer', title: e.error ? t('error.tileset', { name, error: e.error }) : undefined },
      el('label', {},
        box,
        el('span', { class: 'swatch', style: { background: cssColor(swatchOf(e)) } }),
        el('span', { class: 'layer-name', text: name }),
        el('span', { class: 'count', text: count, title: count ? t('layer.countTitle', { n: count }) : undefined })));
  }
}

function groupOf(e) {
  if (e.kind === 'building' || e.kind === 'mesh') return e.kind;
  return 'utility';
}

function swatchOf(e) {
  if (e.kind === 'building') return WALL_SRGB;
  if (e.kind === 'mesh') return MESH_SRGB;
  return networkColour(e.network || e.name);
}
