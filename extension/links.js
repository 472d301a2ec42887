// Links in the article: which may keep their href, and which point into the article itself
// (footnotes, a table of contents: the core emits them as `href="#bs-<id>"` with a matching
// `id="bs-<id>"`, and a page's own same-document links resolve to the page's URL plus a
// fragment). In-page links scroll the reader to their target instead of navigating the tab
// away from the reader. Everything here is total: an odd fragment (`#100%`, a lone surrogate,
// an unknown id) never throws.

/** URL schemes a link in the article may keep; any other href is dropped. */
export const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** `value` as an absolute URL string if its scheme is allowed, else null. */
export function safeUrl(value, schemes, base) {
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return new Set(schemes).has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Whether `url` (a URL) is the page at `pageUrl` itself, fragment aside. */
export function sameDocument(url, pageUrl) {
  try {
    const page = new URL(pageUrl);
    return url.origin === page.origin && url.pathname === page.pathname && url.search === page.search;
  } catch {
    return false;
  }
}

/** The id a fragment (`#x`, with or without the `#`) names: percent-decoded when it decodes,
 * else the raw fragment (`#100%` names "100%"). Never throws. */
export function fragmentId(hash) {
  const raw = String(hash ?? '').replace(/^#/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Makes one `<a href>` of the core's sanitized HTML safe to show: a fragment-only href, or one
 * that points at the page itself with a fragment, becomes an in-page link (`data-bs-anchor`
 * holds the id; the href stays, for copying); other hrefs are made absolute against the page
 * URL and kept only for LINK_SCHEMES, with rel=noopener noreferrer.
 * @param {HTMLAnchorElement} a
 * @param {string|null} pageUrl the captured page's URL
 */
export function prepareLink(a, pageUrl) {
  const raw = a.getAttribute('href') ?? '';
  if (raw.trim().startsWith('#')) {
    // A fragment link needs no page URL to resolve: it always points into the article.
    const id = fragmentId(raw.trim());
    if (id) a.dataset.bsAnchor = id;
    else a.removeAttribute('href');
    return;
  }
  const href = safeUrl(raw, LINK_SCHEMES, pageUrl ?? undefined);
  if (!href) {
    a.removeAttribute('href');
    return;
  }
  a.href = href;
  a.rel = 'noopener noreferrer';
  const url = new URL(href);
  if (url.hash.length > 1 && sameDocument(url, pageUrl)) a.dataset.bsAnchor = fragmentId(url.hash);
}

/**
 * The element under `root` that an in-page link to `id` goes to: `id="<id>"`, else
 * `id="bs-<id>"` (the core's prefixed ids, for a page link that kept the page's own fragment),
 * else `<a name="<id>">`. Only inside `root`: an article id can never reach the reader's own
 * elements.
 * @param {Element} root
 * @param {string} id
 * @returns {Element|null}
 */
export function findTarget(root, id) {
  if (!id) return null;
  const candidates = [id, `bs-${id}`];
  for (const want of candidates) {
    for (const el of root.querySelectorAll('[id]')) if (el.id === want) return el;
  }
  for (const el of root.querySelectorAll('a[name]')) if (el.getAttribute('name') === id) return el;
  return null;
}
