// "Remove this": the other half of restore. In remove mode the reader's article blocks can be
// pointed at (mouse) or tabbed to (keyboard) and removed with a click, Enter or Delete. A bar
// at the bottom then offers Undo and, when the core gave the block a selector hint
// (`data-bs-sel`, the page element's own stable id or classes), "Remember for <site>": the
// rule `<site>##<hint>` goes into the user's rules (the same list as the options page), and
// the next clean of that site drops the block as it streams. Only the reader's copy of the
// article changes; the page itself is never touched.
import { el } from './dom.js';

/** What can be pointed at and removed: the blocks the core gives hints to (src/hint.rs). */
export const REMOVABLE =
  'p, ul, ol, dl, figure, blockquote, table, pre, h1, h2, h3, h4, h5, h6, div, section, article, aside, header, footer, main, address, details';

/**
 * @param {{content: HTMLElement, bar: HTMLElement, site: string|null,
 *   remember: (site: string, selector: string, note: string) => Promise<string>,
 *   forget: (rule: string) => Promise<void>, onLeave?: () => void}} options
 *   `remember` saves the rule and returns it; `forget` takes it out again (Undo).
 */
export function createRemover({ content, bar, site, remember, forget, onLeave }) {
  const root = document.documentElement;
  const message = bar.querySelector('[data-remove="message"]');
  const undoButton = bar.querySelector('[data-remove="undo"]');
  const rememberButton = bar.querySelector('[data-remove="remember"]');
  const doneButton = bar.querySelector('[data-remove="done"]');
  const INTRO = 'Click a block to remove it, or Tab to it and press Enter or Delete. Esc when done.';
  /** Removals that Undo can take back, the last one last: {items: [{block, marker}], hint, note, rule}. */
  const undoStack = [];
  /** Elements given a tabindex by remove mode (taken away when it ends). */
  let tabbed = [];
  let target = null;
  let active = false;

  function candidate(node) {
    for (let n = node instanceof Element ? node : node?.parentElement; n && n !== content; n = n.parentElement) {
      if (n.matches(REMOVABLE) && usable(n)) return n;
    }
    return null;
  }

  function usable(n) {
    return (
      content.contains(n) &&
      !n.closest('.bs-restored, .bs-outside, [data-bs-removed]') &&
      !n.hidden &&
      (n.textContent.trim() !== '' || n.querySelector('img, picture, video'))
    );
  }

  function setTarget(n) {
    if (target === n) return;
    target?.removeAttribute('data-bs-target');
    target = n;
    target?.setAttribute('data-bs-target', '');
  }

  function show(text, { undo = undoStack.length > 0, rememberLabel = null } = {}) {
    message.textContent = text;
    undoButton.hidden = !undo;
    rememberButton.hidden = !rememberLabel;
    if (rememberLabel) rememberButton.textContent = rememberLabel;
  }

  function enter() {
    if (active) return;
    active = true;
    root.dataset.bsRemoving = '';
    tabbed = [...content.querySelectorAll(REMOVABLE)].filter((n) => usable(n) && !n.hasAttribute('tabindex'));
    for (const n of tabbed) n.tabIndex = 0;
    bar.hidden = false;
    show(INTRO);
    onStateChange();
  }

  function leave() {
    if (!active) return;
    active = false;
    delete root.dataset.bsRemoving;
    setTarget(null);
    for (const n of tabbed) n.removeAttribute('tabindex');
    tabbed = [];
    undoStack.length = 0; // Undo is for right after removing
    bar.hidden = true;
    onStateChange();
    onLeave?.();
  }

  function onStateChange() {
    document.dispatchEvent(new CustomEvent('broadsheet:remove-mode', { detail: { active } }));
  }

  /** Removes `block` from the reader (a comment keeps its place for Undo). */
  function remove(block) {
    const next = nextCandidate(block);
    const hint = block.dataset.bsSel || null;
    const note = block.textContent.replace(/\s+/g, ' ').trim().slice(0, 80);
    const marker = document.createComment('broadsheet: removed by you');
    block.replaceWith(marker);
    if (target === block) setTarget(null);
    undoStack.push({ items: [{ block, marker }], hint, note, rule: null });
    const quoted = note ? `“${note.length > 50 ? `${note.slice(0, 50)}…` : note}”` : 'the block';
    if (hint && site) {
      const alike = sameHint(hint).length;
      show(`Removed ${quoted}.`, {
        rememberLabel: `Remember for ${site}${alike ? ` (and ${alike} more like it here)` : ''}`,
      });
    } else {
      show(`Removed ${quoted} for now. ${site ? 'It has no stable name on the page, so it cannot be remembered.' : ''}`.trim());
    }
    if (next) {
      next.focus({ preventScroll: true });
      setTarget(next);
    }
  }

  function sameHint(hint) {
    return [...content.querySelectorAll(`[data-bs-sel="${CSS.escape(hint)}"]`)].filter(usable);
  }

  function nextCandidate(block) {
    const all = [...content.querySelectorAll(REMOVABLE)].filter((n) => usable(n) && !block.contains(n));
    return all.find((n) => block.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) ?? all.at(-1) ?? null;
  }

  async function rememberLast() {
    const entry = undoStack.at(-1);
    if (!entry?.hint || !site || entry.rule) return;
    rememberButton.disabled = true;
    try {
      entry.rule = await remember(site, entry.hint, entry.note);
      // What the next clean will remove is gone from this one too.
      for (const block of sameHint(entry.hint)) {
        const marker = document.createComment('broadsheet: removed by your rule');
        block.replaceWith(marker);
        entry.items.push({ block, marker });
      }
      show(`Remembered: ${entry.rule}. The reader removes it on ${site} from now on (Options lists your rules).`);
    } catch (e) {
      show(`Could not save the rule: ${e?.message ?? e}`);
    } finally {
      rememberButton.disabled = false;
    }
  }

  async function undo() {
    const entry = undoStack.pop();
    if (!entry) return;
    for (const { block, marker } of entry.items.reverse()) marker.replaceWith(block);
    const first = entry.items.at(-1)?.block;
    if (entry.rule) {
      try {
        await forget(entry.rule);
      } catch (e) {
        show(`Put back, but the rule could not be taken out: ${e?.message ?? e}`);
        return;
      }
    }
    show(entry.rule ? `Put back, and ${entry.rule} forgotten.` : 'Put back.');
    if (first && active) {
      first.tabIndex = 0;
      if (!tabbed.includes(first)) tabbed.push(first);
      first.scrollIntoView({ block: 'nearest' });
      first.focus({ preventScroll: true });
      setTarget(first);
    }
  }

  content.addEventListener('pointerover', (e) => active && setTarget(candidate(e.target)));
  content.addEventListener('pointerleave', () => active && setTarget(null));
  content.addEventListener('focusin', (e) => active && setTarget(candidate(e.target)));
  // Capture: in remove mode a click removes; links and the reader's own handlers never see it.
  content.addEventListener(
    'click',
    (e) => {
      if (!active) return;
      e.preventDefault();
      e.stopPropagation();
      const block = candidate(e.target);
      if (block) remove(block);
    },
    true,
  );
  content.addEventListener('keydown', (e) => {
    if (!active || e.ctrlKey || e.metaKey || e.altKey) return;
    if (!['Enter', 'Delete', 'Backspace'].includes(e.key)) return;
    const block = candidate(e.target);
    if (!block) return;
    e.preventDefault();
    e.stopPropagation();
    remove(block);
  });
  undoButton.addEventListener('click', undo);
  rememberButton.addEventListener('click', rememberLast);
  doneButton.addEventListener('click', leave);

  return {
    get active() {
      return active;
    },
    enter,
    leave,
    toggle: () => (active ? leave() : enter()),
    undo,
  };
}

/** The bar's markup (reader.html holds an empty `#remove-bar`). */
export function fillRemoveBar(bar) {
  bar.replaceChildren(
    el('p', { className: 'remove-message', dir: 'auto', role: 'status', dataset: { remove: 'message' } }),
    el(
      'span',
      { className: 'remove-actions' },
      el('button', { type: 'button', textContent: 'Undo', hidden: true, dataset: { remove: 'undo' } }),
      el('button', { type: 'button', className: 'remove-remember', hidden: true, dataset: { remove: 'remember' } }),
      el('button', { type: 'button', textContent: 'Done', dataset: { remove: 'done' } }),
    ),
  );
}
