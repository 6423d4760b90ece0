// viewer-query-steps.mjs — the steps of viewer-query-e2e.mjs: the
// planning queries of the viewer used as a user would. Each step takes
// {page, args, report, shot(name)}, records what it saw in report and
// throws only when later steps cannot run. Every wait is bounded.

import { open, idle, waitTiles, clickFeature, mark } from './viewer-steps.mjs';

const POLL = { polling: 250 };

// waitFor polls fn (run in the page, with arg) until it is truthy or ms pass; returns its last value.
async function waitFor(page, fn, arg, ms) {
  const h = await page.waitForFunction(fn, arg, { ...POLL, timeout: ms }).catch(() => null);
  return h ? h.jsonValue() : page.evaluate(fn, arg);
}

// lookDown puts the camera straight above (lon, lat) at the ground, range metres up, and waits for the tiles.
async function lookDown(page, lon, lat, range) {
  await page.evaluate(([lon, lat, range]) => window.cityTwin.lookAt(lon, lat, window.cityTwin.scene().groundM, range, 0, -89.9), [lon, lat, range]);
  await waitTiles(page, 30_000);
}

// drawShape presses the drawing tool and clicks the points (lon, lat at
// the ground) with the mouse; the last one is a double click when dbl,
// else the Finish button ends the drawing.
async function drawShape(page, report, tool, points, dbl) {
  await page.click(`#queries [data-draw="${tool}"]`);
  for (const [i, [lon, lat]] of points.entries()) {
    const pos = await page.evaluate(([lon, lat]) => window.cityTwin.screenPositionOf(lon, lat, window.cityTwin.scene().groundM), [lon, lat]);
    if (!pos) throw new Error(`point ${i} of the ${tool} is not on screen`);
    const last = i === points.length - 1;
    if (last && dbl) await page.mouse.dblclick(pos.x, pos.y);
    else await page.mouse.click(pos.x, pos.y);
    await waitFor(page, (n) => window.cityTwin.draw().vertices >= n, i + 1, 10_000);
    mark(report, `${tool} ${i + 1}`);
  }
  if (!dbl) await page.click('#queries [data-draw="finish"]');
  return waitFor(page, () => {
    const d = window.cityTwin.draw();
    return !d.active && d;
  }, null, 10_000);
}

// runPanel chooses the query in the panel, presses Run and waits for its summary.
async function runPanel(page, kind) {
  await page.selectOption('#queries select[data-query]', kind);
  await page.evaluate(() => (window.__lastQuery = window.cityTwin.queries.last()));
  await page.click('#queries [data-action="run"]');
  const last = await waitFor(page, (kind) => {
    const l = window.cityTwin.queries.last();
    return l && l !== window.__lastQuery && l.kind === kind && l;
  }, kind, 30_000);
  await page.evaluate(() => window.cityTwin.rendered(2));
  await idle(page, 20_000);
  return last;
}

function state(page) {
  return page.evaluate(() => ({
    ids: window.cityTwin.highlightedIds(),
    highlight: window.cityTwin.highlightState(),
    rows: window.cityTwin.resultRows(),
    panel: document.getElementById('results').innerText,
  }));
}

// area draws the polygon with real clicks (a double click ends it), runs
// Area from the panel, then clicks the first row of the table.
async function area({ page, args, report }) {
  const c = centre(args.polygon);
  mark(report, 'area');
  await lookDown(page, c[0], c[1], 260);
  mark(report, 'area view');
  const drawn = await drawShape(page, report, 'polygon', args.polygon, true);
  mark(report, 'polygon drawn');
  const summary = await runPanel(page, 'area');
  mark(report, 'area run');
  report.area = { drawn, summary, ...(await state(page)), message: await page.evaluate(() => document.querySelector('#queries .query-message')?.textContent ?? null) };
  const first = report.area.rows[0]?.id;
  if (first) {
    await page.click(`#results tr[data-id="${first}"]`);
    report.area.rowClicked = first;
    report.area.selected = await waitFor(page, (id) => {
      const s = window.cityTwin.selected();
      return s && s.id === id && !s.loading && s.color && { ...s, infoText: s.text };
    }, first, 30_000);
    mark(report, 'row selected');
  }
}

// others runs statistics, proximity and a clash check on the drawn
// polygon through the test hook (as the panel would).
async function others({ page, args, report }) {
  report.others = await page.evaluate(async ([polygon, line]) => {
    const q = window.cityTwin.queries;
    const geom = window.cityTwin.draw().geometry;
    const stats = await q.run('stats', geom);
    const histogram = document.querySelectorAll('#results .histogram .bar-row').length;
    const proximity = await q.run('proximity', { type: 'LineString', coordinates: line }, { distance: 5, probeDepth: 1 });
    const proximityRows = window.cityTwin.resultRows().map((r) => r.id);
    const clash = await q.run('clash', { type: 'LineString', coordinates: line }, { network: 'gas', diameter: 200, depth: 1.5 });
    const clashState = { ids: window.cityTwin.highlightedIds(), rows: window.cityTwin.resultRows().length, markers: window.cityTwin.highlightState().markers };
    return { stats, histogram, proximity, proximityRows, clash, clashState, polygon };
  }, [args.polygon, args.line]);
  report.others.svgSafety = await page.evaluate(svgSafety);
  mark(report, 'others');
}

// svgSafety (run in the page) feeds the section panel's SVG parser a
// drawing with a script, event attributes, a javascript: link and a
// foreign object, and a document that is no SVG.
async function svgSafety() {
  const { parseSVG } = await import('/app/js/section.js');
  const bad = '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"><script>window.__pwned=2</script>' +
    '<a href="javascript:window.__pwned=3"><circle r="1"/></a><circle r="2" onclick="window.__pwned=4"/>' +
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>';
  const svg = parseSVG(bad);
  document.body.append(svg);
  svg.querySelector('circle')?.dispatchEvent(new MouseEvent('click'));
  const active = [svg, ...svg.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => /^on|href$/i.test(n));
  const out = { active: svg.querySelectorAll('script, foreignObject, a').length + active.length, circles: svg.querySelectorAll('circle').length };
  svg.remove();
  try {
    parseSVG('<html><body>no svg</body></html>');
    out.refused = false;
  } catch {
    out.refused = true;
  }
  await new Promise((res) => setTimeout(res, 100));
  return { ...out, pwned: window.__pwned ?? null };
}

// section draws the line with two clicks and Finish, runs Cross-section from the panel.
async function section({ page, args, report }) {
  const c = centre(args.line);
  await lookDown(page, c[0], c[1], 300);
  mark(report, 'line view');
  const drawn = await drawShape(page, report, 'line', args.line, false);
  mark(report, 'line drawn');
  const summary = await runPanel(page, 'section');
  mark(report, 'section run');
  report.section = { drawn, summary, svg: await page.evaluate(() => window.cityTwin.sectionSVG()), ...(await state(page)) };
}

// isolate clicks the pipe through the see-through ground, presses
// Isolate in the Feature panel, steps back and takes the screenshot of
// the result (the Feature panel collapsed, so the Results panel shows).
async function isolate({ page, args, report, shot }) {
  await page.click('#queries [data-draw="clear"]');
  await page.click('#btn-underground');
  const selected = await clickFeature(page, args.pipe, 40);
  mark(report, 'pipe clicked');
  const buttons = await page.evaluate(() => [...document.querySelectorAll('#info [data-trace]')].map((b) => b.dataset.trace));
  await page.evaluate(() => (window.__lastTrace = window.cityTwin.lastTrace()));
  await page.click('#info [data-trace="isolate"]');
  const trace = await waitFor(page, () => {
    const l = window.cityTwin.lastTrace();
    return l && l !== window.__lastTrace && l;
  }, null, 30_000);
  await page.evaluate(() => window.cityTwin.rendered(2));
  mark(report, 'isolated');
  report.isolate = { selected, buttons, trace, ...(await state(page)) };
  await page.evaluate((p) => window.cityTwin.lookAt(p.lon, p.lat, p.height, 260, 0, -70), args.pipe);
  await waitTiles(page, 30_000);
  report.isolate.after = await page.evaluate(() => window.cityTwin.highlightState());
  await page.click('#panel-info .panel-head'); // collapsed: the Results panel shows whole
  await page.screenshot({ path: shot('queries'), timeout: 60_000 });
  report.screenshots.queries = shot('queries');
  mark(report, 'screenshot');
}

// refused runs a proximity query over the server's distance limit: the
// panel must show the server's message. Last, since it makes a 400.
async function refused({ page, args, report }) {
  report.before = { consoleErrors: report.consoleErrors.length, httpErrors: report.httpErrors.length };
  const result = await page.evaluate((line) => window.cityTwin.queries.run('proximity', { type: 'LineString', coordinates: line }, { distance: 1000 }), args.line);
  await page.waitForTimeout(300);
  report.refused = { result, message: await page.evaluate(() => document.querySelector('#queries .query-message')?.textContent ?? null) };
}

function centre(points) {
  const n = points.length;
  return [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n];
}

export const ALL = [
  ['open', open],
  ['area', area],
  ['others', others],
  ['section', section],
  ['isolate', isolate],
  ['refused', refused],
];
