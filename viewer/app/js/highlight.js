// highlight.js — colours the features of query results in every loaded
// tileset by their stable id, and marks 3D positions (valves, conflicts)
// with point entities. A result holds thousands of ids, too many for a
// style condition on ${id}: the colours are set feature by feature in each
// tileset's tileVisible event (after CesiumJS applied the style, so they
// win), with the matches of each tile content computed once per result.
// Clearing restyles the tiles, which restores the style's colours, and
// lets the selection (picking.js) take its highlight back.

import { renderUntil } from './scene.js';

const { Cesium } = window;

export class Highlighter {
  /**
   * selected() returns the tile feature the picking module highlights (it
   * keeps its own colour); onRestyle() runs after the tiles were restyled.
   */
  constructor(viewer, layers, selected, onRestyle) {
    this.viewer = viewer;
    this.layers = layers;
    this.selected = selected;
    this.onRestyle = onRestyle;
    this.colours = new Map(); // id -> Cesium.Color
    this.groups = []; // [{name, css, ids: Set}]
    this.version = 0;
    this.matches = new WeakMap(); // content -> {version, list: [[feature, colour]]}
    this.seen = new WeakMap(); // content -> frame number it was last visible in
    this.contents = new Set(); // tile contents loaded (for lookups by id)
    this.markers = [];
    layers.onLoad((e) => this.watch(e.tileset));
  }

  watch(tileset) {
    tileset.tileLoad.addEventListener((tile) => tile.content && this.contents.add(tile.content));
    tileset.tileUnload.addEventListener((tile) => this.contents.delete(tile.content));
    tileset.tileVisible.addEventListener((tile) => this.paint(tile.content));
  }

  // paint colours the matching features of a visible tile content.
  paint(content) {
    if (!content) return;
    this.seen.set(content, this.viewer.scene.frameState.frameNumber);
    if (!this.colours.size || !content.featuresLength) return;
    let m = this.matches.get(content);
    if (!m || m.version !== this.version) {
      m = { version: this.version, list: [] };
      for (let i = 0; i < content.featuresLength; i++) {
        const f = content.getFeature(i);
        const c = this.colours.get(idOf(f));
        if (c) m.list.push([f, c]);
      }
      this.matches.set(content, m);
    }
    const skip = this.selected();
    for (const [f, c] of m.list) if (f !== skip) f.color = c;
  }

  /**
   * Shows groups [{name, css, ids}] (later groups win for an id in two) and
   * markers [{position: [lon, lat, h], css, id}]; replaces what was shown.
   */
  show(groups, markers = []) {
    this.groups = groups.map((g) => ({ ...g, ids: new Set(g.ids) }));
    this.colours = new Map();
    for (const g of this.groups) {
      const c = Cesium.Color.fromCssColorString(g.css);
      for (const id of g.ids) this.colours.set(id, c);
    }
    this.setMarkers(markers);
    this.restyle();
  }

  clear() {
    this.show([], []);
  }

  // restyle makes CesiumJS re-apply every tileset's style (restoring the
  // colours of features no longer highlighted); paint() then runs again.
  restyle() {
    this.version++;
    for (const e of this.layers.entries) e.tileset?.makeStyleDirty();
    this.onRestyle?.();
    this.viewer.scene.requestRender();
  }

  setMarkers(markers) {
    for (const m of this.markers) this.viewer.entities.remove(m);
    this.markers = markers.filter((m) => Array.isArray(m.position)).map((m) => this.viewer.entities.add({
      position: Cesium.Cartesian3.fromDegrees(m.position[0], m.position[1], m.position[2] ?? 0),
      point: {
        pixelSize: m.size ?? 11, color: Cesium.Color.fromCssColorString(m.css),
        outlineColor: Cesium.Color.WHITE, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY,
      },
    }));
    const t0 = performance.now();
    renderUntil(this.viewer.scene, () => performance.now() - t0 > 800, 10);
  }

  /** The ids highlighted, per group name. */
  ids() {
    const out = {};
    for (const g of this.groups) out[g.name] = [...g.ids];
    return out;
  }

  /** A loaded tile feature with this id (a visible one preferred), or null. */
  findFeature(id) {
    let found = null;
    const frame = this.viewer.scene.frameState.frameNumber;
    for (const content of this.contents) {
      for (let i = 0; i < (content.featuresLength ?? 0); i++) {
        const f = content.getFeature(i);
        if (idOf(f) !== id) continue;
        if (this.seen.get(content) === frame) return f;
        found ??= f;
      }
    }
    return found;
  }

  /**
   * What the tiles visible in the last frame show: per highlighted id found
   * there its colour (CSS hex), how many carry their group's colour, and
   * how many features outside the result carry a highlight colour.
   */
  state() {
    const frame = this.viewer.scene.frameState.frameNumber;
    const want = new Map([...this.colours].map(([id, c]) => [id, c.toCssHexString()]));
    const hues = new Set(want.values());
    const colours = {};
    let found = 0, coloured = 0, strays = 0;
    for (const content of this.contents) {
      if (this.seen.get(content) !== frame) continue;
      for (let i = 0; i < (content.featuresLength ?? 0); i++) {
        const f = content.getFeature(i);
        const id = idOf(f);
        const css = f.color.toCssHexString();
        if (want.has(id)) {
          found++;
          colours[id] = css;
          if (css === want.get(id) || f === this.selected()) coloured++;
        } else if (hues.has(css)) strays++;
      }
    }
    return { ids: want.size, found, coloured, strays, colours, markers: this.markers.length };
  }
}

function idOf(feature) {
  try {
    return feature.getProperty('id');
  } catch {
    return undefined;
  }
}
