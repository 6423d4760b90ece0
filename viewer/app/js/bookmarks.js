// bookmarks.js — camera views: the built-in views of a guided demo (home
// from /api/v1/scene, overview, street level, underground) and named views
// the user saves, kept in localStorage.

import { t, onLangChange } from './i18n.js';
import { el } from './ui.js';
import { searchFeatures } from './api.js';
import { centreOf, extentSize, lookingAt, currentView, goTo } from './scene.js';

const STORAGE_KEY = 'citytwin.views';
const DEG_PER_M = 1 / 111320;

export class Bookmarks {
  constructor(viewer, scene, setUnderground) {
    this.viewer = viewer;
    this.scene = scene;
    this.setUnderground = setUnderground;
    this.builtins = builtinViews(scene);
    this.streetViews = null; // the street views once a street was found
    this.saved = load();
    onLangChange(() => this.render());
  }

  /** Goes to a built-in view by name ('home', 'overview', 'street', 'underground'). */
  async go(name, seconds = 1.5) {
    if (!(name in this.builtins)) return;
    this.setUnderground(name === 'underground');
    let v = this.builtins[name];
    if (name === 'street') {
      this.streetViews ??= await streetViews(this.scene).catch(() => ({}));
      v = this.streetViews[name] ?? v;
    }
    goTo(this.viewer, v, seconds);
  }

  save(name) {
    const label = name.trim() || t('views.defaultName', { n: this.saved.length + 1 });
    this.saved = this.saved.filter((b) => b.name !== label);
    this.saved.push({ name: label, view: currentView(this.viewer.camera) });
    store(this.saved);
    this.render();
  }

  remove(name) {
    this.saved = this.saved.filter((b) => b.name !== name);
    store(this.saved);
    this.render();
  }

  render() {
    const box = document.getElementById('views');
    const builtins = el('div', { class: 'view-buttons' }, Object.keys(this.builtins).map((name) =>
      el('button', { type: 'button', 'data-view': name, text: t(`views.${name}`), onclick: () => this.go(name) })));
    const input = el('input', { type: 'text', maxlength: '60', placeholder: t('views.name'), 'aria-label': t('views.name') });
    const form = el('form', { class: 'view-save', onsubmit: (ev) => { ev.preventDefault(); this.save(input.value); input.value = ''; } },
      input, el('button', { type: 'submit', text: t('views.save') }));
    const list = this.saved.length
      ? el('ul', { class: 'saved-views' }, this.saved.map((b) => el('li', {},
        el('button', { type: 'button', class: 'view-go', text: b.name, onclick: () => goTo(this.viewer, b.view) }),
        el('button', { type: 'button', class: 'close', text: '×', title: t('views.delete', { name: b.name }), 'aria-label': t('views.delete', { name: b.name }), onclick: () => this.remove(b.name) }))))
      : el('p', { class: 'hint', text: t('views.none') });
    box.replaceChildren(builtins, el('h4', { text: t('views.saved') }), list, form);
  }
}

/** The built-in views of a scene (degrees, metres). */
export function builtinViews(scene) {
  const e = scene.extent;
  const g = scene.groundM;
  const size = extentSize(e);
  const centre = centreOf(e, g);
  const southLat = e.south - 10 * DEG_PER_M;
  return {
    home: scene.home ?? lookingAt(centre, size * 0.9, 25, -38),
    overview: lookingAt(centre, size * 1.5, 0, -75),
    street: { lon: centre.lon, lat: southLat, height: g + 1.8, heading: 0, pitch: 2, roll: 0 },
    // steeply down through the translucent ground, where streets show
    underground: lookingAt({ ...centre, height: g - 2 }, Math.min(260, size * 0.4), 20, -62),
  };
}

// streetViews finds a street near the centre of the data (the longest
// utility segment there: a main under a street) and returns the view at
// eye height along it.
async function streetViews(scene) {
  const c = centreOf(scene.extent, scene.groundM);
  const d = 150 * DEG_PER_M;
  const dLon = d / Math.cos((c.lat * Math.PI) / 180);
  const layer = scene.layers.find((l) => l.name === 'water') ?? scene.layers.find((l) => l.kind === 'utility');
  if (!layer) return {};
  const segs = await searchFeatures({ layer: layer.name, kind: 'segment', bbox: [c.lon - dLon, c.lat - d, c.lon + dLon, c.lat + d], limit: 100 });
  let best = null;
  for (const f of segs) {
    const line = f.geometry?.type === 'LineString' ? f.geometry.coordinates : null;
    if (!line || line.length < 2) continue;
    const [a, b] = [line[0], line.at(-1)];
    const east = ((b[0] - a[0]) * Math.cos((c.lat * Math.PI) / 180)) / DEG_PER_M;
    const north = (b[1] - a[1]) / DEG_PER_M;
    const len = Math.hypot(east, north);
    if (!best || len > best.len) best = { a, len, heading: (Math.atan2(east, north) * 180) / Math.PI };
  }
  if (!best || best.len < 20) return {};
  return { street: { lon: best.a[0], lat: best.a[1], height: scene.groundM + 1.7, heading: best.heading, pitch: 0, roll: 0 } };
}

function load() {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((b) => b && typeof b.name === 'string' && b.view && Number.isFinite(b.view.lon)) : [];
  } catch {
    return [];
  }
}

function store(list) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // storage full or blocked: the views last for this page only
  }
}
