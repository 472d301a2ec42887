// The reader-preferences controls, built once here for both the reader's "Aa" panel and the
// options page's "Reader defaults". Every change is applied at once and reported to onChange.
// The reader's panel is about appearance and leaves out `summaryLength` (the summary card has
// its own control); the options page shows every preference.
import { DEFAULTS, CHOICES, RANGES, normalize } from './prefs.js';
import { el } from './dom.js';

const LABELS = {
  theme: { legend: 'Theme', auto: 'Auto (follows the system)', light: 'Light', dark: 'Dark', sepia: 'Sepia' },
  font: { legend: 'Typeface', serif: 'Serif', sans: 'Sans-serif' },
  fontSize: { label: 'Text size', unit: 'px' },
  width: { label: 'Line width', unit: 'ch' },
  lineHeight: { label: 'Line spacing', unit: '' },
  summaryLength: { legend: 'Key points in the summary card', short: 'Short (3)', medium: 'Medium (5)', long: 'Long (7)' },
  images: {
    legend: 'Images',
    show: 'Load with the article (from the site, with its cookies)',
    ask: 'Don’t load images until I ask',
  },
};

function format(key, value) {
  return key === 'lineHeight' ? Number(value).toFixed(2) : `${value}${LABELS[key].unit}`;
}

/**
 * Builds the controls into `container`.
 * @param {HTMLElement} container
 * @param {string} idPrefix keeps ids unique when two forms share a page
 * @param {(prefs: object) => void} onChange
 * @param {{omit?: string[]}} [options] preferences not to show (Reset leaves them alone too)
 * @returns {{set(prefs: object): void}} updates the controls from outside (another tab saved)
 */
export function mountPrefsForm(container, idPrefix, initial, onChange, { omit = [] } = {}) {
  let prefs = normalize(initial);
  const inputs = {};
  // Appearance first, in the order of LABELS; then the summary length.
  const keys = Object.keys(LABELS).filter((k) => !omit.includes(k) && (k in CHOICES || k in RANGES));
  const choiceKeys = keys.filter((k) => k in CHOICES);
  const rangeKeys = keys.filter((k) => k in RANGES);

  for (const key of keys) {
    if (key in CHOICES) {
      const fieldset = el('fieldset', { className: `prefs-${key}` }, el('legend', { textContent: LABELS[key].legend }));
      for (const option of CHOICES[key]) {
        const id = `${idPrefix}-${key}-${option}`;
        const input = el('input', { type: 'radio', name: `${idPrefix}-${key}`, id, value: option });
        input.addEventListener('change', () => update({ [key]: option }));
        (inputs[key] ??= []).push(input);
        fieldset.append(el('span', { className: 'choice' }, input, el('label', { htmlFor: id, textContent: LABELS[key][option] })));
      }
      container.append(fieldset);
      continue;
    }
    const [min, max, step] = RANGES[key];
    const id = `${idPrefix}-${key}`;
    const input = el('input', { type: 'range', id, min: String(min), max: String(max), step: String(step) });
    const output = el('output', { htmlFor: id });
    input.addEventListener('input', () => update({ [key]: Number(input.value) }));
    inputs[key] = { input, output };
    container.append(el('p', { className: `range prefs-${key}` }, el('label', { htmlFor: id, textContent: LABELS[key].label }), input, output));
  }
  const reset = el('button', { type: 'button', className: 'prefs-reset', textContent: 'Reset to defaults' });
  reset.addEventListener('click', () => update(Object.fromEntries(keys.map((k) => [k, DEFAULTS[k]]))));
  container.append(el('p', {}, reset));

  function show() {
    for (const key of choiceKeys) {
      for (const input of inputs[key]) input.checked = input.value === prefs[key];
    }
    for (const key of rangeKeys) {
      inputs[key].input.value = String(prefs[key]);
      inputs[key].output.value = format(key, prefs[key]);
    }
  }

  function update(patch) {
    prefs = normalize({ ...prefs, ...patch });
    show();
    onChange(prefs);
  }

  show();
  return {
    set(next) {
      prefs = normalize(next);
      show();
    },
  };
}
