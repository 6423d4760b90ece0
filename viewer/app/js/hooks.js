// hooks.js — window.cityTwin, the viewer's handle for browser tests and
// the console: a ready promise (every shown tileset has loaded its visible
// tiles), tile statistics, screen positions of geographic points, the
// selection, the underground state, camera helpers, and the planning
// queries (drawing, results, highlights, section drawing, traces).

import { getLang } from './i18n.js';
import { currentView, goTo, lookingAt } from './scene.js';

const { Cesium } = window;

/** Installs window.cityTwin with a pending ready promise; attach() fills it in. */
export function createHooks() {
  let resolve, reject;
  const ready = new Promise((res, rej) => ((resolve = res), (reject = rej)));
  ready.catch(() => {}); // reported through error; no unhandled rejection
  const api = { ready, error: null, lang: getLang };
  window.cityTwin = api;
  return {
    api,
    fail(err) {
      api.error = err?.message ?? String(err);
      reject(err);
    },
    attach(parts) {
      Object.assign(api, methods(parts));
      parts.layers.ready.then(resolve);
    },
  };
}

function methods({ viewer, scene, layers, picking, underground, measure, bookmarks, styling, queries, draw, highlighter, results, section, trace }) {
  const cs = viewer.scene;
  return {
    /** Planning queries: run(kind, geometry, options) as the Queries panel would; last() its summary. */
    queries: { run: (kind, geometry, options) => queries.runWith(kind, geometry, options), last: () => queries.last },
    draw: () => draw.state(),
    /** Ids highlighted per group (result, valve, isolated, cut, clash, clearance). */
    highlightedIds: () => highlighter.ids(),
    /** Colours of the highlighted features in the tiles visible in the last frame. */
    highlightState: () => highlighter.state(),
    resultRows: () => results.rows(),
    focusResult: (id) => results.focus(id),
    sectionSVG: () => section.state(),
    trace: (kind, id) => trace.run(kind, id),
    lastTrace: () => trace.last,
    viewer,
    scene: () => structuredClone(scene),
    stats: () => layers.stats(),
    selected: () => picking.selected(),
    underground: () => ({ ...underground.state(), cameraHeight: viewer.camera.positionCartographic.height, groundM: scene.groundM }),
    measureResult: () => measure.result,
    styleModes: () => ({ ...styling.mode }),
    camera: () => currentView(viewer.camera),
    setView: (v) => goTo(viewer, v, 0),
    lookAt: (lon, lat, height, range, heading = 0, pitch = -89.9) => goTo(viewer, lookingAt({ lon, lat, height }, range, heading, pitch), 0),
    goView: (name) => bookmarks.go(name, 0),
    /** Window (CSS pixel) coordinates of a point, or null when behind the camera. */
    screenPositionOf(lon, lat, height) {
      const p = Cesium.SceneTransforms.worldToWindowCoordinates(cs, Cesium.Cartesian3.fromDegrees(lon, lat, height));
      if (!p) return null;
      const r = cs.canvas.getBoundingClientRect();
      return { x: p.x + r.left, y: p.y + r.top };
    },
    /**
     * Resolves true once no frame was drawn for quietMs (the scene is idle:
     * tiles, globe and camera settled), or false after timeoutMs.
     */
    idle(quietMs = 1500, timeoutMs = 60_000) {
      return new Promise((res) => {
        const start = performance.now();
        let last = start;
        const remove = cs.postRender.addEventListener(() => (last = performance.now()));
        const check = () => {
          const now = performance.now();
          if (now - last >= quietMs || now - start >= timeoutMs) {
            remove();
            res(now - last >= quietMs);
          } else setTimeout(check, 100);
        };
        check();
      });
    },
    /** Resolves after n more frames have been drawn. */
    rendered(n = 2) {
      return new Promise((res) => {
        let left = n;
        const remove = cs.postRender.addEventListener(() => {
          if (--left > 0) {
            cs.requestRender();
            return;
          }
          remove();
          res(layers.stats().frames);
        });
        cs.requestRender();
      });
    },
  };
}
