// Broadsheet demo page: loads the wasm package from ./pkg (built by `make build`), cleans a
// bundled sample, pasted HTML or a dropped file, and shows the original beside the reader view,
// the removed blocks and the timings. Plain ES module, no framework, no bundler.
//
// Safety: the page's own strings only ever reach the DOM through textContent; the one
// exception is the core's sanitized output (`contentHtml`, `removed[i].html`), which goes
// through one function, sanitizedFragment(): parsed into an inert <template>, then its nodes
// adopted into the page. The original is shown in <iframe sandbox srcdoc> with scripts off, and
// index.html's Content-Security-Policy (inherited by the srcdoc frame) forbids inline and
// remote scripts on top of that, and requires Trusted Types: only the two policies below may
// produce HTML for a sink.

// The package's loader (src/wasm-loader.js): if a call ever crashes the core, that call throws
// CoreCrashed and the next one runs on a fresh instance.
import { loadCore } from './pkg/loader.js';

/** The loaded core: {clean, checkRules, version}. */
let core = null;

// --- Tunables ----------------------------------------------------------------------------------

/** Bundled samples (our own pages, in ./samples). Cleaned with their own location as the URL,
 * so their relative images resolve offline. */
const SAMPLES = [
  { file: 'night-ferry.html', label: 'News story with cookie banner, ads, newsletter box' },
  { file: 'budget-paywall.html', label: 'Paywalled story (text present in the page)' },
  { file: 'cedar-workshop.html', label: 'Blog post with promo, share buttons, comments' },
];
/** clean() runs this many times per page; the timing shown is the median (the first run also
 * pays for warming up the allocator and caches, and is shown separately). */
const TIMING_RUNS = 5;
/** Milliseconds to wait after typing in the rules box before checking the rules. */
const RULES_CHECK_DELAY_MS = 250;

// --- Elements ----------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);
const el = {
  version: $('version'), sample: $('sample'), cleanSample: $('clean-sample'),
  paste: $('paste'), pasteBox: $('paste-box'), file: $('file'), cleanPaste: $('clean-paste'),
  url: $('url'), summaryLength: $('summary-length'), rules: $('rules'), rulesStatus: $('rules-status'),
  status: $('status'), error: $('error'), original: $('original'), reader: $('reader'),
  removedBody: document.querySelector('#removed tbody'), removedCount: $('removed-count'),
};

/** Creates an element with optional class and text. */
function h(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// --- The two HTML sinks (Trusted Types policies named in index.html's CSP) ------------------

/** Where Trusted Types is missing (Firefox, Safari), a stand-in that passes the string on. */
const plainPolicy = { createHTML: (html) => html };
/** The core's sanitized output: contentHtml and removed[i].html, nothing else. */
const sanitizedPolicy = globalThis.trustedTypes?.createPolicy?.('broadsheet', { createHTML: (html) => html }) ?? plainPolicy;
/** The original page, as given, for the sandboxed (scripts off) srcdoc frame only. */
const originalPolicy = globalThis.trustedTypes?.createPolicy?.('broadsheet-original', { createHTML: (html) => html }) ?? plainPolicy;

/** The core's sanitized HTML → a fragment of this document, parsed inert (a <template> runs
 * nothing and loads nothing), links opening in a new tab. The only place the demo parses HTML. */
function sanitizedFragment(html) {
  const template = document.createElement('template');
  template.innerHTML = sanitizedPolicy.createHTML(html); // sanitized by the core (allowlist, no scripts)
  const frag = document.importNode(template.content, true);
  for (const link of frag.querySelectorAll('a[href]')) {
    if (link.getAttribute('href').startsWith('#')) continue; // in-page (footnotes): stay here
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
  }
  return frag;
}

/** Page-derived metadata as one line of display text: bidi embedding/override/isolate controls
 * (U+202A–U+202E, U+2066–U+2069) removed, whitespace collapsed. Shown inside <bdi> as well. */
function metadataText(s) {
  return String(s ?? '').replace(/[\u202A-\u202E\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
}

/** A <bdi> holding metadata text: isolated from the text around it. */
function bdi(text, className) {
  return h('bdi', className, metadataText(text));
}

function showError(message) {
  el.error.textContent = message;
  el.error.hidden = false;
  document.body.dataset.state = 'error';
}

function clearError() {
  el.error.hidden = true;
  el.error.textContent = '';
}

// --- Input -------------------------------------------------------------------------------------

/** Decodes a saved page: UTF-8 when the bytes are valid UTF-8, else the `<meta charset>` of the
 * first 1024 bytes, else windows-1252 (what browsers assume for legacy pages). */
function decodeHtml(buffer) {
  const bytes = new Uint8Array(buffer);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 1024));
    const m = head.match(/<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i);
    try {
      return new TextDecoder(m ? m[1] : 'windows-1252').decode(bytes);
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  }
}

/** The HTML with a <base href> so the sandboxed original resolves its relative URLs against
 * the page's URL (a srcdoc document would otherwise use the demo's own address). */
function withBase(html, url) {
  if (!url || /<base\s[^>]*href/i.test(html)) return html;
  const base = `<base href="${url.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}">`;
  const head = html.match(/<head(\s[^>]*)?>/i);
  if (head) return html.slice(0, head.index + head[0].length) + base + html.slice(head.index + head[0].length);
  return base + html;
}

function currentOptions() {
  const options = {};
  const url = el.url.value.trim();
  if (url) options.url = url;
  if (el.rules.value.trim()) options.rules = el.rules.value;
  options.summaryLength = el.summaryLength.value;
  return options;
}

// --- Cleaning and rendering --------------------------------------------------------------------

/** The page shown last, cleaned again when the key-point length changes. */
let last = null;

/** Cleans `html` with the current options and shows everything; errors go to the page. */
function run(html, label) {
  last = { html, label };
  clearError();
  document.body.dataset.state = 'cleaning';
  const options = currentOptions();
  el.original.srcdoc = originalPolicy.createHTML(withBase(html, options.url));

  const bytes = new TextEncoder().encode(html).length;
  let article;
  const times = [];
  try {
    for (let i = 0; i < TIMING_RUNS; i++) {
      const t0 = performance.now();
      article = core.clean(html, options);
      times.push(performance.now() - t0);
    }
  } catch (e) {
    renderNothing();
    el.status.textContent = `${label}: not cleaned`;
    showError(`Could not clean ${label}: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const first = times[0];
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const mbPerS = bytes / 1e6 / (median / 1e3);
  el.status.textContent =
    `Cleaned ${label} (${(bytes / 1000).toFixed(1)} kB) in ${median.toFixed(2)} ms · ` +
    `${mbPerS.toFixed(1)} MB/s (median of ${TIMING_RUNS} runs; first run ${first.toFixed(2)} ms)`;
  el.status.dataset.ms = median.toFixed(3);
  renderArticle(article);
  renderRemoved(article.removed);
  document.body.dataset.state = 'done';
}

function renderNothing() {
  el.reader.replaceChildren(h('p', 'muted', 'No article.'));
  el.removedBody.replaceChildren();
  el.removedCount.textContent = '';
}

function formatDate(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: 'long' });
}

function renderArticle(a) {
  const parts = [];
  if (a.readerable === false) {
    parts.push(h('p', 'warning', 'This page may not be an article: what follows is a best guess.'));
  }

  // Summary card: excerpt, reading time, counts, key points.
  const card = h('aside', 'summary-card');
  card.append(h('h3', null, 'Summary'));
  if (a.excerpt) card.append(h('p', 'excerpt', a.excerpt));
  const facts = h('ul', 'facts');
  facts.append(h('li', null, `${a.readingMinutes} min read`));
  facts.append(h('li', null, `${a.wordCount} words`));
  facts.append(h('li', null, `${a.removed.length} block${a.removed.length === 1 ? '' : 's'} removed`));
  if (a.paywall.detected) {
    const li = h('li', 'paywall', 'paywall detected');
    li.title = a.paywall.signals.join('\n');
    facts.append(li);
  }
  card.append(facts);
  if (a.summary && Array.isArray(a.summary.keyPoints) && a.summary.keyPoints.length) {
    const ol = h('ol', 'key-points');
    for (const point of a.summary.keyPoints) ol.append(h('li', null, point.text));
    card.append(ol);
  }
  parts.push(card);

  // Metadata is page text: each piece isolated, so an override or right-to-left run in one
  // neither reorders the separators nor the other pieces.
  const header = h('header', 'article-header');
  const title = h('h1', 'title');
  title.append(bdi(metadataText(a.title) || '(untitled)'));
  header.append(title);
  const meta = [a.byline, a.siteName, a.published && formatDate(a.published)].map(metadataText).filter(Boolean);
  if (meta.length) {
    const p = h('p', 'meta');
    meta.forEach((m, i) => p.append(...(i ? [' · '] : []), bdi(m)));
    header.append(p);
  }
  parts.push(header);

  const content = h('div', 'content');
  if (a.lang) content.lang = a.lang;
  if (a.dir) content.dir = a.dir;
  content.append(sanitizedFragment(a.contentHtml));
  // Placeholders of blocks removed from inside the article: offer to show them again.
  for (const ph of content.querySelectorAll('[data-bs-removed]')) {
    const r = a.removed[Number(ph.dataset.bsRemoved)];
    if (!r) continue;
    const button = h('button', 'restore', `Show removed ${r.kind} block`);
    button.type = 'button';
    button.addEventListener('click', () => {
      const block = h('div', 'restored');
      block.append(sanitizedFragment(r.html));
      button.replaceWith(block);
    });
    ph.replaceWith(button);
  }
  parts.push(content);
  el.reader.replaceChildren(...parts);
  el.reader.scrollTop = 0;
}

function renderRemoved(removed) {
  el.removedCount.textContent = `(${removed.length})`;
  const rows = removed.map((r, i) => {
    const tr = h('tr');
    tr.dataset.kind = r.kind;
    tr.append(h('td', null, i), h('td', 'kind', r.kind), h('td', 'rule', r.rule), h('td', 'preview', r.preview));
    return tr;
  });
  if (!rows.length) {
    const tr = h('tr');
    const td = h('td', 'muted', 'Nothing was removed.');
    td.colSpan = 4;
    tr.append(td);
    rows.push(tr);
  }
  el.removedBody.replaceChildren(...rows);
}

// --- Wiring ------------------------------------------------------------------------------------

async function cleanSample() {
  const sample = SAMPLES[Number(el.sample.value)];
  const url = new URL(`samples/${sample.file}`, location.href).href;
  el.url.value = url;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    run(decodeHtml(await res.arrayBuffer()), sample.file);
  } catch (e) {
    showError(`Could not load the sample ${sample.file}: ${e.message}`);
  }
}

async function cleanFile(file) {
  if (!file) return;
  try {
    const html = decodeHtml(await file.arrayBuffer());
    el.paste.value = html;
    run(html, file.name);
  } catch (e) {
    showError(`Could not read ${file.name}: ${e.message}`);
  }
}

let rulesTimer = 0;
function checkRulesSoon() {
  clearTimeout(rulesTimer);
  rulesTimer = setTimeout(() => {
    const text = el.rules.value;
    if (!text.trim()) {
      el.rulesStatus.textContent = '';
      el.rulesStatus.className = 'muted';
      return;
    }
    try {
      const n = core.checkRules(text);
      el.rulesStatus.textContent = `${n} rule${n === 1 ? '' : 's'} ok`;
      el.rulesStatus.className = 'muted';
    } catch (e) {
      el.rulesStatus.textContent = e.message;
      el.rulesStatus.className = 'bad';
    }
  }, RULES_CHECK_DELAY_MS);
}

async function main() {
  SAMPLES.forEach((s, i) => {
    const opt = h('option', null, `${s.file} — ${s.label}`);
    opt.value = String(i);
    el.sample.append(opt);
  });
  try {
    core = await loadCore();
  } catch (e) {
    el.version.textContent = 'not loaded';
    showError(`Could not load the WebAssembly package from ./pkg (run \`make build\`): ${e.message}`);
    return;
  }
  el.version.textContent = `broadsheet ${core.version()} (wasm)`;

  el.cleanSample.addEventListener('click', cleanSample);
  el.sample.addEventListener('change', cleanSample);
  el.summaryLength.addEventListener('change', () => last && run(last.html, last.label));
  el.cleanPaste.addEventListener('click', () => {
    if (!el.paste.value.trim()) {
      showError('Paste some HTML first.');
      return;
    }
    run(el.paste.value, 'pasted HTML');
  });
  el.file.addEventListener('change', () => cleanFile(el.file.files[0]));
  el.rules.addEventListener('input', checkRulesSoon);
  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    cleanFile(e.dataTransfer?.files?.[0]);
  });
  window.addEventListener('error', (e) => showError(`Unexpected error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => showError(`Unexpected error: ${e.reason}`));

  document.body.dataset.state = 'ready';
  await cleanSample();
}

main();
