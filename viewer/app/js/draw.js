// draw.js — draws the geometry of a planning query on the map: a polygon,
// a line or a point. Left clicks add vertices where the click meets a
// surface (buildings, pipes, the ground; else the level ground at
// ground_m); a double click or finish() ends the drawing, cancel() drops
// it. The vertices and the outline are entities at the ground level (the
// queries are 2D in plan), seen through buildings as dashes.

import { pickPoint, renderUntil } from './scene.js';

const { Cesium } = window;

// A click this close (pixels) to the previous vertex, the camera not
// moved, adds none: the second click of a double click.
const SAME_CLICK_PX = 4;
const MIN_VERTICES = { polygon: 3, line: 2, point: 1 };
const LINE_CSS = '#ffd400';

export class Draw {
  constructor(viewer, groundM, onChange) {
    this.viewer = viewer;
    this.groundM = groundM;
    this.onChange = onChange;
    this.mode = null; // 'polygon' | 'line' | 'point'
    this.active = false; // vertices are being added
    this.points = []; // {lon, lat, h, screen: {x, y}, view: cameraKey at the click}
    this.entities = [];
    // CesiumJS zooms to an entity on a double click; here it ends a drawing.
    viewer.cesiumWidget.screenSpaceEventHandler.removeInputAction(Cesium.ScreenSpaceEventType.LEFT_DOUBLE_CLICK);
  }

  /** Starts drawing a new geometry of this mode. */
  start(mode) {
    if (!(mode in MIN_VERTICES)) return;
    this.clearEntities();
    this.mode = mode;
    this.points = [];
    this.active = true;
    this.changed();
  }

  /** Adds the vertex under window position pos. */
  click(pos) {
    if (!this.active) return;
    const last = this.points.at(-1);
    const view = cameraKey(this.viewer.camera);
    if (last && last.view === view && Math.hypot(last.screen.x - pos.x, last.screen.y - pos.y) <= SAME_CLICK_PX) return;
    const p = pickPoint(this.viewer.scene, pos, this.groundM);
    if (!p) return;
    const c = Cesium.Cartographic.fromCartesian(p);
    this.points.push({ lon: Cesium.Math.toDegrees(c.longitude), lat: Cesium.Math.toDegrees(c.latitude), h: c.height, screen: { x: pos.x, y: pos.y }, view });
    if (this.mode === 'point') this.active = false;
    this.redraw();
    this.changed();
  }

  /** Ends the drawing (a double click); false when it has too few vertices. */
  finish() {
    if (!this.mode) return false;
    this.active = false;
    this.redraw();
    this.changed();
    return this.complete();
  }

  /** Drops the drawing. */
  cancel() {
    this.clearEntities();
    this.mode = null;
    this.points = [];
    this.active = false;
    this.redraw();
    this.changed();
  }

  /** Shows a GeoJSON Point, LineString or Polygon as a finished drawing. */
  setGeometry(g) {
    const modes = { Point: 'point', LineString: 'line', Polygon: 'polygon' };
    const mode = modes[g?.type];
    if (!mode) throw new Error(`cannot draw a ${g?.type} geometry`);
    let coords = mode === 'point' ? [g.coordinates] : mode === 'line' ? g.coordinates : g.coordinates[0].slice(0, -1);
    this.mode = mode;
    this.points = coords.map(([lon, lat, h]) => ({ lon, lat, h: h ?? this.groundM, screen: { x: NaN, y: NaN }, view: '' }));
    this.active = false;
    this.redraw();
    this.changed();
  }

  complete() {
    return Boolean(this.mode) && this.points.length >= MIN_VERTICES[this.mode];
  }

  /** The drawn geometry as GeoJSON (positions [lon, lat]), or null. */
  geometry() {
    if (!this.complete()) return null;
    const pos = this.points.map((p) => [round(p.lon), round(p.lat)]);
    if (this.mode === 'point') return { type: 'Point', coordinates: pos[0] };
    if (this.mode === 'line') return { type: 'LineString', coordinates: pos };
    return { type: 'Polygon', coordinates: [[...pos, pos[0]]] };
  }

  /** State for the panel and the tests. */
  state() {
    return { mode: this.mode, active: this.active, vertices: this.points.length, complete: this.complete(), geometry: this.geometry(), picked: this.points.map((p) => [p.lon, p.lat, p.h]) };
  }

  changed() {
    this.onChange?.(this.state());
  }

  clearEntities() {
    for (const e of this.entities) this.viewer.entities.remove(e);
    this.entities = [];
  }

  redraw() {
    this.clearEntities();
    const ents = this.viewer.entities;
    const colour = Cesium.Color.fromCssColorString(LINE_CSS);
    const at = (p) => Cesium.Cartesian3.fromDegrees(p.lon, p.lat, this.groundM + 0.3);
    const ring = this.points.map(at);
    for (const p of ring) {
      this.entities.push(ents.add({ position: p, point: { pixelSize: 9, color: colour, outlineColor: Cesium.Color.BLACK, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY } }));
    }
    if (ring.length >= 2) {
      const closed = this.mode === 'polygon' && (ring.length >= 3 || !this.active);
      this.entities.push(ents.add({
        polyline: {
          positions: closed ? [...ring, ring[0]] : ring, width: 3, material: colour,
          depthFailMaterial: new Cesium.PolylineDashMaterialProperty({ color: colour }),
        },
      }));
    }
    if (this.mode === 'polygon' && ring.length >= 3 && !this.active) {
      this.entities.push(ents.add({ polygon: { hierarchy: ring, height: this.groundM + 0.2, material: colour.withAlpha(0.18) } }));
    }
    const t0 = performance.now();
    renderUntil(this.viewer.scene, () => performance.now() - t0 > 600, 8);
  }
}

// cameraKey identifies the camera's position and direction (to the cm).
function cameraKey(camera) {
  const { positionWC: p, directionWC: d } = camera;
  return [p.x, p.y, p.z].map((v) => v.toFixed(2)).join() + ';' + [d.x, d.y, d.z].map((v) => v.toFixed(5)).join();
}

function round(v) {
  return Math.round(v * 1e8) / 1e8;
}
