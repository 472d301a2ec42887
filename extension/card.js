// The summary card at the top of the reader, built from the Article alone: the core's key
// points when it provides `summary.keyPoints`, otherwise the excerpt; then reading time and
// what was removed (and the paywall note). UI strings get dir=auto so they read correctly
// inside a right-to-left article.
import { el } from './dom.js';

/**
 * @param {HTMLElement} title the card's heading
 * @param {HTMLElement} body the card's body (replaced)
 * @param {object} article the core's Article
 * @param {{notice?: string, onReview?: () => void, onKeyPoint?: (text: string) => void}} options
 */
export function renderCard(title, body, article, { notice = '', onReview, onKeyPoint } = {}) {
  const a = article;
  body.replaceChildren();
  const points = Array.isArray(a.summary?.keyPoints) ? a.summary.keyPoints.filter((p) => p?.text) : [];
  if (points.length) {
    title.textContent = 'Key points';
    const list = el('ul', { className: 'key-points' });
    for (const point of points) {
      const button = el('button', { type: 'button', className: 'key-point', textContent: point.text, title: 'Show in the article' });
      button.addEventListener('click', () => onKeyPoint?.(point.text));
      list.append(el('li', {}, button));
    }
    body.append(list);
  } else {
    title.textContent = 'At a glance';
    if (a.excerpt) body.append(el('p', { className: 'excerpt', textContent: a.excerpt }));
  }
  body.append(
    el('p', {
      className: 'facts',
      dir: 'auto',
      textContent: `${a.readingMinutes} min read · ${a.wordCount.toLocaleString()} words`,
    }),
  );

  const removed = a.removed ?? [];
  const removedLine = el('p', { className: 'removed-summary', dir: 'auto' });
  if (removed.length) {
    const counts = new Map();
    for (const r of removed) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
    const parts = [...counts].sort((x, y) => y[1] - x[1]).map(([kind, n]) => `${n} ${kind}`);
    const review = el('button', { type: 'button', className: 'link-button', textContent: 'Review or restore' });
    review.addEventListener('click', () => onReview?.());
    removedLine.append(`Removed ${removed.length} block${removed.length === 1 ? '' : 's'}: ${parts.join(', ')}. `, review);
  } else {
    removedLine.textContent = 'Nothing was removed.';
  }
  body.append(removedLine);

  if (a.paywall?.detected) {
    body.append(
      el('p', {
        className: 'paywall-note',
        dir: 'auto',
        title: `Signals: ${(a.paywall.signals ?? []).join(', ')}`,
        textContent:
          'This page marks the article as paywalled. The reader shows the text the page delivered to your browser; nothing else is fetched.',
      }),
    );
  }
  if (notice) body.append(el('p', { className: 'rules-notice', dir: 'auto', textContent: notice }));
}
