// The options page: user rules, validated as typed by the core's own checker (so an error
// here is exactly what the reader would hit), and the reader defaults.
import { loadCore } from './core.js';
import { loadPrefs, savePrefs, onPrefsChanged } from './prefs.js';
import { loadRules, saveRules, validateRules } from './rules.js';
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
  area.addEventListener('input', () => {
    showCheck(null);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
  });
  area.dataset.ready = '1';
}

async function save() {
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
