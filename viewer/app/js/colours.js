// colours.js — the colours the tiles are baked with (mirrors
// twin/tiler/colours.go: APWA one-call colours for utilities, sRGB 0…1),
// the highlight colour, and the palettes of the thematic styles.

export const NETWORK_SRGB = {
  power: [1, 0, 0],
  gas: [1, 1, 0],
  water: [0, 0.4, 1],
  sewer: [0, 0.7, 0],
  telecom: [1, 0.5, 0],
  storm: [0, 0.6, 0.55],
  heating: [1, 0.3, 0.65],
};
export const OTHER_SRGB = [0.6, 0.6, 0.6];
export const ABANDONED_SRGB = [0.3, 0.3, 0.3];
export const PLANNED_ALPHA = 0.5;
export const WALL_SRGB = [0.86, 0.83, 0.77];
export const ROOF_SRGB = [0.68, 0.52, 0.46];

/** The baked colour of a network (grey for one without a colour). */
export function networkColour(network) {
  return NETWORK_SRGB[network] ?? OTHER_SRGB;
}

// Highlight of the selected feature: magenta stands apart from every
// network colour and from the buildings.
export const HIGHLIGHT_CSS = '#ff00ff';
export const HIGHLIGHT_BUILDING_CSS = '#ffd400';

// A sequential ramp (light yellow → dark purple, after ColorBrewer YlGnBu
// / viridis), colour-blind safe, for heights, years and diameters.
export const RAMP = ['#fde725', '#90d743', '#35b779', '#21918c', '#31688e', '#443983', '#440154'];

// Ten distinct categorical colours (Tableau 10) for uses and materials.
export const CATEGORIES = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export const UNKNOWN_CSS = '#9a9a9a';

// Colours of query results in the tiles and of their markers: apart from
// the network colours and the selection (magenta, yellow).
export const QUERY_CSS = {
  result: '#00e5ff',
  valve: '#ff1744',
  isolated: '#00e5ff',
  cut: '#c77dff',
  clash: '#ff1744',
  clearance: '#ff9100',
};
