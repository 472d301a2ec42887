// Adds ~6 million characters of application state to the page as an attribute (the props of a
// server-rendered component, as large news sites ship them). Not as a script: the capture leaves
// script text out (extension/background.js capturePage), and this page must stay heavy.
const state = document.createElement('div');
state.hidden = true;
state.id = 'app-state';
state.dataset.props = Array.from({ length: 70000 }, (_, i) => `${i}:${'x'.repeat(80)}`).join(',');
document.body.append(state);
document.documentElement.dataset.stateChars = String(state.dataset.props.length);
