// scene.js — the CesiumJS viewer, fully offline: no Cesium ion, the
// NaturalEarthII imagery bundled with CesiumJS, an ellipsoid terrain and
// none of Cesium's own widgets. The data's ground (ground_m, e.g. 150 m in
// the demo) lies far above the ellipsoid, so a ground surface is drawn
// over the data extent for the buildings to stand on. Camera helpers too.

const { Cesium } = window;

const GROUND_RGB = [0.62, 0.64, 0.6];
const GROUND_ALPHA_UNDERGROUND = 0.3;

/** Creates the viewer in the element with id container. */
export function createViewer(container) {
  Cesium.Ion.defaultAccessToken = '';
  const software = softwareRendering();
  const imagery = Cesium.TileMapServiceImageryProvider.fromUrl(Cesium.buildModuleUrl('Assets/Textures/NaturalEarthII'));
  const viewer = new Cesium.Viewer(container, {
    baseLayer: Cesium.ImageryLayer.fromProviderAsync(imagery),
    terrainProvider: new Cesium.EllipsoidTerrainProvider(),
    baseLayerPicker: false, geocoder: false, homeButton: false, sceneModePicker: false,
    navigationHelpButton: false, animation: false, timeline: false, fullscreenButton: false,
    infoBox: false, selectionIndicator: false, skyBox: false,
    requestRenderMode: true, maximumRenderTimeChange: Infinity,
    msaaSamples: software ? 1 : 4,
  });
  const scene = viewer.scene;
  scene.backgroundColor = Cesium.Color.fromCssColorString('#1d2228');
  scene.globe.baseColor = Cesium.Color.fromCssColorString('#56606a');
  scene.globe.undergroundColor = Cesium.Color.fromCssColorString('#262b30');
  scene.globe.showGroundAtmosphere = false;
  scene.globe.maximumScreenSpaceError = GLOBE_SSE;
  scene.fog.enabled = false;
  scene.screenSpaceCameraController.minimumZoomDistance = 1;
  viewer.clock.currentTime = Cesium.JulianDate.fromIso8601(SUN_TIME);
  viewer.cesiumWidget.creditContainer.classList.add('credits');
  viewer.softwareRendering = software;
  dropClusterListener(viewer);
  return viewer;
}

// SUN_TIME is the fixed time of the scene's light (the sun): mid May near
// noon over Europe, so that shading never depends on when the viewer is
// opened. The clock does not run.
const SUN_TIME = '2026-05-15T10:00:00Z';

// dropClusterListener removes the camera.changed listener of CesiumJS's
// default entity cluster. With any listener there, every frame reads
// camera.heading, whose round trip through the local east-north-up frame
// moves the camera by about 1e-16; requestRenderMode takes that for a
// camera change and renders again, so the scene never goes idle. The
// viewer does not cluster entities, so the listener has nothing to do.
function dropClusterListener(viewer) {
  const cluster = viewer.dataSourceDisplay?.defaultDataSource?.clustering;
  if (typeof cluster?._removeEventListener === 'function') {
    cluster._removeEventListener();
    cluster._removeEventListener = () => {};
  }
}

// The globe is a backdrop below the data (the demo's ground is 150 m up;
// the ground surface covers the data extent) with imagery of a few
// kilometres a pixel, so its tiles can be coarse: this screen-space error
// stops at about level 6 (tiles' chords sag a few metres below the
// ellipsoid), and the globe finishes loading in a few frames. A globe
// still loading keeps CesiumJS rendering every frame even in
// requestRenderMode, which with software WebGL (about a frame a second)
// would take minutes.
const GLOBE_SSE = 2000;

// softwareRendering reports a WebGL renderer without a GPU (SwiftShader,
// llvmpipe), where multisampling costs more than it gives.
function softwareRendering() {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const r = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|software/i.test(r);
  } catch {
    return false;
  }
}

/**
 * Renders frame after frame until ready() holds (then once more) or
 * maxFrames were drawn. Label glyphs reach the texture atlas
 * asynchronously and CesiumJS asks for no frame when they do, so in
 * requestRenderMode new labels would stay invisible until something else
 * moved.
 */
export function renderUntil(scene, ready, maxFrames = 30) {
  let frames = 0;
  let extra = 1;
  const remove = scene.postRender.addEventListener(() => {
    frames++;
    if ((ready() && extra-- <= 0) || frames >= maxFrames) {
      remove();
      return;
    }
    setTimeout(() => scene.requestRender(), 30);
  });
  scene.requestRender();
}

/** The extent padded by margin metres on every side (degrees). */
export function padExtent(e, margin) {
  const lat = (e.south + e.north) / 2;
  const dLat = margin / 111320;
  const dLon = margin / (111320 * Math.max(0.1, Math.cos((lat * Math.PI) / 180)));
  return { west: e.west - dLon, south: e.south - dLat, east: e.east + dLon, north: e.north + dLat };
}

/**
 * Adds the ground surface at heightM over the padded extent; returns an
 * object whose setTranslucent(on) makes it see-through, and whose
 * pickThrough(fn) runs a pick with the see-through surface hidden, so that
 * a click reaches the pipes below it (an opaque surface hides them).
 */
export function addGround(viewer, extent, heightM) {
  const e = padExtent(extent, 60);
  const rectangle = Cesium.Rectangle.fromDegrees(e.west, e.south, e.east, e.north);
  const make = (alpha) => viewer.scene.primitives.add(new Cesium.Primitive({
    geometryInstances: new Cesium.GeometryInstance({
      geometry: new Cesium.RectangleGeometry({ rectangle, height: heightM, vertexFormat: Cesium.PerInstanceColorAppearance.VERTEX_FORMAT }),
      attributes: { color: Cesium.ColorGeometryInstanceAttribute.fromColor(new Cesium.Color(...GROUND_RGB, alpha)) },
    }),
    appearance: new Cesium.PerInstanceColorAppearance({ translucent: alpha < 1, closed: false }),
    allowPicking: false,
    shadows: Cesium.ShadowMode.DISABLED,
  }));
  const opaque = make(1);
  const clear = make(GROUND_ALPHA_UNDERGROUND);
  clear.show = false;
  return {
    setTranslucent(on) {
      opaque.show = !on;
      clear.show = on;
      viewer.scene.requestRender();
    },
    pickThrough(fn) {
      const shown = clear.show;
      clear.show = false;
      try {
        return fn();
      } finally {
        clear.show = shown;
      }
    },
  };
}

/** The centre of an extent with a height. */
export function centreOf(e, height) {
  return { lon: (e.west + e.east) / 2, lat: (e.south + e.north) / 2, height };
}

/** The larger side of an extent in metres. */
export function extentSize(e) {
  const lat = (e.south + e.north) / 2;
  const w = (e.east - e.west) * 111320 * Math.cos((lat * Math.PI) / 180);
  const h = (e.north - e.south) * 111320;
  return Math.max(w, h, 50);
}

/** A view ({lon, lat, height, heading, pitch, roll} in degrees) as a Cesium camera destination. */
export function toCamera(v) {
  return {
    destination: Cesium.Cartesian3.fromDegrees(v.lon, v.lat, v.height),
    orientation: {
      heading: Cesium.Math.toRadians(v.heading ?? 0),
      pitch: Cesium.Math.toRadians(v.pitch ?? -45),
      roll: Cesium.Math.toRadians(v.roll ?? 0),
    },
  };
}

/** The camera's current view in degrees and metres. */
export function currentView(camera) {
  const c = camera.positionCartographic;
  const d = Cesium.Math.toDegrees;
  return { lon: d(c.longitude), lat: d(c.latitude), height: c.height, heading: d(camera.heading), pitch: d(camera.pitch), roll: d(camera.roll) };
}

/** Moves the camera to view v, flying for seconds (0: at once). */
export function goTo(viewer, v, seconds = 1.5) {
  const cam = toCamera(v);
  if (seconds > 0) viewer.camera.flyTo({ ...cam, duration: seconds });
  else viewer.camera.setView(cam);
  viewer.scene.requestRender();
}

/**
 * A view looking at target {lon, lat, height} from range metres away,
 * heading and pitch in degrees.
 */
export function lookingAt(target, range, heading, pitch) {
  const centre = Cesium.Cartesian3.fromDegrees(target.lon, target.lat, target.height);
  const enu = Cesium.Transforms.eastNorthUpToFixedFrame(centre);
  const h = Cesium.Math.toRadians(heading);
  const p = Cesium.Math.toRadians(pitch);
  // Offset from the target to the camera in east-north-up metres.
  const local = new Cesium.Cartesian3(-Math.sin(h) * Math.cos(p) * range, -Math.cos(h) * Math.cos(p) * range, -Math.sin(p) * range);
  const pos = Cesium.Matrix4.multiplyByPoint(enu, local, new Cesium.Cartesian3());
  const c = Cesium.Cartographic.fromCartesian(pos);
  return { lon: Cesium.Math.toDegrees(c.longitude), lat: Cesium.Math.toDegrees(c.latitude), height: c.height, heading, pitch, roll: 0 };
}

const MAX_LEVEL_PICK_M = 50_000;
// Points picked deeper than this below the ground are taken for the globe.
const MAX_PICK_DEPTH_M = 60;

/**
 * The point under window position pos: the opaque surface there
 * (buildings, pipes, the opaque ground), else the level ground at groundM
 * — also where the depth buffer gives the globe far below the data (seen
 * through the see-through ground in underground mode). Undefined when
 * neither is hit.
 */
export function pickPoint(scene, pos, groundM) {
  let p;
  if (scene.pickPositionSupported) {
    try {
      p = scene.pickPosition(pos);
    } catch {
      p = undefined;
    }
  }
  if (p && Cesium.Cartographic.fromCartesian(p).height < groundM - MAX_PICK_DEPTH_M) p = undefined;
  return p ?? pickLevel(scene, pos, groundM);
}

/**
 * The point where the ray through window position pos meets the level
 * surface at heightM (an ellipsoid grown by heightM), or undefined.
 */
export function pickLevel(scene, pos, heightM) {
  const ray = scene.camera.getPickRay(pos);
  if (!ray) return undefined;
  const r = Cesium.Ellipsoid.WGS84.radii;
  const ell = new Cesium.Ellipsoid(r.x + heightM, r.y + heightM, r.z + heightM);
  const hit = Cesium.IntersectionTests.rayEllipsoid(ray, ell);
  if (!hit) return undefined;
  // From below the level the ray leaves the grown ellipsoid where it
  // comes up again: near when looking up, on the far side of the Earth
  // when looking down (no hit then).
  const t = hit.start > 0 ? hit.start : hit.stop;
  return t > 0 && t < MAX_LEVEL_PICK_M ? Cesium.Ray.getPoint(ray, t) : undefined;
}
