// Read aloud with the Web Speech API: one utterance per block (paragraph, heading, list
// item, caption…), the block being read highlighted and kept in view. Play / pause / stop.

/** Blocks read aloud, in document order; a block containing another one is skipped (the
 * inner blocks are read instead), hidden ones (removal placeholders) too. */
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figcaption, pre, td, th, dt, dd';

export class ReadAloud {
  /**
   * @param {HTMLElement} root the article
   * @param {{lang?: string, onState?: (state: 'idle'|'playing'|'paused') => void}} options
   */
  constructor(root, { lang, onState } = {}) {
    this.root = root;
    this.lang = lang || undefined;
    this.onState = onState ?? (() => {});
    this.state = 'idle';
    this.blocks = [];
    this.index = 0;
    this.run = 0; // bumped on stop, so late `end` events of a cancelled utterance are ignored
  }

  static get supported() {
    return globalThis.platform.speech.supported();
  }

  toggle() {
    if (this.state === 'playing') this.pause();
    else if (this.state === 'paused') this.resume();
    else this.play();
  }

  play() {
    this.stop();
    this.blocks = [...this.root.querySelectorAll(BLOCKS)].filter(
      (b) => !b.closest('[hidden]') && !b.querySelector(BLOCKS) && b.textContent.trim() !== '',
    );
    if (!this.blocks.length) return;
    // Start at the first block in view, so "read aloud" reads what the user is looking at.
    const first = this.blocks.findIndex((b) => b.getBoundingClientRect().bottom > 60);
    this.index = Math.max(0, first);
    this.setState('playing');
    this.speak(++this.run);
  }

  pause() {
    speechSynthesis.pause();
    this.setState('paused');
  }

  resume() {
    speechSynthesis.resume();
    this.setState('playing');
  }

  stop() {
    this.run++;
    if (ReadAloud.supported) speechSynthesis.cancel();
    this.highlight(null);
    if (this.state !== 'idle') this.setState('idle');
  }

  speak(run) {
    if (run !== this.run) return;
    const block = this.blocks[this.index];
    if (!block) {
      this.stop();
      return;
    }
    this.highlight(block);
    const u = new SpeechSynthesisUtterance(block.textContent.replace(/\s+/g, ' ').trim());
    if (this.lang) u.lang = this.lang;
    const next = () => {
      if (run !== this.run) return;
      this.index++;
      this.speak(run);
    };
    u.onend = next;
    u.onerror = (e) => {
      // "interrupted"/"canceled" come from our own stop(); anything else skips the block.
      if (e.error !== 'interrupted' && e.error !== 'canceled') next();
    };
    speechSynthesis.speak(u);
  }

  highlight(block) {
    this.root.querySelector('.bs-speaking')?.classList.remove('bs-speaking');
    if (block) {
      block.classList.add('bs-speaking');
      block.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  }

  setState(state) {
    this.state = state;
    this.onState(state);
  }
}
