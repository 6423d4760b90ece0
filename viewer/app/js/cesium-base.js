// Where CesiumJS finds its workers and assets; must run before /cesium/Cesium.js.
window.CESIUM_BASE_URL = '/cesium/';
