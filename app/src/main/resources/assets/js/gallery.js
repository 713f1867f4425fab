// gallery.js opens the album's tiles in PhotoSwipe: swipe and pinch-zoom on touch, arrow keys on desktop.
// Without this script every tile is a plain link to the photo's own page.
import PhotoSwipeLightbox from '/assets/vendor/photoswipe/photoswipe-lightbox.esm.min.js';

const gallery = document.querySelector('.gallery');
// The tiles sit in row containers that justify.js rebuilds; PhotoSwipe reads them at opening time.

if (gallery && gallery.querySelector('a.tile[data-pswp-src]')) {
  const lightbox = new PhotoSwipeLightbox({
    gallery,
    children: 'a.tile[data-pswp-src]',
    pswpModule: () => import('/assets/vendor/photoswipe/photoswipe.esm.min.js'),
    bgOpacity: 1,
    showHideAnimationType: 'zoom',
    closeTitle: 'Close (Esc)',
    arrowPrevTitle: 'Previous (←)',
    arrowNextTitle: 'Next (→)',
    paddingFn: (viewport) => (viewport.x < 700
      ? { top: 0, bottom: 56, left: 0, right: 0 }
      : { top: 40, bottom: 72, left: 64, right: 64 }),
  });

  lightbox.on('uiRegister', () => {
    const { pswp } = lightbox;
    // The photo's alt text as a caption, and a link to its page (facts, original file).
    pswp.ui.registerElement({
      name: 'vitrine-caption',
      order: 9,
      isButton: false,
      appendTo: 'root',
      onInit: (el) => {
        pswp.on('change', () => {
          const tile = pswp.currSlide?.data?.element;
          // Only the owner's words (title, caption) make a caption; an untitled photo shows just the link.
          const caption = tile?.dataset.caption ?? '';
          el.replaceChildren();
          if (caption) {
            el.append(document.createTextNode(caption));
          }
          if (tile?.href) {
            const link = document.createElement('a');
            link.href = tile.href;
            link.textContent = 'Details';
            el.append(link);
          }
        });
      },
    });
  });

  lightbox.init();
}
