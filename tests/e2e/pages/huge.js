// Grows the page to ~12 million characters after load (a capture larger than the reader's
// limit must end in a clear message, not a blank page).
const chunk = 'This sentence is filler that makes the page very large indeed. '.repeat(1000);
const frag = document.createDocumentFragment();
for (let i = 0; i < 190; i++) {
  const p = document.createElement('p');
  p.textContent = chunk;
  frag.append(p);
}
document.body.append(frag);
