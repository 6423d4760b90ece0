// measure.js — the measure tool: two clicked points give the 3D and the
// horizontal distance, the height difference and each point's depth below
// the ground (ground_m), drawn as a polyline with a label.

import { t, fmt, onLangChange } from './i18n.js';
import { pickPoint, renderUntil } from './scene.js';

const { Cesium } = window;

export class Measure {
  constructor(viewer, groundM, bar) {
    this.viewer = viewer;
    this.groundM = groundM;
    this.bar = bar; // element that shows the hint and the result
    this.active = false;
    this.points = [];
    this.entities = [];
    this.result = null;
    onLangChange(() => this.redraw());
  }

  setActive(on) {
    this.active = on;
    this.clear();
    this.bar.hidden = !on;
    this.redraw();
  }

  /** Handles a click at window position pos while the tool is active. */
  click(pos) {
    const p = pickPoint(this.viewer.scene, pos, this.groundM);
    if (!p) {
      this.bar.textContent = t('measure.noPoint');
      return;
    }
    if (this.points.length >= 2) this.clear();
    this.points.push(p);
    this.entities.push(this.viewer.entities.add({
      position: p,
      point: { pixelSize: 9, color: Cesium.Color.YELLOW, outlineColor: Cesium.Color.BLACK, outlineWidth: 2, disableDepthTestDistance: Number.POSITIVE_INFINITY },
    }));
    if (this.points.length === 2) this.finish();
    this.redraw();
  }

  finish() {
    const [a, b] = this.points;
    this.result = measure(a, b, this.groundM);
    const mid = Cesium.Cartesian3.midpoint(a, b, new Cesium.Cartesian3());
    this.entities.push(this.viewer.entities.add({
      polyline: {
        positions: [a, b], width: 3,
        material: Cesium.Color.YELLOW,
        depthFailMaterial: new Cesium.PolylineDashMaterialProperty({ color: Cesium.Color.YELLOW }),
      },
    }));
    this.label = this.viewer.entities.add({
      position: mid,
      label: {
        text: this.text(), font: '600 14px sans-serif', showBackground: true,
        backgroundColor: new Cesium.Color(0.1, 0.12, 0.15, 0.8), fillColor: Cesium.Color.WHITE,
        verticalOrigin: Cesium.VerticalOrigin.BOTTOM, pixelOffset: new Cesium.Cartesian2(0, -10),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      },
    });
    this.entities.push(this.label);
    const t0 = performance.now();
    renderUntil(this.viewer.scene, () => performance.now() - t0 > 1000);
  }

  text() {
    const r = this.result;
    if (!r) return '';
    const lines = [
      t('measure.dist3d', { d: fmt(r.distance3d, 2) }),
      t('measure.horizontal', { d: fmt(r.horizontal, 2) }),
      t('measure.dh', { d: fmt(r.dh, 2) }),
      t('measure.depth', { a: fmt(r.depthA, 2), b: fmt(r.depthB, 2) }),
    ];
    return lines.join('\n');
  }

  redraw() {
    if (this.label) this.label.label.text = this.text();
    if (this.active) {
      this.bar.textContent = this.result ? this.text().replaceAll('\n', ' · ') : t(this.points.length ? 'measure.second' : 'measure.first');
    }
    this.viewer.scene.requestRender();
  }

  clear() {
    for (const e of this.entities) this.viewer.entities.remove(e);
    this.entities = [];
    this.points = [];
    this.result = null;
    this.label = null;
    this.viewer.scene.requestRender();
  }
}

/**
 * Measures from a to b (Cartesian3): distance3d, horizontal (along the
 * ellipsoid), dh (b above a), and depthA/depthB below groundM (negative
 * above ground), in metres.
 */
export function measure(a, b, groundM) {
  const ca = Cesium.Cartographic.fromCartesian(a);
  const cb = Cesium.Cartographic.fromCartesian(b);
  let horizontal = 0;
  try {
    horizontal = new Cesium.EllipsoidGeodesic(ca, cb).surfaceDistance || 0;
  } catch {
    // the same point twice: no horizontal distance
  }
  return {
    distance3d: Cesium.Cartesian3.distance(a, b),
    horizontal,
    dh: cb.height - ca.height,
    depthA: groundM - ca.height,
    depthB: groundM - cb.height,
    heightA: ca.height,
    heightB: cb.height,
  };
}
