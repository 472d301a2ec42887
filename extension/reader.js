// The reader page: reads the record the background script stored (reader.html?c=KEY): the
// capture and, normally, the Article the background's core made of it while this page was
// starting (issue 14). It renders that Article. The core is loaded here only after the first
// paint, for what comes later (key points at another length, Markdown), or at once when the
// record came without an article (then it cleans the capture here, as before).
//
// Rendering rule: the core's sanitized `contentHtml` (and a removed block's sanitized `html`,
// when the user restores it) are the only strings parsed as HTML; everything else from the
// page goes in through textContent and attributes. Nothing from the page is ever executed.
//
// Every outcome ends in a painted page: the article, or a message with a way back.
// <html data-bs-state="loading|ready|error"> and data-bs-error="KIND" say which, and
// data-bs-click-at / data-bs-painted-at (epoch ms) time the click → paint path.
import { loadCore } from './core.js';
import { cleanCapture } from './clean.js';
import { loadPrefs, savePrefs, onPrefsChanged, CHOICES, RANGES, normalize } from './prefs.js';
import { loadRules, saveRules, siteOf, withSiteRule, withoutRule } from './rules.js';
import { createRemover, fillRemoveBar } from './remove.js';
import { el } from './dom.js';
import { renderCard, findSentence, ruleLabel, groupRemoved, KIND_LABELS } from './card.js';
import { safeUrl, prepareLink, findTarget } from './links.js';
import { metadataText, escapeMarkdown, looksLikeDate, displayTitle } from './text.js';
const { ext } = globalThis.platform; // platform.js, a classic script the page loads first
// prefs-form.js and speech.js are imported when first used: they are not needed to paint.

/** Below this many words a page is "not an article" (with "Show it anyway"), when the core
 * gives no `readerable` verdict of its own. */
const MIN_ARTICLE_WORDS = 60;
/** Languages written right to left, used when the page declares `lang` but no `dir`. */
const RTL_LANGS = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);
/** How long a status message stays, in ms. */
const TOAST_MS = 2500;
/** How long a key point's sentence stays highlighted in the article, in ms. */
const KEY_POINT_MS = 4000;
/** How long a block restored from the dialog stays highlighted, in ms (reader.css bs-flash). */
const FLASH_MS = 2000;
/** Groups of removed blocks longer than this start collapsed in the dialog. */
const GROUP_OPEN_MAX = 3;

const MESSAGES = {
  restricted: {
    title: 'Broadsheet can’t open this page',
    text: () => 'Browser pages (settings, the new-tab page, the extension store, built-in PDF and source viewers) don’t let extensions read them.',
  },
  'file-access': {
    title: 'Broadsheet can’t read local files yet',
    text: () =>
      'To open files from this computer, turn on “Allow access to file URLs” for Broadsheet in the browser’s extension settings.',
  },
  'not-html': {
    title: 'This isn’t a web page',
    text: (r) => `Broadsheet reads web pages; this tab shows a ${r.contentType} document.`,
  },
  'capture-failed': {
    title: 'The page couldn’t be captured',
    text: () => 'The browser didn’t hand the page over. Reload it and try again.',
  },
  'too-large': {
    title: 'This page is too large for the reader',
    text: (r) =>
      `It holds ${millions(r.length)} million characters of HTML; the reader takes pages up to ${millions(r.limit)} million.`,
  },
  'not-article': {
    title: 'This page doesn’t look like an article',
    text: (r) =>
      r.words < MIN_ARTICLE_WORDS
        ? `Broadsheet found only ${r.words} word${r.words === 1 ? '' : 's'} of readable text here. It may be a sign-in form, a list of links or an app.`
        : 'Broadsheet found text here, but not the paragraphs of an article. It may be a front page, a list of links or an app.',
  },
  'no-article': {
    title: 'This page doesn’t look like an article',
    text: () => 'Broadsheet found no readable text on it.',
  },
  'clean-failed': {
    title: 'The reader couldn’t clean this page',
    text: () => 'The cleaner stopped on something in this page.',
  },
  'core-failed': {
    title: 'The reader’s engine didn’t load',
    text: () => 'The Broadsheet core (pkg/) is missing or broken in this copy of the extension.',
  },
  missing: {
    title: 'This reader page has expired',
    text: () => 'The captured page is no longer kept (the browser restarted, or newer captures replaced it). Go back and open the reader again.',
  },
  failed: {
    title: 'Something went wrong',
    text: () => 'The reader hit an unexpected error.',
  },
};

const $ = (id) => document.getElementById(id);
const root = document.documentElement;
const key = new URLSearchParams(location.search).get('c');

performance.mark('broadsheet:start');
// Start everything at once: the record, the prefs, the user rules. The core is not on the way
// to the first paint when the background made the article (coreNow()).
const recordP = key
  ? (globalThis.broadsheetPreload?.capture ?? Promise.reject(new Error('no preload')))
      .catch(() => ext.storage.session.get(key))
      .then((r) => r[key] ?? null)
  : Promise.resolve(null);
let coreP = null;
/** The core, loaded on first need (a failed load is tried again on the next). */
const coreNow = () => (coreP ??= loadCore().catch((e) => ((coreP = null), Promise.reject(e))));
// boot.js's read of both (else, or if it failed, each reads for itself).
const sync = globalThis.broadsheetPreload?.sync ?? undefined;
const prefsP = loadPrefs(sync)
  .catch(() => loadPrefs())
  .catch(() => globalThis.broadsheetPrefs.readMirror());
const rulesP = loadRules(sync)
  .catch(() => loadRules())
  .catch(() => ({ text: '', area: 'sync' }));

let record = null;
let article = null;
let core = null;
let prefs = globalThis.broadsheetPrefs.readMirror();
let speaker = null;
let prefsForm = null;
let toastTimer = 0;
let cleanOptions = null; // what the core was given, for re-running it with another summary length
let card = null; // renderCard()'s handle
let summaryLength = null; // the length of the key points shown
let keyPointTimer = 0;
let remover = null; // remove mode (remove.js), made on the first render

wireChrome();
main().catch((e) => showMessage('failed', { detail: String(e?.stack ?? e) }));

async function main() {
  record = await recordP.catch(() => null);
  performance.mark('broadsheet:capture');
  if (record?.clickAt) root.dataset.bsClickAt = String(record.clickAt);
  // boot.js already applied the mirrored prefs; the stored ones re-apply on arrival.
  prefsP.then((p) => {
    prefs = p;
    prefsForm?.set(p);
  });
  if (!record) return showMessage('missing');
  if (record.url) $('bar-site').textContent = displayHost(record.url);
  if (record.error) return showMessage(record.error, record);
  if (/^(application\/pdf|image\/|video\/|audio\/)/.test(record.contentType ?? '')) {
    return showMessage('not-html', record);
  }

  const rules = await rulesP;
  prefs = await prefsP; // read with the rules, from the same storage: no extra wait
  // The background's article stands for the rules and summary length it was made with. A
  // reader reloaded after either changed (a rule remembered with "Remove this", another
  // length chosen in Options) cleans the capture again, as a reload always did.
  const fresh =
    record.article &&
    record.rulesText === rules.text &&
    (record.cleanOptions?.summaryLength ?? globalThis.broadsheetPrefs.DEFAULTS.summaryLength) === prefs.summaryLength;
  let result = fresh ? { article: record.article, notice: record.notice ?? '', options: record.cleanOptions } : null;
  if (result) {
    if (record.cleanedAt) {
      root.dataset.bsCleanStartAt = String(record.cleanStartAt);
      root.dataset.bsCleanedAt = String(record.cleanedAt);
    }
  } else {
    try {
      core = await coreNow();
      performance.mark('broadsheet:core');
    } catch (e) {
      return showMessage('core-failed', { detail: String(e?.message ?? e) });
    }
    result = cleanCapture(core, record, rules.text, prefs.summaryLength);
    performance.mark('broadsheet:clean');
    if (result.error) return showMessage(result.error, { detail: result.detail });
  }
  article = result.article;
  cleanOptions = result.options;
  summaryLength = prefs.summaryLength; // what the article was made with, either way
  // The core's own verdict when it gives one; else a word count.
  const readerable = typeof article.readerable === 'boolean' ? article.readerable : article.wordCount >= MIN_ARTICLE_WORDS;
  if (!readerable) {
    return showMessage('not-article', { words: article.wordCount }, () => render(result.notice));
  }
  render(result.notice);
}

// ---------------------------------------------------------------------------------------
// Rendering

function render(notice) {
  const a = article;
  const doc = $('doc');
  // A trailing " | Site" or " - Author" goes when the rest stands alone (text.js displayTitle).
  const title = displayTitle(metadataText(a.title || record.title), { siteName: a.siteName, byline: a.byline, url: record.url }) || 'Untitled';
  // The tab title cannot isolate bidi text: metadataText() drops the controls.
  document.title = title;
  doc.lang = a.lang || '';
  doc.dir = a.dir === 'rtl' || a.dir === 'ltr' ? a.dir : RTL_LANGS.has(primaryLang(a.lang)) ? 'rtl' : 'ltr';

  // Metadata is page-derived: each piece in its own isolate (<bdi>, dir=auto), so a
  // right-to-left or override-laden string neither reorders what stands beside it nor is
  // reordered by it.
  $('doc-site').replaceChildren(el('bdi', { textContent: metadataText(a.siteName) || displayHost(record.url) }));
  $('doc-title').replaceChildren(el('bdi', { textContent: title }));
  const meta = $('doc-meta');
  meta.replaceChildren();
  // A date in the byline slot (a page's dateline taken for its author) is not a byline: the
  // date is shown once, from `published`.
  const byline = metadataText(a.byline);
  if (byline && !looksLikeDate(byline)) meta.append(el('bdi', { className: 'byline', textContent: byline }));
  if (a.published) meta.append(el('time', { dateTime: a.published, textContent: formatDate(a.published, a.lang) }));
  // UI strings get dir=auto so they read correctly inside a right-to-left article.
  meta.append(el('span', { dir: 'auto', textContent: `${a.readingMinutes} min read` }));

  const content = $('content');
  const askImages = prefs.images === 'ask';
  const frag = parseSanitized(a.contentHtml);
  // The page's image URLs, before any image element gets a source (the lead is compared
  // with them; with "don't load images until I ask" they are moved aside right here).
  const contentImages = [...frag.querySelectorAll('img')].map((img) => img.src);
  if (askImages) holdImages(frag);
  content.replaceChildren(frag);

  const leadSrc = safeUrl(a.leadImage, ['http:', 'https:']);
  const leadInContent = leadSrc && contentImages.includes(leadSrc);
  if (leadSrc && !leadInContent) {
    $('lead-img').referrerPolicy = 'no-referrer';
    if (askImages) {
      $('lead-img').dataset.bsSrc = leadSrc; // loaded by loadImages()
    } else {
      $('lead-img').src = leadSrc;
      $('lead').hidden = false;
    }
  }
  $('load-images').hidden = !askImages || !(content.querySelector('img[data-bs-src]') || $('lead-img').dataset.bsSrc);
  remover ??= createRemover({
    content,
    bar: $('remove-bar'),
    site: siteOf(record.url),
    remember: rememberRule,
    forget: forgetRule,
    onLeave: () => isShown($('remove-btn')) && $('remove-btn').focus(),
  });

  card = renderCard($('card-title'), $('card-body'), a, {
    notice,
    onReview: openRemoved,
    onKeyPoint: showKeyPoint,
    summaryLength,
    onLength: (length) => setPrefs({ summaryLength: length }),
  });
  renderRemoved();

  const source = safeUrl(record.url, ['http:', 'https:']);
  if (source) {
    $('source-link').href = source;
    $('source-link').textContent = `Original: ${source}`;
  }
  // Honest about images: the text stays here, but an image is a request to its site (or the
  // host it names), with that site's cookies, as on the page itself.
  $('engine').textContent = askImages
    ? `Cleaned on this device by Broadsheet ${core?.version() ?? record.coreVersion ?? ''}; the page’s text was not sent anywhere. Images are not loaded until you ask: an image you load comes from the site (or the image host it names), which then sees the visit, with its cookies.`
    : `Cleaned on this device by Broadsheet ${core?.version() ?? record.coreVersion ?? ''}; the page’s text was not sent anywhere. The article’s images load from the site (or the image host it names), as on the page itself: that site sees the visit and may read or set its cookies. To stop that, choose “Don’t load images until I ask” in Options.`;

  if (typeof speechSynthesis === 'undefined') {
    $('speak').disabled = true;
    $('speak').title = 'Read aloud is not available in this browser';
  }

  $('message').hidden = true;
  $('reader').hidden = false;
  $('bar-tools').hidden = false;
  root.dataset.bsState = 'ready';
  delete root.dataset.bsError;
  performance.mark('broadsheet:render');
  markPainted();
  // Focus stays at the top of the page: the first Tab reaches the skip link, then the toolbar,
  // the card and the article, in that order (arrow keys and Space scroll the page as they are).
}

/** The page's one Trusted Types policy (reader.html's CSP allows only `broadsheet` and
 * requires trusted HTML at every sink): it wraps only the core's sanitized HTML, in
 * parseSanitized() below. Where Trusted Types is missing (Firefox), the plain string. */
function sanitizedHtmlPolicy() {
  sanitizedHtmlPolicy.policy ??= globalThis.trustedTypes?.createPolicy?.('broadsheet', {
    createHTML: (html) => html, // only ever called with the core's sanitized output
  }) ?? { createHTML: (html) => html };
  return sanitizedHtmlPolicy.policy;
}

/** The core's sanitized HTML → a fragment, parsed inert (a <template> loads no images), with
 * links and images made safe before anything is attached to the page. The single place the
 * reader parses HTML. */
function parseSanitized(html) {
  const template = document.createElement('template');
  // Sanitized by the Broadsheet core (contentHtml / removed[].html).
  template.innerHTML = sanitizedHtmlPolicy().createHTML(html);
  const frag = template.content;
  for (const a of frag.querySelectorAll('a[href]')) prepareLink(a, record?.url ?? null);
  for (const img of frag.querySelectorAll('img')) {
    img.loading = 'lazy';
    img.decoding = 'async';
    img.referrerPolicy = 'no-referrer';
  }
  return frag;
}

/** With "don't load images until I ask": the fragment's images lose their sources (kept in
 * data-bs-src / data-bs-srcset) before it is attached, so no request is made; each gets a
 * "Load image" button in its place. */
function holdImages(frag) {
  for (const source of frag.querySelectorAll('picture source[srcset]')) {
    source.dataset.bsSrcset = source.getAttribute('srcset');
    source.removeAttribute('srcset');
  }
  for (const img of frag.querySelectorAll('img')) {
    img.dataset.bsSrc = img.getAttribute('src') ?? '';
    if (img.hasAttribute('srcset')) img.dataset.bsSrcset = img.getAttribute('srcset');
    img.removeAttribute('src');
    img.removeAttribute('srcset');
    img.hidden = true;
    const alt = img.alt.trim();
    const ask = el('button', { type: 'button', className: 'bs-image-ask', dir: 'auto', textContent: alt ? `Load image: ${alt.slice(0, 80)}` : 'Load image' });
    ask.addEventListener('click', (e) => {
      e.preventDefault(); // it may sit inside a link
      e.stopPropagation();
      loadImage(img);
    });
    img.before(ask);
  }
  return frag;
}

function heldIfAsked(frag) {
  return prefs.images === 'ask' ? holdImages(frag) : frag;
}

/** Gives a held image its sources back (the request happens now). */
function loadImage(img) {
  const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
  for (const source of picture?.querySelectorAll('source[data-bs-srcset]') ?? []) {
    source.setAttribute('srcset', source.dataset.bsSrcset);
    delete source.dataset.bsSrcset;
  }
  if (img.dataset.bsSrcset) img.setAttribute('srcset', img.dataset.bsSrcset);
  if (img.dataset.bsSrc) img.setAttribute('src', img.dataset.bsSrc);
  delete img.dataset.bsSrc;
  delete img.dataset.bsSrcset;
  img.hidden = false;
  const ask = img.previousElementSibling;
  if (ask?.classList.contains('bs-image-ask')) ask.remove();
}

/** "Load images": every held image in the article, and the lead image. */
function loadImages() {
  for (const img of $('content').querySelectorAll('img[data-bs-src]')) loadImage(img);
  const lead = $('lead-img');
  if (lead.dataset.bsSrc) {
    lead.src = lead.dataset.bsSrc;
    delete lead.dataset.bsSrc;
    $('lead').hidden = false;
  }
  $('load-images').hidden = true;
}

/** Remove mode's "Remember for <site>": the rule goes into the user's rules (the options
 * page's list). Returns the rule. */
async function rememberRule(site, selector, note) {
  const { text } = await loadRules();
  await saveRules(withSiteRule(text, site, selector, note));
  return `${site}##${selector}`;
}

/** Undo after "Remember": the rule (and the note above it) come out again. */
async function forgetRule(rule) {
  const { text } = await loadRules();
  await saveRules(withoutRule(text, rule));
}

function toggleRemove() {
  if (!remover) return;
  remover.toggle();
  $('remove-btn').setAttribute('aria-pressed', String(remover.active));
  if (remover.active) {
    // A keyboard user starts at the first block.
    const first = $('content').querySelector('[tabindex="0"]');
    first?.focus({ preventScroll: true });
  }
}

/** The "N blocks removed" button; the list itself is built when first opened. */
function renderRemoved() {
  const n = article.removed.length;
  const button = $('removed-btn');
  button.hidden = n === 0;
  // "16 blocks removed"; a narrow window shows "16 removed" (.wide-only, reader.css).
  button.replaceChildren(`${n}`, el('span', { className: 'wide-only', textContent: ` block${n === 1 ? '' : 's'}` }), ' removed');
  $('removed-list').replaceChildren();
}

/** The dialog's list: one group per kind (the largest first, big ones collapsed), each block
 * with its rule in words (the core's rule string as its tooltip), a preview and a toggle. */
function buildRemovedList() {
  const list = $('removed-list');
  if (list.childElementCount || !article) return;
  for (const { kind, entries } of groupRemoved(article.removed)) {
    const n = entries.length;
    const items = entries.map(({ item, index }) => {
      const toggle = el('button', { type: 'button', dataset: { restore: String(index) } });
      setToggle(toggle, Boolean($('content').querySelector(`[data-bs-restored="${index}"]`)));
      toggle.addEventListener('click', () => toggleRestore(index, { fromDialog: true }));
      return el(
        'li',
        { className: 'removed-item' },
        el('span', { className: 'removed-rule', title: item.rule, textContent: ruleLabel(item) }),
        el('p', { className: 'removed-preview', dir: 'auto', textContent: item.preview || '(no text)' }),
        toggle,
      );
    });
    list.append(
      el(
        'li',
        { className: 'removed-group', dataset: { kind, count: String(n) } },
        el(
          'details',
          { open: n <= GROUP_OPEN_MAX },
          el('summary', {}, el('span', { className: 'removed-kind', textContent: KIND_LABELS[kind] ?? kind }), el('span', { className: 'removed-count', textContent: ` · ${n} block${n === 1 ? '' : 's'}` })),
          el('ol', { className: 'removed-items' }, ...items),
        ),
      ),
    );
  }
}

/** Puts removed block `i` back where its placeholder stands (or, if it stood outside the
 * article, in a "restored" section at the end); a second call hides it again. */
function toggleRestore(i, { fromDialog = false } = {}) {
  const content = $('content');
  const toggle = $('removed-list').querySelector(`[data-restore="${i}"]`);
  const shown = content.querySelector(`[data-bs-restored="${i}"]`);
  if (shown) {
    shown.remove();
    const outside = content.querySelector('.bs-outside');
    if (outside && !outside.querySelector('.bs-restored')) outside.remove();
    setToggle(toggle, false);
    toast('Block hidden again');
    return;
  }
  const item = article.removed[i];
  const hide = el('button', { type: 'button', textContent: 'Hide' });
  hide.addEventListener('click', () => toggleRestore(i));
  const block = el(
    'section',
    { className: 'bs-restored', dataset: { bsRestored: String(i) }, 'aria-label': `Restored ${item.kind} block` },
    el('p', { className: 'bs-restored-label', dir: 'auto' }, el('span', { title: item.rule, textContent: `Restored · ${KIND_LABELS[item.kind] ?? item.kind} · ${ruleLabel(item)}` }), hide),
    el('div', { className: 'bs-restored-body' }, heldIfAsked(parseSanitized(item.html))),
  );
  const placeholder = content.querySelector(`[data-bs-removed="${i}"]`);
  if (placeholder) {
    placeholder.before(block);
  } else {
    let outside = content.querySelector('.bs-outside');
    if (!outside) {
      outside = el('div', { className: 'bs-outside' }, el('h2', { className: 'bs-outside-title', dir: 'auto', textContent: 'Restored from outside the article' }));
      content.append(outside);
    }
    const after = [...outside.querySelectorAll('.bs-restored')].find((b) => Number(b.dataset.bsRestored) > i);
    outside.insertBefore(block, after ?? null);
  }
  setToggle(toggle, true);
  if (fromDialog) {
    // Restored from the dialog: close it and show the block where it now stands.
    closeDialog($('removed-dialog'), { returnFocus: false });
    showRestored(block);
  } else {
    block.scrollIntoView({ block: 'nearest' });
  }
  toast(`Restored: ${item.preview.slice(0, 60) || item.kind}`);
}

/** Brings a restored block into view below the toolbar, highlights it briefly and moves focus
 * to it (a keyboard user continues from there). */
function showRestored(block) {
  const bar = document.querySelector('.bar')?.offsetHeight ?? 0;
  const room = innerHeight - bar;
  const box = block.getBoundingClientRect();
  window.scrollTo({
    top: scrollY + box.top - bar - Math.max(16, (room - box.height) / 2),
    behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
  });
  block.tabIndex = -1;
  block.focus({ preventScroll: true });
  block.classList.remove('bs-flash');
  void block.offsetWidth; // restart the animation when the same block flashes again
  block.classList.add('bs-flash');
  setTimeout(() => block.classList.remove('bs-flash'), FLASH_MS);
}

function setToggle(button, restored) {
  if (!button) return;
  button.textContent = restored ? 'Hide again' : 'Restore';
  button.setAttribute('aria-pressed', String(restored));
}

/** Key points at another length: the core's `summarize` on the article's text (what a clean
 * at that length would give, without cleaning the page again). The rendered article is left
 * alone (it may hold restored blocks). */
async function setSummaryLength(length) {
  if (!card || !cleanOptions || length === summaryLength) return;
  try {
    core ??= await coreNow();
    if (length === summaryLength) return; // another call got there while the core loaded
    const summary = core.summarize(article.text, article.lang ?? null, length, cleanOptions.ledeLimit);
    article.summary = summary;
    summaryLength = length;
    card.setSummary(summary, length);
  } catch (e) {
    toast(`Could not make the key points: ${e?.message ?? e}`);
  }
}

/** A key point was clicked: highlight its sentence in the article (the CSS Custom Highlight
 * API paints a Range without touching the article's DOM) and scroll it to the middle. */
function showKeyPoint(point) {
  clearKeyPoint();
  const range = findSentence($('content'), point, article?.text);
  if (!range || !globalThis.CSS?.highlights || typeof Highlight !== 'function') return jumpToBlock(point.text, range);
  CSS.highlights.set('bs-key-point', new Highlight(range));
  const box = range.getBoundingClientRect();
  const bar = document.querySelector('.bar')?.offsetHeight ?? 0;
  const room = innerHeight - bar;
  window.scrollTo({
    top: scrollY + box.top - bar - Math.max(0, (room - box.height) / 2),
    behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
  });
  keyPointTimer = setTimeout(clearKeyPoint, KEY_POINT_MS);
  // The next click anywhere clears it (a click on a key point then sets its own). This click
  // is past its pointerdown already.
  document.addEventListener('pointerdown', clearKeyPoint, { once: true, capture: true });
}

function clearKeyPoint() {
  clearTimeout(keyPointTimer);
  globalThis.CSS?.highlights?.delete('bs-key-point');
  document.removeEventListener('pointerdown', clearKeyPoint, { capture: true });
}

/** Without the Highlight API: the block holding the sentence gets read-aloud's highlight. */
function jumpToBlock(text, range) {
  const BLOCKS = 'p, li, blockquote, h2, h3, h4, figcaption, td';
  const needle = normalizeText(text).slice(0, 60);
  const hit =
    range?.startContainer.parentElement?.closest(BLOCKS) ??
    [...$('content').querySelectorAll(BLOCKS)].find((b) => normalizeText(b.textContent).includes(needle));
  if (!hit) return;
  hit.scrollIntoView({ block: 'center', behavior: 'smooth' });
  hit.classList.add('bs-speaking');
  setTimeout(() => hit.classList.remove('bs-speaking'), 1500);
}

function showMessage(kind, info = {}, onAnyway = null) {
  const m = MESSAGES[kind] ?? MESSAGES.failed;
  $('message-title').textContent = m.title;
  $('message-text').textContent = m.text(info);
  $('message-detail').textContent = info.detail ? `Details: ${info.detail}` : info.url ? `Page: ${info.url}` : '';
  const anyway = $('message-anyway');
  anyway.hidden = !onAnyway;
  anyway.onclick = onAnyway;
  $('reader').hidden = true;
  $('bar-tools').hidden = true;
  $('message').hidden = false;
  document.title = `Broadsheet Reader: ${m.title}`;
  root.dataset.bsState = 'error';
  root.dataset.bsError = kind;
  $('message-back').focus();
  markPainted();
}

// Chromium's Element Timing reports when the title (or message) text was actually painted: a
// cross-check of markPainted()'s frame-counting figure (data-bs-element-painted-at).
if (globalThis.PerformanceObserver?.supportedEntryTypes?.includes('element')) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.identifier.startsWith('broadsheet-') && !root.dataset.bsElementPaintedAt) {
        root.dataset.bsElementPaintedAt = String(performance.timeOrigin + (entry.renderTime || entry.loadTime));
      }
    }
  }).observe({ type: 'element', buffered: true });
}

/** Records when the result is on screen: two frames after render, the first is painted. */
function markPainted() {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      performance.mark('broadsheet:painted');
      const at = performance.timeOrigin + performance.now();
      root.dataset.bsPaintedAt = String(at);
      if (record?.clickAt) root.dataset.bsClickToPaint = (at - record.clickAt).toFixed(1);
      // The core is needed only by what the user may ask next (key points at another
      // length, Markdown): loaded now, off the way to this paint.
      if (article && !core) (globalThis.requestIdleCallback ?? setTimeout)(() => coreNow().then((c) => (core ??= c), () => {}));
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Toolbar, dialogs, keyboard

function wireChrome() {
  $('back').addEventListener('click', goBack);
  $('message-back').addEventListener('click', goBack);
  $('help-btn').addEventListener('click', () => openModal($('help-dialog')));
  $('removed-btn').addEventListener('click', openRemoved);
  fillRemoveBar($('remove-bar'));
  $('remove-btn').addEventListener('click', toggleRemove);
  $('load-images').addEventListener('click', loadImages);
  document.addEventListener('broadsheet:remove-mode', (e) => $('remove-btn').setAttribute('aria-pressed', String(e.detail.active)));
  $('appearance-btn').addEventListener('click', toggleAppearance);
  $('speak').addEventListener('click', toggleSpeech);
  $('speak-stop').addEventListener('click', () => speaker?.stop());
  $('copy-md').addEventListener('click', copyMarkdown);
  $('save-html').addEventListener('click', saveHtml);
  $('print').addEventListener('click', () => window.print());
  $('menu-help').addEventListener('click', () => openModal($('help-dialog')));
  $('more-btn').addEventListener('click', () => (menuOpen() ? closeMenu() : openMenu()));
  // An action picked from the menu closes it (after the action's own handler ran).
  $('bar-more').addEventListener('click', (e) => {
    if (e.target.closest('button') && menuOpen()) closeMenu({ returnFocus: false });
  });
  // Images that fail to load are hidden, with what only they filled (reader.js hideFailedImage).
  $('lead-img').addEventListener('error', () => ($('lead').hidden = true));
  $('content').addEventListener('error', (e) => e.target instanceof HTMLImageElement && hideFailedImage(e.target, $('content')), true);

  for (const dialog of document.querySelectorAll('dialog')) {
    dialog.querySelector('[data-close]')?.addEventListener('click', () => closeDialog(dialog));
    // A click on a modal's backdrop lands on the <dialog> itself.
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog && dialog.matches(':modal')) closeDialog(dialog);
    });
    dialog.addEventListener('close', () => {
      if (dialog.id === 'appearance-dialog') $('appearance-btn').setAttribute('aria-expanded', 'false');
    });
  }
  document.addEventListener('click', (e) => {
    const panel = $('appearance-dialog');
    if (panel.open && !panel.contains(e.target) && e.target !== $('appearance-btn')) closeDialog(panel);
    if (menuOpen() && !$('bar-more').contains(e.target) && !$('more-btn').contains(e.target)) closeMenu({ returnFocus: false });
  });
  // In-page links (footnotes, a table of contents) scroll within the reader; they never
  // navigate the tab away from it, and never touch location.hash (Back must still leave the
  // reader for the page).
  $('content').addEventListener('click', (e) => {
    const link = e.target.closest?.('a[data-bs-anchor]');
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    const target = findTarget($('content'), link.dataset.bsAnchor);
    if (!target) {
      toast('That part of the page is not in the reader');
      return;
    }
    target.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    if (!target.matches('a[href], button, input, select, textarea, [tabindex]')) target.tabIndex = -1;
    target.focus({ preventScroll: true });
  });
  document.addEventListener('keydown', onKey);
  window.addEventListener('pagehide', () => speaker?.stop());
  // A second toolbar click on this tab closes the reader (background.js asks). The tab id is
  // asked for then, not on the way to the first paint.
  let tabIdP = null;
  ext.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (message?.type !== 'broadsheet:close') return false;
    (tabIdP ??= ext.tabs.getCurrent().then((tab) => tab?.id)).then((id) => {
      if (id !== message.tabId) return sendResponse(false);
      sendResponse(true);
      goBack();
    });
    return true; // answers asynchronously
  });
  onPrefsChanged((p) => {
    prefs = p;
    prefsForm?.set(p);
    setSummaryLength(p.summaryLength); // another tab or the options page; no-op when unchanged
  });
}

const SHORTCUTS = {
  '?': () => openModal($('help-dialog')),
  a: toggleAppearance,
  t: () => setPrefs({ theme: CHOICES.theme[(CHOICES.theme.indexOf(prefs.theme) + 1) % CHOICES.theme.length] }, true),
  '+': () => stepPref('fontSize', 1),
  '=': () => stepPref('fontSize', 1),
  '-': () => stepPref('fontSize', -1),
  '[': () => stepPref('width', -4),
  ']': () => stepPref('width', 4),
  x: () => article?.removed.length && openRemoved(),
  d: toggleRemove,
  r: toggleSpeech,
  m: copyMarkdown,
  s: saveHtml,
  p: () => window.print(),
};
/** Shortcuts that also work on a message page (no article). */
const ALWAYS = new Set(['?', 'a', 't', '+', '=', '-', '[', ']']);

function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  const open = document.querySelector('dialog[open]');
  if (e.key === 'Escape') {
    e.preventDefault();
    if (open) closeDialog(open);
    else if (menuOpen()) closeMenu();
    else if (remover?.active) remover.leave();
    else goBack();
    return;
  }
  if (e.key === 'Tab') {
    // An open panel keeps the focus until it is closed (Esc, its × or its button).
    const panel = open ?? (menuOpen() && isShown($('more-btn')) ? $('bar-tools') : null);
    if (panel) trapFocus(e, panel === open ? focusables(open) : [$('more-btn'), ...focusables($('bar-more'))]);
    return;
  }
  if (isTyping(e.target) || (open && open.matches(':modal'))) return;
  const action = SHORTCUTS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
  if (!action || (!article && !ALWAYS.has(e.key.toLowerCase()))) return;
  e.preventDefault();
  action();
}

function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['range', 'radio', 'checkbox', 'button'].includes(target.type);
}

function goBack() {
  speaker?.stop();
  if (history.length > 1) history.back();
  else if (safeUrl(record?.url, ['http:', 'https:'])) location.replace(record.url);
  else window.close();
}

/** The element focused when each dialog opened: focus goes back to it when it closes. */
const openers = new Map();

function openModal(dialog) {
  rememberOpener(dialog);
  for (const d of document.querySelectorAll('dialog[open]')) if (d !== dialog) closeDialog(d, { returnFocus: false });
  if (!dialog.open) dialog.showModal();
}

function rememberOpener(dialog) {
  if (!dialog.open && document.activeElement && document.activeElement !== document.body) openers.set(dialog.id, document.activeElement);
}

/** Closes a dialog; focus returns to what opened it (its toolbar button when that is gone,
 * the menu button when the opener sits in the collapsed menu). */
function closeDialog(dialog, { returnFocus = true } = {}) {
  dialog.close();
  const opener = openers.get(dialog.id);
  openers.delete(dialog.id);
  if (!returnFocus) return;
  const fallback = { 'removed-dialog': 'removed-btn', 'appearance-dialog': 'appearance-btn', 'help-dialog': 'help-btn' }[dialog.id];
  const target = [opener, $(fallback), $('more-btn')].find((b) => b && isShown(b));
  target?.focus();
}

/** Rendered and not inside a hidden or display:none subtree. */
function isShown(node) {
  return Boolean(node?.isConnected && node.getClientRects().length);
}

/** The Tab stops inside `root`, in order: one per radio group (its checked radio). */
function focusables(root) {
  const all = root.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])');
  return [...all].filter((n) => {
    if (n.disabled || n.tabIndex < 0 || !isShown(n)) return false;
    if (n.type !== 'radio' || n.checked) return true;
    const group = [...root.querySelectorAll(`input[type=radio][name="${CSS.escape(n.name)}"]`)];
    return !group.some((r) => r.checked) && group[0] === n;
  });
}

/** Keeps Tab and Shift+Tab inside `stops`, wrapping at either end. */
function trapFocus(e, stops) {
  if (!stops.length) return;
  const i = stops.indexOf(document.activeElement);
  const inside = stops.some((n) => n.contains(document.activeElement)) || i !== -1;
  if (!inside || (e.shiftKey && i === 0) || (!e.shiftKey && i === stops.length - 1)) {
    e.preventDefault();
    (e.shiftKey ? stops[stops.length - 1] : stops[0]).focus();
  }
}

/** The narrow window's menu of secondary actions (reader.css shows it below 640 px). */
function menuOpen() {
  return 'moreOpen' in document.querySelector('.bar').dataset;
}

function openMenu() {
  document.querySelector('.bar').dataset.moreOpen = '';
  $('more-btn').setAttribute('aria-expanded', 'true');
  focusables($('bar-more'))[0]?.focus();
}

function closeMenu({ returnFocus = true } = {}) {
  delete document.querySelector('.bar').dataset.moreOpen;
  $('more-btn').setAttribute('aria-expanded', 'false');
  if (returnFocus && isShown($('more-btn'))) $('more-btn').focus();
}

/** A failed image is hidden (its <picture> with it), and so is every enclosing element it
 * leaves with nothing to show: the link it filled (no broken icon with its alt text as the
 * link), the paragraph, a figure left with only its caption. A figure with other content
 * keeps its caption. */
function hideFailedImage(img, root) {
  let gone = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : img;
  gone.hidden = true;
  for (let up = gone.parentElement; up && up !== root && root.contains(up); up = up.parentElement) {
    if (hasContent(up)) break;
    up.hidden = true;
  }
}

/** Whether `node` still shows anything: text or media outside hidden subtrees; a figure's
 * caption does not count (a caption alone is not worth its space). */
function hasContent(node) {
  const MEDIA = 'img, video, audio, iframe, svg, canvas, object, embed';
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (n) =>
      n.nodeType === Node.ELEMENT_NODE && (n.hidden || (n.tagName === 'FIGCAPTION' && node.tagName === 'FIGURE'))
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE ? n.data.trim() : n.matches(MEDIA)) return true;
  }
  return false;
}

function openRemoved() {
  buildRemovedList();
  openModal($('removed-dialog'));
}

async function toggleSpeech() {
  if (!article || $('speak').disabled) return;
  if (!speaker) {
    const { ReadAloud } = await import('./speech.js');
    speaker ??= new ReadAloud($('content'), { lang: article.lang, onState: showSpeechState });
  }
  speaker.toggle();
}

async function toggleAppearance() {
  const panel = $('appearance-dialog');
  if (panel.open) return closeDialog(panel);
  if (!prefsForm) {
    const { mountPrefsForm } = await import('./prefs-form.js');
    prefsForm ??= mountPrefsForm($('appearance-form'), 'reader', prefs, (p) => setPrefs(p), { omit: ['summaryLength', 'images'] });
  }
  prefsForm.set(prefs);
  rememberOpener(panel);
  panel.show();
  $('appearance-btn').setAttribute('aria-expanded', 'true');
  panel.querySelector('input:checked, input')?.focus();
}

function stepPref(name, direction) {
  const [, , step] = RANGES[name];
  setPrefs({ [name]: prefs[name] + direction * step }, true);
}

function setPrefs(patch, announce = false) {
  prefs = normalize({ ...prefs, ...patch });
  prefsForm?.set(prefs);
  setSummaryLength(prefs.summaryLength);
  savePrefs(prefs).catch((e) => toast(`Could not save the preference: ${e?.message ?? e}`));
  if (announce) toast(`Theme ${prefs.theme} · ${prefs.font} · ${prefs.fontSize}px · ${prefs.width}ch`);
}

function showSpeechState(state) {
  const button = $('speak');
  button.setAttribute('aria-pressed', String(state === 'playing'));
  $('speak-icon').textContent = state === 'playing' ? '❚❚' : '▶';
  $('speak-label').textContent = state === 'playing' ? 'Pause' : state === 'paused' ? 'Resume' : 'Read aloud';
  $('speak-stop').hidden = state === 'idle';
}

/** The article as Markdown: the core makes it only when asked, so the first copy runs the core
 * again on the captured page with `markdown: true` (the same article, deterministic). */
async function articleMarkdown() {
  core ??= await coreNow();
  article.markdown ??= core.clean(record.html, { ...cleanOptions, markdown: true }).markdown;
  return article.markdown;
}

async function copyMarkdown() {
  if (!article) return;
  let markdown;
  try {
    markdown = await articleMarkdown();
  } catch (e) {
    toast(`Could not make the Markdown: ${e?.message ?? e}`);
    return;
  }
  // The title is page text: escaped, so `<img onerror=…>` or `*x*` in it stays literal text.
  const title = escapeMarkdown(article.title || record.title);
  const source = safeUrl(record.url, ['http:', 'https:']);
  const md = `${title ? `# ${title}\n\n` : ''}${source ? `Source: <${source}>\n\n` : ''}${markdown}\n`;
  try {
    await navigator.clipboard.writeText(md);
  } catch {
    // Clipboard API refused (no focus, older browser): the classic copy command.
    const area = el('textarea', { value: md });
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  toast('Copied as Markdown');
}

/** Styles of a saved article: enough to read it anywhere, nothing from the web. */
const SAVED_CSS = `
body { font: 19px/1.6 Charter, Georgia, "Noto Serif", serif; max-width: 68ch; margin: 2em auto; padding: 0 1em; color: #1d1f21; background: #fff; }
img, video { max-width: 100%; height: auto; }
figcaption, .meta, .source { font: 14px/1.4 system-ui, sans-serif; color: #5d6166; }
pre { background: #f3f3f3; padding: 12px; overflow-x: auto; direction: ltr; }
blockquote { margin-inline: 0; padding-inline-start: 1em; border-inline-start: 3px solid #ddd; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 4px 8px; }
.bs-restored { border: 1px dashed #bbb; padding: 0 1em; }
@media (prefers-color-scheme: dark) { body { background: #17191c; color: #e3e1dc; } a { color: #8ab4f8; } pre { background: #24272b; } }
`;

function saveHtml() {
  if (!article) return;
  const title = metadataText(article.title || record.title) || 'Article';
  const out = document.implementation.createHTMLDocument(title);
  out.documentElement.lang = $('doc').lang;
  out.documentElement.dir = $('doc').dir;
  const charset = out.createElement('meta');
  charset.setAttribute('charset', 'utf-8');
  const viewport = out.createElement('meta');
  viewport.name = 'viewport';
  viewport.content = 'width=device-width, initial-scale=1';
  out.head.prepend(charset);
  out.head.append(viewport);

  const h1 = out.createElement('h1');
  h1.textContent = title;
  const meta = out.importNode($('doc-meta'), true);
  meta.className = 'meta';
  out.body.append(h1, meta);
  const source = safeUrl(record.url, ['http:', 'https:']);
  if (source) {
    const p = out.createElement('p');
    p.className = 'source';
    const a = out.createElement('a');
    a.href = source;
    a.textContent = source;
    p.append('Source: ', a);
    out.body.append(p);
  }
  if (!$('lead').hidden) out.body.append(out.importNode($('lead'), true));
  const content = out.importNode($('content'), true);
  content.removeAttribute('tabindex');
  for (const n of content.querySelectorAll('[data-bs-removed], .bs-restored-label')) n.remove();
  for (const n of content.querySelectorAll('.bs-speaking')) n.classList.remove('bs-speaking');
  for (const n of content.querySelectorAll('[data-bs-anchor]')) n.removeAttribute('data-bs-anchor');
  // Images held back ("don't load images until I ask") get their sources in the file: it is
  // read later, away from this page, and whoever opens it chooses then.
  for (const img of content.querySelectorAll('img[data-bs-src]')) {
    if (img.dataset.bsSrc) img.setAttribute('src', img.dataset.bsSrc);
    if (img.dataset.bsSrcset) img.setAttribute('srcset', img.dataset.bsSrcset);
    img.removeAttribute('data-bs-src');
    img.removeAttribute('data-bs-srcset');
    img.hidden = false;
  }
  for (const source of content.querySelectorAll('source[data-bs-srcset]')) {
    source.setAttribute('srcset', source.dataset.bsSrcset);
    source.removeAttribute('data-bs-srcset');
  }
  for (const n of content.querySelectorAll('[data-bs-sel], [data-bs-target], .bs-image-ask')) {
    if (n.classList.contains('bs-image-ask')) n.remove();
    n.removeAttribute('data-bs-sel');
    n.removeAttribute('data-bs-target');
  }
  for (const n of content.querySelectorAll('[tabindex]')) n.removeAttribute('tabindex');
  out.body.append(content);

  // The stylesheet goes into the file's text, not into `out`: a <style> element in a document
  // this page made counts as inline style under the reader's CSP (style-src 'self').
  const html = `<!doctype html>\n${out.documentElement.outerHTML.replace('</head>', `<style>${SAVED_CSS}</style></head>`)}\n`;
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const link = el('a', { href: url, download: `${fileName(title)}.html` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  toast('Saved as HTML');
}

// ---------------------------------------------------------------------------------------
// Small helpers

function toast(text) {
  const status = $('status');
  status.textContent = text;
  status.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => status.classList.remove('show'), TOAST_MS);
}

function displayHost(url) {
  try {
    return new URL(url).host || url;
  } catch {
    return url ?? '';
  }
}

function primaryLang(lang) {
  return (lang || '').toLowerCase().split(/[-_]/)[0];
}

function formatDate(iso, lang) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(lang || undefined, { dateStyle: 'long' }).format(date);
  } catch {
    return date.toDateString();
  }
}

function millions(n) {
  return (Number(n) / 1e6).toFixed(1);
}

function normalizeText(s) {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

function fileName(title) {
  return title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100) || 'article';
}
