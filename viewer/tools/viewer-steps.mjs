// viewer-steps.mjs — the steps of viewer-e2e.mjs, in order. Each takes
// {page, args, report, shot(name)} and records what it saw in report; it
// throws only when later steps cannot run. Every wait is bounded.

const POLL = { polling: 250 };

// waitTiles waits until no shown tileset has tiles pending.
async function waitTiles(page, ms) {
  await page.waitForFunction(() => {
    const s = window.cityTwin.stats();
    return s.pending === 0 && Object.values(s.layers).every((l) => !l.show || l.tilesLoaded);
  }, null, { ...POLL, timeout: ms }).catch(() => {});
  await page.evaluate(() => window.cityTwin.rendered(2));
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
  await page.evaluate(() => window.cityTwin.rendered(1));
  await page.screenshot({ path: shot('normal'), timeout: 60_000 });
  report.screenshots.normal = shot('normal');
}

// selectBuilding looks straight down on the building and clicks its roof.
async function selectBuilding({ page, args, report }) {
  const b = args.building;
  report.building = b;
  await page.evaluate((b) => window.cityTwin.lookAt(b.lon, b.lat, b.height, 120, 0, -89.9), b);
  await waitTiles(page, 30_000);
  const pos = await page.evaluate((b) => window.cityTwin.screenPositionOf(b.lon, b.lat, b.height), b);
  if (!pos) throw new Error('building not on screen');
  await page.mouse.click(pos.x, pos.y);
  await page.waitForFunction(() => {
    const s = window.cityTwin.selected();
    return s && !s.loading;
  }, null, { ...POLL, timeout: 30_000 }).catch(() => {});
  report.selected = await page.evaluate(() => {
    const s = window.cityTwin.selected();
    return s && { ...s, infoText: document.getElementById('info').innerText };
  });
  report.selected && (report.selected.click = pos);
}

// underground presses the button, waits for depth labels, takes the
// built-in underground view and then goes below the ellipsoid.
async function underground({ page, report, shot }) {
  await page.click('#btn-underground');
  await page.waitForFunction(() => window.cityTwin.underground().labels > 0, null, { ...POLL, timeout: 30_000 }).catch(() => {});
  report.underground = await page.evaluate(() => window.cityTwin.underground());
  await page.click('#views [data-view="underground"]');
  await page.waitForFunction(() => {
    const u = window.cityTwin.underground();
    return u.cameraHeight < u.groundM - 1 && !window.cityTwin.viewer.camera._currentFlight;
  }, null, { ...POLL, timeout: 30_000 }).catch(() => {});
  await waitTiles(page, 30_000);
  await page.waitForFunction(() => window.cityTwin.underground().labels > 0, null, { ...POLL, timeout: 20_000 }).catch(() => {});
  const view = await page.evaluate(() => window.cityTwin.underground());
  await page.screenshot({ path: shot('underground'), timeout: 60_000 });
  report.screenshots.underground = shot('underground');
  const deep = await page.evaluate(async () => {
    const target = Math.min(window.cityTwin.scene().groundM, 0) - 30;
    window.cityTwin.setView({ ...window.cityTwin.camera(), height: target });
    await window.cityTwin.rendered(3);
    return { target, height: window.cityTwin.camera().height };
  });
  report.below = { view, ellipsoidTarget: deep.target, ellipsoidHeight: deep.height };
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
  ['underground', underground],
  ['language', language],
  ['laptop', laptop],
];
