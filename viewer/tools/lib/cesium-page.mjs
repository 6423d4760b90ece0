// cesium-page.mjs — the test page of cesium-load.mjs. It loads CesiumJS
// from /cesium/ (node_modules/cesium/Build/Cesium), fully offline: no
// Cesium ion token, no imagery (a plain globe of one colour), no sky box
// and no atmosphere, so that the only structure on screen is the tileset.
// It loads /tiles/<root> with Cesium3DTileset.fromUrl, zooms to it and
// keeps its observations in window.harness, which the driver polls.

/**
 * Returns the HTML of the test page.
 * @param {{tileset: string, maximumScreenSpaceError: number}} opts
 *   tileset: URL path of the root tileset ("/tiles/tileset.json").
 */
export function cesiumPage({ tileset, maximumScreenSpaceError }) {
  const config = JSON.stringify({ tileset, maximumScreenSpaceError });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CityTwin CesiumJS load test</title>
<script>window.CESIUM_BASE_URL = '/cesium/';</script>
<script src="/cesium/Cesium.js"></script>
<link rel="stylesheet" href="/cesium/Widgets/widgets.css">
<style>
html, body, #map { margin: 0; width: 100%; height: 100%; overflow: hidden; background: #000; }
/* credits hidden in this test page only: the screenshot check measures the tiles */
.cesium-viewer-bottom { display: none; }
</style>
</head>
<body>
<div id="map"></div>
<script>
${pageScript(config)}
</script>
</body>
</html>
`;
}

function pageScript(config) {
  return `'use strict';
const CONFIG = ${config};
const harness = {
  phase: 'starting', cesium: null, error: null, tilesLoaded: false,
  contentLoads: 0, contentUnloads: 0, failed: [], renderErrors: [],
  features: 0, sampleProperties: null, stats: null, frames: 0,
};
window.harness = harness;

function describe(err) {
  return err && err.message ? err.message : String(err);
}

function onTileLoad(tile) {
  harness.contentLoads++;
  const content = tile.content;
  if (!content) return;
  harness.features += content.featuresLength || 0;
  if (harness.sampleProperties === null && content.featuresLength > 0) {
    const feature = content.getFeature(0);
    const props = {};
    for (const id of feature.getPropertyIds()) props[id] = feature.getProperty(id);
    harness.sampleProperties = props;
  }
}

async function start() {
  harness.cesium = Cesium.VERSION;
  Cesium.Ion.defaultAccessToken = '';
  const viewer = new Cesium.Viewer('map', {
    baseLayer: false, baseLayerPicker: false, geocoder: false, homeButton: false,
    sceneModePicker: false, navigationHelpButton: false, animation: false, timeline: false,
    fullscreenButton: false, infoBox: false, selectionIndicator: false,
    skyBox: false, skyAtmosphere: false, showRenderLoopErrors: false,
    terrainProvider: new Cesium.EllipsoidTerrainProvider(),
  });
  window.viewer = viewer;
  const scene = viewer.scene;
  scene.globe.baseColor = Cesium.Color.fromCssColorString('#5a6470');
  scene.globe.showGroundAtmosphere = false;
  scene.globe.enableLighting = false;
  scene.fog.enabled = false;
  scene.backgroundColor = Cesium.Color.fromCssColorString('#20242a');
  scene.renderError.addEventListener((_, err) => harness.renderErrors.push(describe(err)));
  scene.postRender.addEventListener(() => { harness.frames++; });

  harness.phase = 'fetching tileset';
  const tileset = await Cesium.Cesium3DTileset.fromUrl(CONFIG.tileset, {
    maximumScreenSpaceError: CONFIG.maximumScreenSpaceError,
  });
  window.tileset = tileset;
  tileset.tileFailed.addEventListener((e) => harness.failed.push({ url: e.url, message: describe(e.message) }));
  tileset.tileLoad.addEventListener(onTileLoad);
  tileset.tileUnload.addEventListener(() => { harness.contentUnloads++; });
  tileset.allTilesLoaded.addEventListener(() => { harness.allTilesLoadedEvents = (harness.allTilesLoadedEvents || 0) + 1; });
  scene.primitives.add(tileset);
  harness.phase = 'zooming';
  await viewer.zoomTo(tileset, new Cesium.HeadingPitchRange(0.6, -0.6, tileset.boundingSphere.radius * 2.2));
  harness.phase = 'loading tiles';
  scene.postRender.addEventListener(() => {
    const s = tileset.statistics;
    harness.tilesLoaded = tileset.tilesLoaded;
    harness.stats = {
      selected: s.selected, contentReady: s.numberOfTilesWithContentReady,
      tilesTotal: s.numberOfTilesTotal, pending: s.numberOfPendingRequests,
      processing: s.numberOfTilesProcessing, trianglesSelected: s.numberOfTrianglesSelected,
      featuresSelected: s.numberOfFeaturesSelected, geometryBytes: s.geometryByteLength,
    };
  });
}

start().catch((err) => {
  harness.error = describe(err);
  harness.phase = 'failed';
  console.error('harness: ' + harness.error);
});
`;
}
