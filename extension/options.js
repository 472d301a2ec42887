// The options page: user rules, validated as typed by the core's own checker (so an error
// here is exactly what the reader would hit), and the reader defaults.
import { loadCore } from './core.js';
import { loadPrefs, savePrefs, onPrefsChanged } from './prefs.js';
import { loadRules, saveRules, validateRules, rulesBySite, withoutRule } from './rules.js';
import { el } from './dom.js';
const { ext } = globalThis.platform;
import { mountPrefsForm } from './prefs-form.js';

/** Typing pauses this long (ms) before the rules are saved. */
const SAVE_DELAY_MS = 400;

const $ = (id) => document.getElementById(id);
const area = $('rules');
let checkRules = null;
let saveTimer = 0;

init().catch((e) => {
  $('rules-status').textContent = `Options could not load: ${e?.message ?? e}`;
});

async function init() {
  const [rules, prefs] = await Promise.all([loadRules(), loadPrefs()]);
  area.value = rules.text;
  const form = mountPrefsForm($('defaults-form'), 'defaults', prefs, async (p) => {
    await savePrefs(p);
    $('defaults-status').textContent = 'Saved.';
  });
  onPrefsChanged((p) => form.set(p));

  try {
    const core = await loadCore();
    checkRules = core.checkRules;
    $('engine').textContent = `Broadsheet core ${core.version()}.`;
  } catch (e) {
    $('rules-status').textContent = `The rule checker (the Broadsheet core) did not load: ${e?.message ?? e}`;
  }
  showCheck(rules.area);
  renderSites();
  area.addEventListener('input', () => {
    showCheck(null);
    renderSites();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
  });
  // A rule remembered in a reader tab while this page is open: shown at once, unless the
  // text is being edited here (then this page's text wins when it is saved).
  ext.storage.onChanged.addListener(async (changes, where) => {
    if (!changes.rules && !changes.rulesArea) return;
    if (where !== 'sync' && where !== 'local') return;
    if (document.activeElement === area || saveTimer) return;
    const next = await loadRules();
    if (next.text === area.value) return;
    area.value = next.text;
    showCheck(next.area);
    renderSites();
  });
  area.dataset.ready = '1';
}

async function save() {
  saveTimer = 0;
  try {
    const where = await saveRules(area.value);
    showCheck(where);
  } catch (e) {
    $('rules-status').textContent = `Not saved: ${e?.message ?? e}`;
  }
}

/** Lists every error with its line; `savedTo` adds where the text is stored (null: unsaved). */
function showCheck(savedTo) {
  const list = $('rule-errors');
  list.replaceChildren();
  if (!checkRules) return;
  const { count, errors } = validateRules(area.value, checkRules);
  area.setAttribute('aria-invalid', String(errors.length > 0));
  for (const err of errors) {
    const li = document.createElement('li');
    const jump = document.createElement('button');
    jump.type = 'button';
    jump.textContent = err.line ? `Line ${err.line}` : 'Rules';
    jump.addEventListener('click', () => selectLine(err.line));
    const rule = document.createElement('code');
    rule.textContent = err.rule;
    li.append(jump, `: ${err.reason}`, err.rule ? ' — ' : '', rule);
    li.dataset.line = String(err.line ?? '');
    list.append(li);
  }
  const parts = [`${count} rule${count === 1 ? '' : 's'} in use`];
  if (errors.length) parts.push(`${errors.length} line${errors.length === 1 ? '' : 's'} with errors (skipped until fixed)`);
  if (savedTo === 'sync') parts.push('saved');
  if (savedTo === 'local') parts.push('saved on this device only (too long for browser sync, which holds 8 KB)');
  $('rules-status').textContent = `${parts.join(' · ')}.`;
}

function selectLine(line) {
  if (!line) return;
  const lines = area.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + lines[line - 1].length);
}

/** The rules grouped by site, each with a Delete button that takes its line (and the reader's
 * note above it) out of the text, which is saved at once: the list and the text never differ. */
function renderSites() {
  const box = $('rule-sites');
  const groups = rulesBySite(area.value);
  if (!groups.length) {
    box.replaceChildren(el('p', { className: 'rule-sites-empty', textContent: 'No rules yet.' }));
    return;
  }
  box.replaceChildren(
    ...groups.map(({ site, rules }) =>
      el(
        'section',
        { className: 'rule-site', dataset: { site } },
        el('h4', { textContent: site ? `${site} (and its subdomains)` : 'Every site' }),
        el(
          'ul',
          {},
          ...rules.map((r) => {
            const del = el('button', { type: 'button', className: 'rule-delete', textContent: 'Delete', 'aria-label': `Delete ${r.rule}` });
            del.addEventListener('click', () => deleteRule(r.rule));
            return el(
              'li',
              { dataset: { rule: r.rule } },
              el('code', { textContent: r.exempt ? `keep ${r.selector}` : r.selector }),
              r.note ? el('span', { className: 'rule-note', dir: 'auto', textContent: ` “${r.note}”` }) : '',
              ' ',
              del,
            );
          }),
        ),
      ),
    ),
  );
}

async function deleteRule(rule) {
  clearTimeout(saveTimer);
  area.value = withoutRule(area.value, rule);
  renderSites();
  showCheck(null);
  await save();
  $('rule-sites').querySelector('button')?.focus();
}
