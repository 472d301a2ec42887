// User rules: adblock cosmetic syntax, the same as the built-in list (`example.com##.promo`,
// `##.newsletter-box`, `example.com#@#.tp-modal`), one per line, `!` starts a comment.
//
// Stored in chrome.storage.sync under `rules` so they follow the user's browsers. A sync
// item holds at most 8 KB (QUOTA_BYTES_PER_ITEM counts key + JSON value), so a longer list
// goes to chrome.storage.local instead and `rulesArea` says where it is.
const { ext } = globalThis.platform;

/** Largest rule text kept in sync storage, in bytes of JSON (see platform.js). */
const SYNC_MAX_BYTES = globalThis.platform.quota.syncItemBytes;

/**
 * @param {Promise<object>} [read] storage.sync's answer for `rules` and `rulesArea`, when the
 *   caller asked for it already (the reader's boot.js, to have it before reader.js runs)
 * @returns {Promise<{text: string, area: 'sync' | 'local'}>}
 */
export async function loadRules(read = ext.storage.sync.get(['rules', 'rulesArea'])) {
  const { rules = '', rulesArea = 'sync' } = await read;
  if (rulesArea === 'local') {
    const local = await ext.storage.local.get('rules');
    return { text: local.rules ?? '', area: 'local' };
  }
  return { text: rules, area: 'sync' };
}

/** Saves the text where it fits; returns the area used. */
export async function saveRules(text) {
  const bytes = new TextEncoder().encode(JSON.stringify(text)).length;
  if (bytes <= SYNC_MAX_BYTES) {
    await ext.storage.sync.set({ rules: text, rulesArea: 'sync' });
    await ext.storage.local.remove('rules');
    return 'sync';
  }
  await ext.storage.local.set({ rules: text });
  await ext.storage.sync.set({ rulesArea: 'local' });
  await ext.storage.sync.remove('rules');
  return 'local';
}

/**
 * Every error in the rule text, not only the first: the core's checkRules() throws at the
 * first bad line ("rule on line N cannot be used (REASON): RULE"), so blank that line and
 * check again until the text passes.
 * @param {string} text
 * @param {(text: string) => number} checkRules the core's validator
 * @returns {{count: number, errors: {line: number|null, reason: string, rule: string, message: string}[], usable: string}}
 *   `usable` is the text with the bad lines blanked (line numbers unchanged).
 */
export function validateRules(text, checkRules) {
  const lines = text.split('\n');
  const errors = [];
  for (let guard = 0; guard <= lines.length; guard++) {
    try {
      return { count: checkRules(lines.join('\n')), errors, usable: lines.join('\n') };
    } catch (e) {
      const message = String(e?.message ?? e);
      const m = /line (\d+)/.exec(message);
      const line = m ? Number(m[1]) : null;
      if (line === null || line < 1 || line > lines.length || lines[line - 1] === '') {
        // Not attributable to a line: report it and give up on the rest.
        errors.push({ line, reason: message, rule: '', message });
        return { count: 0, errors, usable: '' };
      }
      const detail = /cannot be used \((.*)\): (.*)$/s.exec(message);
      errors.push({
        line,
        reason: detail ? detail[1] : message,
        rule: detail ? detail[2] : lines[line - 1].trim(),
        message,
      });
      lines[line - 1] = '';
    }
  }
  return { count: 0, errors, usable: '' };
}

/** The comment the reader writes above a rule it remembers: `! reader: <the block's text>`. */
const NOTE_PREFIX = '! reader: ';

/** The site a remembered rule is scoped to: the page's host without a leading `www.` (a rule
 * for example.com also applies on its subdomains). Null for a page without a host. */
export function siteOf(url) {
  try {
    const host = new URL(url).hostname.replace(/\.$/, '');
    return host ? host.replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}

/** `text` with the rule `site##selector` appended (and a note line naming the block above it),
 * unless that exact rule is already there. */
export function withSiteRule(text, site, selector, note = '') {
  const rule = `${site}##${selector}`;
  const lines = text.split('\n');
  if (lines.some((l) => l.trim() === rule)) return text;
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const one = note.replace(/\s+/g, ' ').trim().slice(0, 80);
  if (one) lines.push(`${NOTE_PREFIX}${one}`);
  lines.push(rule);
  return `${lines.join('\n')}\n`;
}

/** `text` without the line `rule` (every copy of it), and without the reader's note above each. */
export function withoutRule(text, rule) {
  const lines = text.split('\n');
  const out = [];
  for (const line of lines) {
    if (line.trim() === rule.trim()) {
      if (out.length && out[out.length - 1].startsWith(NOTE_PREFIX)) out.pop();
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/**
 * The rules of `text`, grouped by site, for a list: every non-comment line with `##` or `#@#`,
 * its domains (the part before the separator; "" for every site), and the reader's note above
 * it if there is one. Groups are sorted by site name, every-site rules last.
 * @returns {{site: string, rules: {line: number, rule: string, selector: string, exempt: boolean, note: string}[]}[]}
 */
export function rulesBySite(text) {
  const groups = new Map();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('!') || line.startsWith('[')) return;
    const m = /^([^#]*)(#@#|##)(.+)$/.exec(line);
    if (!m) return;
    const site = m[1].trim();
    const prev = i > 0 ? lines[i - 1] : '';
    const note = prev.startsWith(NOTE_PREFIX) ? prev.slice(NOTE_PREFIX.length).trim() : '';
    if (!groups.has(site)) groups.set(site, []);
    groups.get(site).push({ line: i + 1, rule: line, selector: m[3].trim(), exempt: m[2] === '#@#', note });
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([site, rules]) => ({ site, rules }));
}
