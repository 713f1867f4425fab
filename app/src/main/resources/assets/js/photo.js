// photo.js lets the arrow keys follow the photo page's previous and next links.
document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
    return;
  }
  if (event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable]')) {
    return;
  }
  const rel = { ArrowLeft: 'prev', ArrowRight: 'next' }[event.key];
  const link = rel && document.querySelector(`a[rel~="${rel}"][href]`);
  if (link) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});
