// Adds ~6 million characters of application state as a JSON script, as large news sites do.
const state = document.createElement('script');
state.type = 'application/json';
state.id = 'app-state';
state.textContent = JSON.stringify({ items: Array.from({ length: 60000 }, (_, i) => ({ id: i, text: 'x'.repeat(80) })) });
document.body.append(state);
document.documentElement.dataset.stateChars = String(state.textContent.length);
