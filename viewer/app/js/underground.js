// underground.js — the underground mode: a translucent globe and ground
// surface, the camera free to go below the surface (no collision
// detection), back faces drawn so pipes read from above and below, and
// depth labels ("water Ø150 · 2.2 m deep") at the utilities near the
// view, from /api/v1/features?layer=…&bbox=….

import { t, fmt, layerName, onLangChange } from './i18n.js';
import { searchFeatures } from './api.js';
import { pickLevel, renderUntil } from './scene.js';

const { Cesium } = window;

const GLOBE_ALPHA = 0.35;
const PER_LAYER = 40; // features asked per layer; the nearest are labelled
const MAX_LABELS = 24;
const LABEL_RANGE_M = 600; // labels are hidden beyond this distance

export class Underground {
  constructor(viewer, layers, ground, scene, onChange) {
    this.viewer = viewer;
    this.layers = layers;
    this.ground = ground;
    this.groundM = scene.groundM;
    this.onChange = onChange;
    this.on = false;
    this.items = []; // {feature props, position, layer}
    this.labels = viewer.scene.primitives.add(new Cesium.LabelCollection());
    this.labels.show = false;
    this.timer = 0;
    this.abort = null;
    this.lastError = null;
    viewer.camera.moveEnd.addEventListener(() => this.scheduleRefresh());
    layers.onToggle(() => this.scheduleRefresh());
    layers.onLoad((e) => (e.tileset.backFaceCulling = !this.on));
    onLangChange(() => this.drawLabels());
  }

  toggle() {
    this.set(!this.on);
  }

  set(on) {
    this.on = on;
    const scene = this.viewer.scene;
    const tr = scene.globe.translucency;
    tr.enabled = on;
    tr.frontFaceAlpha = GLOBE_ALPHA;
    tr.backFaceAlpha = GLOBE_ALPHA;
    this.ground.setTranslucent(on);
    scene.screenSpaceCameraController.enableCollisionDetection = !on;
    for (const e of this.layers.entries) if (e.tileset) e.tileset.backFaceCulling = !on;
    this.labels.show = on;
    if (on) this.scheduleRefresh(0);
    scene.requestRender();
    this.onChange?.(on);
  }

  scheduleRefresh(ms = 350) {
    if (!this.on) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), ms);
  }

  /** The box [w, s, e, n] around the ground point the view is centred on. */
  focusBox() {
    const scene = this.viewer.scene;
    const canvas = scene.canvas;
    const centre = new Cesium.Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2);
    const cam = this.viewer.camera.positionCartographic;
    const hit = pickLevel(scene, centre, this.groundM);
    const c = hit ? Cesium.Cartographic.fromCartesian(hit) : cam;
    const halfM = Math.min(200, Math.max(50, Math.abs(cam.height - this.groundM) * 0.6));
    const lat = Cesium.Math.toDegrees(c.latitude);
    const lon = Cesium.Math.toDegrees(c.longitude);
    const dLat = halfM / 111320;
    const dLon = halfM / (111320 * Math.max(0.1, Math.cos(c.latitude)));
    return { bbox: [lon - dLon, lat - dLat, lon + dLon, lat + dLat], centre: Cesium.Cartesian3.fromDegrees(lon, lat, this.groundM) };
  }

  async refresh() {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const { bbox, centre } = this.focusBox();
    const shown = this.layers.utilities().filter((e) => e.tileset?.show);
    const items = [];
    try {
      const lists = await Promise.all(shown.map((e) => searchFeatures({ layer: e.name, kind: 'segment', bbox, limit: PER_LAYER }, abort.signal)));
      lists.forEach((list, i) => {
        for (const f of list) {
          const item = this.itemOf(f, shown[i].name);
          if (item) items.push(item);
        }
      });
      this.lastError = null;
    } catch (err) {
      if (err.name === 'AbortError') return;
      this.lastError = err.message;
    }
    items.sort((a, b) => Cesium.Cartesian3.distance(a.position, centre) - Cesium.Cartesian3.distance(b.position, centre));
    this.items = items.slice(0, MAX_LABELS);
    this.drawLabels();
  }

  // itemOf turns a GeoJSON feature into a label item (segments only).
  itemOf(f, layer) {
    const p = f.properties ?? {};
    const kind = p.kind ?? (f.geometry?.type?.includes('Line') ? 'segment' : 'node');
    if (kind !== 'segment') return null;
    const pt = midpoint(f.geometry);
    if (!pt) return null;
    const depth = num(p.depth_m) ?? (pt[2] !== undefined ? (num(p.ground_m) ?? this.groundM) - pt[2] : undefined);
    if (depth === undefined) return null;
    const height = pt[2] ?? this.groundM - depth;
    return { id: f.id ?? p.id, layer, props: { ...p, depth_m: depth }, position: Cesium.Cartesian3.fromDegrees(pt[0], pt[1], height) };
  }

  drawLabels() {
    // A fresh collection each time: growing one glyph atlas label by label
    // lost glyphs now and then (seen with software WebGL).
    const show = this.labels.show;
    this.viewer.scene.primitives.remove(this.labels);
    this.labels = this.viewer.scene.primitives.add(new Cesium.LabelCollection());
    this.labels.show = show;
    const big = window.innerWidth >= 1800;
    for (const it of this.items) {
      this.labels.add({
        position: it.position,
        text: labelText(it),
        font: `600 ${big ? 16 : 13}px sans-serif`,
        fillColor: Cesium.Color.WHITE,
        outlineColor: Cesium.Color.BLACK,
        outlineWidth: 3,
        style: Cesium.LabelStyle.FILL_AND_OUTLINE,
        showBackground: true,
        backgroundColor: new Cesium.Color(0.1, 0.12, 0.15, 0.7),
        verticalOrigin: Cesium.VerticalOrigin.BOTTOM,
        pixelOffset: new Cesium.Cartesian2(0, -6),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
        distanceDisplayCondition: new Cesium.DistanceDisplayCondition(0, LABEL_RANGE_M),
        scaleByDistance: new Cesium.NearFarScalar(50, 1, LABEL_RANGE_M, 0.7),
        id: it.id,
      });
    }
    const labels = this.labels;
    renderUntil(this.viewer.scene, () => labels.ready || labels !== this.labels);
  }

  /** State for the tests. */
  state() {
    const scene = this.viewer.scene;
    const texts = [];
    for (let i = 0; i < this.labels.length; i++) texts.push(this.labels.get(i).text);
    return {
      on: this.on,
      translucency: scene.globe.translucency.enabled,
      collisionDetection: scene.screenSpaceCameraController.enableCollisionDetection,
      labels: this.labels.show ? this.labels.length : 0,
      labelTexts: texts.slice(0, 10),
      error: this.lastError,
    };
  }
}

function labelText(it) {
  const p = it.props;
  const d = num(p.diameter_mm);
  const w = num(p.width_mm), h = num(p.height_mm);
  let size = '';
  if (d) size = t('label.diameter', { d: fmt(d, 0) });
  else if (w && h) size = t('label.box', { w: fmt(w, 0), h: fmt(h, 0) });
  const network = layerName(p.network || it.layer);
  const depth = fmt(p.depth_m, 1);
  return size ? t('label.depth', { network, size, depth }) : t('label.depthNoSize', { network, depth });
}

function num(v) {
  return typeof v === 'number' && Number.isFinite(v) && v !== -9999 ? v : undefined;
}

// midpoint returns [lon, lat, z?] halfway along a line (its middle vertex
// or the middle of its middle edge), or a point's own coordinates.
function midpoint(g) {
  if (!g) return null;
  let line;
  if (g.type === 'Point') return g.coordinates;
  if (g.type === 'LineString') line = g.coordinates;
  else if (g.type === 'MultiLineString') line = g.coordinates[0];
  if (!line?.length) return null;
  if (line.length % 2 === 1) return line[(line.length - 1) / 2];
  const a = line[line.length / 2 - 1], b = line[line.length / 2];
  return a.map((v, i) => (b[i] === undefined ? v : (v + b[i]) / 2));
}
