// The fixture's own script: moves the rest of the story into the body, as a hydrating site
// would. A capture taken from the served bytes would miss these paragraphs.
const rest = document.getElementById('story-rest');
rest.replaceWith(rest.content.cloneNode(true));
document.documentElement.dataset.hydrated = '1';
