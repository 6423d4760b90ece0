// section.js — the panel with the SVG drawing of a cross-section, as the
// server draws it (/api/v1/query/section?format=svg). The server's text is
// parsed as image/svg+xml, cleaned of anything active (scripts, foreign
// objects, event attributes, links) and imported as a node, never set as
// HTML. The panel can be resized and scrolled; a click on a pipe or a
// building in the drawing selects it.

import { t, onLangChange } from './i18n.js';
import { el } from './ui.js';

const ACTIVE = 'script, style, foreignObject, iframe, object, embed, a, use';

export class SectionPanel {
  /** onPick(id) runs for a click on an element of the drawing with a data-id. */
  constructor(onPick) {
    this.box = document.getElementById('section-panel');
    this.onPick = onPick;
    this.svg = null;
    this.error = null;
    onLangChange(() => this.render());
  }

  /** Shows the SVG text of a section; throws when it is no SVG document. */
  show(text) {
    this.svg = parseSVG(text);
    this.error = null;
    this.render();
  }

  clear() {
    this.svg = null;
    this.render();
  }

  render() {
    this.box.hidden = !this.svg;
    if (!this.svg) {
      this.box.replaceChildren();
      return;
    }
    const body = el('div', { class: 'section-body', id: 'section-svg', onclick: (ev) => this.click(ev) }, this.svg);
    this.box.replaceChildren(
      el('div', { class: 'section-head' },
        el('span', { class: 'section-title', text: t('section.title') }),
        el('span', { class: 'hint', text: t('section.hint') }),
        el('button', { class: 'close', type: 'button', title: t('section.close'), 'aria-label': t('section.close'), text: '×', onclick: () => this.clear() })),
      body);
  }

  click(ev) {
    const target = ev.target instanceof Element ? ev.target.closest('[data-id]') : null;
    if (target) this.onPick?.(target.getAttribute('data-id'));
  }

  /** What the panel shows (for the tests). */
  state() {
    const svg = this.box.querySelector('svg');
    if (!svg) return null;
    return {
      shown: !this.box.hidden,
      circles: svg.querySelectorAll('circle').length,
      ids: [...new Set([...svg.querySelectorAll('[data-id]')].map((e) => e.getAttribute('data-id')))],
      title: svg.querySelector('title')?.textContent ?? '',
      width: svg.getBoundingClientRect().width,
    };
  }
}

/** Parses SVG text into a clean <svg> element of this document. */
export function parseSVG(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!(root instanceof SVGSVGElement) || doc.getElementsByTagName('parsererror').length) {
    throw new Error('not an SVG document');
  }
  for (const e of root.querySelectorAll(ACTIVE)) e.remove();
  for (const e of [root, ...root.querySelectorAll('*')]) {
    for (const a of [...e.attributes]) {
      if (/^on/i.test(a.name) || /href$/i.test(a.name) || /javascript:/i.test(a.value)) e.removeAttribute(a.name);
    }
  }
  const svg = document.importNode(root, true);
  svg.classList.add('section-svg');
  return svg;
}
