// viewer-steps.mjs — the steps of viewer-e2e.mjs, in order. Each takes
// {page, args, report, shot(name)} and records what it saw in report; it
// throws only when later steps cannot run. Every wait is bounded.

const POLL = { polling: 250 };

// mark records how long the step has run when it reaches label.
function mark(report, label) {
  const now = Date.now();
  report.marks ??= [];
  report.markStart ??= now;
  report.marks.push(`${label} ${((now - report.markStart) / 1000).toFixed(1)}s`);
}

// waitTiles waits until no shown tileset has tiles pending and the scene
// has gone idle (no frame for a while: input and screenshots are quick
// then; software WebGL draws about a frame a second).
async function waitTiles(page, ms) {
  await page.waitForFunction(() => {
    const s = window.cityTwin.stats();
    return s.pending === 0 && Object.values(s.layers).every((l) => !l.show || l.tilesLoaded);
  }, null, { ...POLL, timeout: ms }).catch(() => {});
  await idle(page, ms);
}

function idle(page, ms) {
  return page.evaluate((ms) => window.cityTwin.idle(1500, ms), ms);
}

async function open({ page, args, report }) {
  await page.goto(args.url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction(() => window.cityTwin, null, { ...POLL, timeout: 30_000 });
  const r = await page.evaluate((ms) => Promise.race([
    window.cityTwin.ready.then(() => ({ ready: true }), (err) => ({ ready: false, error: String(err?.message ?? err) })),
    new Promise((res) => setTimeout(() => res({ ready: false, error: `not ready after ${ms / 1000} s` }), ms)),
  ]), args.timeout * 1000);
  report.ready = r.ready;
  report.cesium = await page.evaluate(() => window.Cesium?.VERSION ?? null);
  report.stats = await page.evaluate(() => window.cityTwin.stats?.() ?? null);
  if (!r.ready) throw new Error(r.error ?? 'viewer not ready');
}

async function shotNormal({ page, report, shot }) {
  await idle(page, 30_000);
  await page.screenshot({ path: shot('normal'), timeout: 60_000 });
  report.screenshots.normal = shot('normal');
}

// clickFeature looks straight down on the point p {lon, lat, height} from
// range metres, clicks it with the mouse and returns what the info panel
// then shows.
async function clickFeature(page, p, range) {
  await page.evaluate(([p, range]) => window.cityTwin.lookAt(p.lon, p.lat, p.height, range, 0, -89.9), [p, range]);
  await waitTiles(page, 30_000);
  const pos = await page.evaluate((p) => window.cityTwin.screenPositionOf(p.lon, p.lat, p.height), p);
  if (!pos) throw new Error(`${p.id} not on screen`);
  await page.mouse.click(pos.x, pos.y);
  await page.waitForFunction(() => {
    const s = window.cityTwin.selected();
    return s && !s.loading;
  }, null, { ...POLL, timeout: 30_000 }).catch(() => {});
  const sel = await page.evaluate(() => {
    const s = window.cityTwin.selected();
    return s && { ...s, infoText: document.getElementById('info').innerText };
  });
  return sel && { ...sel, click: pos };
}

// selectBuilding clicks the roof of the building.
async function selectBuilding({ page, args, report }) {
  report.building = args.building;
  report.selected = await clickFeature(page, args.building, 120);
}

// underground presses the button, waits for depth labels, takes the
// built-in underground view (a real click on it) for the screenshot, then
// moves the camera below the ground and below the ellipsoid.
async function underground({ page, args, report, shot }) {
  mark(report, 'underground');
  await idle(page, 30_000);
  mark(report, 'idle');
  await page.click('#btn-underground');
  mark(report, 'clicked');
  await page.waitForFunction(() => window.cityTwin.underground().labels > 0, null, { ...POLL, timeout: 30_000 }).catch(() => {});
  mark(report, 'labels');
  report.underground = await page.evaluate(() => window.cityTwin.underground());
  report.pipeSelected = await clickFeature(page, args.pipe, 40);
  mark(report, 'pipe clicked');
  await page.click('#views [data-view="underground"]');
  mark(report, 'clicked view');
  await page.waitForFunction(() => !window.cityTwin.viewer.camera._currentFlight, null, { ...POLL, timeout: 30_000 }).catch(() => {});
  mark(report, 'flown');
  await waitTiles(page, 30_000);
  mark(report, 'tiles');
  await page.waitForFunction(() => window.cityTwin.underground().labels > 0, null, { ...POLL, timeout: 20_000 }).catch(() => {});
  await idle(page, 20_000);
  mark(report, 'labels, idle');
  await page.screenshot({ path: shot('underground'), timeout: 60_000 });
  mark(report, 'screenshot');
  report.screenshots.underground = shot('underground');
  report.below = await page.evaluate(async () => {
    const ct = window.cityTwin;
    const go = async (height) => {
      ct.setView({ ...ct.camera(), height });
      await ct.rendered(2);
      await ct.idle(800, 20_000);
      return ct.camera().height;
    };
    const groundM = ct.scene().groundM;
    const groundTarget = groundM - 5;
    const ellipsoidTarget = Math.min(groundM, 0) - 30;
    return { groundM, groundTarget, groundHeight: await go(groundTarget), ellipsoidTarget, ellipsoidHeight: await go(ellipsoidTarget), state: ct.underground() };
  });
  mark(report, 'below');
}

// tools toggles a layer, switches both thematic styles and measures
// between two clicked points, all with real clicks.
async function tools({ page, report }) {
  const out = {};
  await idle(page, 30_000);
  const gas = '#layer-list input[data-layer="gas"]';
  await page.click(gas);
  out.gasHidden = await page.evaluate(() => window.cityTwin.stats().layers.gas?.show === false);
  await page.click(gas);
  out.gasShown = await page.evaluate(() => window.cityTwin.stats().layers.gas?.show === true);
  await page.selectOption('select[data-style="building"]', 'height');
  await page.selectOption('select[data-style="utility"]', 'diameter');
  await idle(page, 30_000);
  out.styles = await page.evaluate(() => window.cityTwin.styleModes());
  out.legend = await page.evaluate(() => document.getElementById('legend').innerText);
  out.highlight = await page.evaluate(() => window.cityTwin.selected()?.color ?? null);
  await page.click('#btn-measure');
  const box = await page.evaluate(() => document.getElementById('map').getBoundingClientRect().toJSON());
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.click(cx - 150, cy + 60);
  await idle(page, 20_000);
  await page.mouse.click(cx + 150, cy - 60);
  await idle(page, 20_000);
  out.measure = await page.evaluate(() => window.cityTwin.measureResult());
  out.measureText = await page.evaluate(() => document.getElementById('measure-bar').innerText);
  await page.click('#btn-measure');
  await page.selectOption('select[data-style="building"]', 'default');
  await page.selectOption('select[data-style="utility"]', 'network');
  report.tools = out;
}

async function texts(page) {
  return page.evaluate(() => ({
    htmlLang: document.documentElement.lang,
    underground: document.getElementById('btn-underground').textContent,
    layers: document.querySelector('#panel-layers .panel-head').textContent,
    info: document.getElementById('info').innerText,
    title: document.title,
    labels: window.cityTwin.underground().labelTexts,
  }));
}

async function language({ page, report }) {
  const before = await texts(page);
  await idle(page, 30_000);
  await page.click('#btn-lang');
  await page.waitForFunction(() => document.documentElement.lang === 'ru', null, { ...POLL, timeout: 10_000 }).catch(() => {});
  report.lang = { before, after: await texts(page), stored: await page.evaluate(() => localStorage.getItem('citytwin.lang')) };
}

// laptop resizes to 1366×768, goes home and records the panel layout.
async function laptop({ page, report, shot }) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.evaluate(() => window.cityTwin.goView('home'));
  await waitTiles(page, 30_000);
  report.layout = await page.evaluate(() => {
    const box = (sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return { width: innerWidth, height: innerHeight, left: box('#left'), right: box('#right'), topbar: box('#topbar') };
  });
  await page.screenshot({ path: shot('laptop'), timeout: 60_000 });
  report.screenshots.laptop = shot('laptop');
  report.stats = await page.evaluate(() => window.cityTwin.stats());
}

export const ALL = [
  ['open', open],
  ['screenshot', shotNormal],
  ['select building', selectBuilding],
  ['tools', tools],
  ['underground', underground],
  ['language', language],
  ['laptop', laptop],
];

// Helpers shared with the planning-query steps (viewer-query-steps.mjs).
export { open, idle, waitTiles, clickFeature, mark };
