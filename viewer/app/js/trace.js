// trace.js — network traces from the selected pipe or node: the Feature
// panel offers "Trace connected" for every utility, "Upstream" and
// "Downstream" on gravity networks (sewer, storm) and "Isolate" on
// pressure networks with valves (water, gas, heating); the answer of
// /api/v1/query/trace goes to the Results panel and is highlighted.

import { t } from './i18n.js';
import { el } from './ui.js';
import { runQuery } from './queryapi.js';

const GRAVITY = new Set(['sewer', 'storm']);
const VALVED = new Set(['water', 'gas', 'heating']);

export class Trace {
  constructor(results) {
    this.results = results;
    this.abort = null;
    this.last = null; // summary of the last trace
  }

  /** The trace kinds offered for a selection {props, layer, kind} of the picking module. */
  kindsFor(c) {
    const k = c?.props?.kind;
    if (!c?.id || c.kind === 'building' || (k !== 'segment' && k !== 'node')) return [];
    const network = String(c.props.network || c.layer || '');
    const kinds = ['connected'];
    if (GRAVITY.has(network)) kinds.push('upstream', 'downstream');
    if (VALVED.has(network)) kinds.push('isolate');
    return kinds;
  }

  /** Buttons for the Feature panel (none for a building). */
  actions(c) {
    const kinds = this.kindsFor(c);
    if (!kinds.length) return [];
    return [el('div', { class: 'trace-buttons' }, kinds.map((kind) => el('button', {
      type: 'button', 'data-trace': kind, text: t(`trace.${kind}`), title: t(`trace.${kind}Title`),
      onclick: () => this.run(kind, c.id),
    })))];
  }

  /** Runs a trace of kind from feature id; resolves to its summary. */
  async run(kind, id) {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.results.setStatus('res.running', { what: t(`trace.${kind}`) });
    try {
      const res = await runQuery('trace', { kind, start: id }, abort.signal);
      const view = this.results.show('trace', res);
      this.last = { kind, start: id, counts: res.counts, valves: (res.valves ?? []).map((v) => v.id), rows: view.rows.length };
    } catch (err) {
      if (err.name === 'AbortError') return null;
      this.results.setStatus('res.failed', { error: err.message });
      this.last = { kind, start: id, error: err.message };
    }
    return this.last;
  }
}
