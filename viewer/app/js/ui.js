// ui.js — small DOM helpers: element builder, the static texts of
// index.html (data-i18n attributes), collapsible panels, the loading
// indicator and a transient message line.

import { t, onLangChange } from './i18n.js';

/**
 * Creates an element. attrs: properties or attributes (class, text,
 * dataset keys as data-*, on* = listeners); children: nodes or strings.
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'style' && typeof v === 'object') Object.assign(e.style, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) e.append(c);
  }
  return e;
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** Fills data-i18n, data-i18n-title and data-i18n-placeholder texts below root. */
export function applyTexts(root = document) {
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-title]')) e.title = t(e.dataset.i18nTitle);
  for (const e of root.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  document.title = `${t('app.title')} · ${t('app.subtitle')}`;
}

/** Makes every .panel collapsible by its heading button. */
export function setupPanels() {
  for (const panel of document.querySelectorAll('.panel')) {
    const head = panel.querySelector('.panel-head');
    head?.addEventListener('click', () => {
      const collapsed = panel.classList.toggle('collapsed');
      head.setAttribute('aria-expanded', String(!collapsed));
    });
  }
}

/** Sets a toggle button's pressed state (aria-pressed drives its style). */
export function setPressed(button, on) {
  button.setAttribute('aria-pressed', String(on));
}

/** Shows text in the loading indicator, or hides it for an empty text. */
export function showLoading(text) {
  const box = $('#loading');
  $('#loading-text').textContent = text || '';
  box.hidden = !text;
}

let messageTimer = 0;

/** Shows a message for ms milliseconds (0: until replaced). */
export function showMessage(text, ms = 6000) {
  const box = $('#message');
  box.textContent = text;
  box.hidden = !text;
  clearTimeout(messageTimer);
  if (text && ms > 0) messageTimer = setTimeout(() => (box.hidden = true), ms);
}

/** Re-applies the static texts whenever the language changes. */
export function followLanguage() {
  applyTexts();
  onLangChange(() => applyTexts());
}

/** CSS colour of an sRGB triple (components 0…1) and an alpha. */
export function cssColor([r, g, b], a = 1) {
  const c = (x) => Math.round(Math.min(1, Math.max(0, x)) * 255);
  return a >= 1 ? `rgb(${c(r)} ${c(g)} ${c(b)})` : `rgb(${c(r)} ${c(g)} ${c(b)} / ${a})`;
}
