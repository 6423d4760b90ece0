// cesium-wait.mjs — polls window.harness of the Cesium test page until the
// tileset has settled: content loaded, no request pending or processing,
// tileset.tilesLoaded true over several polls while frames keep coming.

const POLL_MS = 1000;
const SETTLED_POLLS = 3; // consecutive settled polls, at least one frame apart
const IDLE_MS = 30_000; // give up this long after a settled, empty tileset

/**
 * Waits until the tiles of the page's tileset have loaded, the page failed,
 * or timeoutMs passed; returns the last window.harness snapshot.
 * @param {import('playwright-core').Page} page
 * @param {number} timeoutMs
 */
export async function waitForTiles(page, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let settled = 0;
  let lastFrame = -1;
  let emptySince = 0;
  let h = {};
  while (Date.now() < deadline) {
    h = await page.evaluate(() => JSON.parse(JSON.stringify(window.harness ?? {})));
    if (h.error || h.renderErrors?.length) {
      return h;
    }
    const quiet = h.phase === 'loading tiles' && h.tilesLoaded && h.stats &&
      h.stats.pending === 0 && h.stats.processing === 0;
    if (quiet && h.frames > lastFrame) {
      settled++;
      lastFrame = h.frames;
    } else if (!quiet) {
      settled = 0;
    }
    if (settled >= SETTLED_POLLS && h.contentLoads > 0) {
      return h;
    }
    if (quiet && h.contentLoads === 0) {
      emptySince ||= Date.now();
      if (Date.now() - emptySince > IDLE_MS) {
        return { ...h, error: 'tileset settled with no content loaded' };
      }
    } else {
      emptySince = 0;
    }
    await page.waitForTimeout(POLL_MS);
  }
  return { ...h, error: h.error ?? `timeout after ${Math.round(timeoutMs / 1000)} s in phase "${h.phase}"` };
}
