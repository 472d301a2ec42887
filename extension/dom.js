// DOM building for the extension pages: page-derived strings go in only as text or
// attributes, never as markup (the one exception, the core's sanitized HTML, is in reader.js).

/**
 * `el('p', {className: 'x', dir: 'auto', textContent: s}, ...children)`: properties the
 * element has are set as properties, others (`aria-*`) as attributes; `dataset` is merged.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}
