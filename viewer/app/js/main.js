// main.js — starts the CityTwin viewer: reads the scene from the server,
// creates the offline CesiumJS viewer, the ground surface and one tileset
// per layer, and wires the panels and tools together.

import { t, toggleLang } from './i18n.js';
import { $, followLanguage, setupPanels, showLoading, showMessage, setPressed } from './ui.js';
import { loadScene } from './api.js';
import { createViewer, addGround } from './scene.js';
import { Layers } from './layers.js';
import { Picking } from './picking.js';
import { Styling } from './styling.js';
import { Underground } from './underground.js';
import { Measure } from './measure.js';
import { Bookmarks } from './bookmarks.js';
import { createHooks } from './hooks.js';
import { Highlighter } from './highlight.js';
import { Draw } from './draw.js';
import { Results } from './results.js';
import { SectionPanel } from './section.js';
import { Queries } from './queries.js';
import { Trace } from './trace.js';

const { Cesium } = window;

async function start(hooks) {
  followLanguage();
  setupPanels();
  $('#btn-lang').addEventListener('click', toggleLang);
  showLoading(t('loading.scene'));
  const viewer = createViewer('map');
  hooks.api.viewer = viewer;
  const scene = await loadScene();
  if (!scene.extent) throw new Error('the scene has no extent');
  $('#synthetic-badge').hidden = !scene.synthetic;

  const ground = addGround(viewer, scene.extent, scene.groundM);
  const layers = new Layers(viewer, scene);
  const picking = new Picking(viewer, layers, ground);
  const styling = new Styling(viewer, layers, () => picking.rehighlight(true));
  const underground = new Underground(viewer, layers, ground, scene, (on) => setPressed($('#btn-underground'), on));
  const measure = new Measure(viewer, scene.groundM, $('#measure-bar'));
  const bookmarks = new Bookmarks(viewer, scene, (on) => underground.set(on));
  const parts = { viewer, scene, layers, picking, styling, underground, measure, bookmarks, ...planning(viewer, scene, layers, picking) };

  wireTools(parts);
  bookmarks.render();
  bookmarks.go('home', 0);
  hooks.attach(parts);
  await layers.load();
  styling.render();
  for (const e of layers.entries) {
    if (e.error) showMessage(t('error.tileset', { name: e.name, error: e.error }), 0);
  }
}

// planning creates the query tools: drawing, highlighted results, the
// section drawing, the Queries panel and the traces of the Feature panel.
function planning(viewer, scene, layers, picking) {
  const highlighter = new Highlighter(viewer, layers, () => picking.current?.feature, () => picking.rehighlight(true));
  const results = new Results(viewer, highlighter, picking);
  const section = new SectionPanel((id) => results.focus(id));
  let queries = null;
  const draw = new Draw(viewer, scene.groundM, (d) => {
    viewer.container.classList.toggle('drawing', d.active);
    queries?.drawChanged();
  });
  queries = new Queries(scene, draw, results, section);
  const trace = new Trace(results);
  picking.setActions((c) => trace.actions(c));
  return { highlighter, results, section, draw, queries, trace };
}

function wireTools({ viewer, picking, underground, measure, draw }) {
  const btnUnder = $('#btn-underground');
  btnUnder.addEventListener('click', () => underground.toggle());
  const btnMeasure = $('#btn-measure');
  btnMeasure.addEventListener('click', () => {
    if (draw.active) draw.finish();
    measure.setActive(!measure.active);
    setPressed(btnMeasure, measure.active);
    viewer.container.classList.toggle('measuring', measure.active);
  });
  const handler = new Cesium.ScreenSpaceEventHandler(viewer.scene.canvas);
  handler.setInputAction((click) => {
    if (draw.active) draw.click(click.position);
    else if (measure.active) measure.click(click.position);
    else picking.click(click.position);
  }, Cesium.ScreenSpaceEventType.LEFT_CLICK);
  handler.setInputAction(() => draw.active && draw.finish(), Cesium.ScreenSpaceEventType.LEFT_DOUBLE_CLICK);
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    if (draw.active) draw.cancel();
    if (measure.active) measure.clear();
    picking.clear();
  });
}

const hooks = createHooks();
start(hooks).catch((err) => {
  hooks.fail(err);
  showLoading('');
  showMessage(t('error.scene', { error: err?.message ?? String(err) }), 0);
  console.error('citytwin viewer:', err);
});
