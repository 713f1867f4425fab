// justify.js regroups the album's tiles into justified rows for the gallery's real width, before the first paint
// (it is a plain script right after the gallery) and again when the width changes. The rules are those of
// org.vitrine.album.JustifiedRows, which laid the rows out for a desktop window on the server: keep them in step.
(() => {
  'use strict';
  const PANORAMA = 2.5;
  const TOLERANCE = 0.25;
  const PANORAMA_MAX = 2.0;

  const gallery = document.querySelector('.gallery--rows');
  if (!gallery) {
    return;
  }
  const tiles = [...gallery.querySelectorAll('.tile')]
    .sort((a, b) => Number(a.dataset.order) - Number(b.dataset.order));
  const items = tiles.map((tile) => {
    const style = tile.style;
    const w = Number(style.getPropertyValue('--w')) || 1;
    const h = Number(style.getPropertyValue('--h')) || 1;
    const max = parseFloat(style.getPropertyValue('--max')) || w;
    return { aspect: w / h, maxWidth: max };
  });

  const targetHeight = (width) => (width < 480 ? 150 : width < 900 ? 200 : width < 1200 ? 240 : 280);
  const gapOf = (width) => (width < 768 ? 3 : 6);

  function justified(members, width, gap) {
    const aspects = members.reduce((sum, i) => sum + items[i].aspect, 0);
    return (width - gap * (members.length - 1)) / aspects;
  }

  function maxHeight(members) {
    return Math.min(...members.map((i) => items[i].maxWidth / items[i].aspect));
  }

  function layout(width) {
    const target = targetHeight(width);
    const gap = gapOf(width);
    const min = target * (1 - TOLERANCE);
    const max = target * (1 + TOLERANCE);
    const rows = [];
    let current = [];
    let waiting = [];
    const closed = (members, height) => {
      const cap = maxHeight(members);
      return { items: members, height: Math.min(height, cap), full: height <= cap };
    };
    const panorama = (i) => {
      const fill = width / items[i].aspect;
      const height = Math.min(fill, items[i].maxWidth / items[i].aspect, target * PANORAMA_MAX);
      return { items: [i], height, full: height >= fill };
    };
    items.forEach((item, i) => {
      if (item.aspect > PANORAMA) {
        if (current.length === 0) {
          rows.push(panorama(i));
        } else {
          waiting.push(i);
        }
        return;
      }
      const before = current.length === 0 ? Infinity : justified(current, width, gap);
      current.push(i);
      const after = justified(current, width, gap);
      // A small photo caps its row's height: such a row takes more photos, so it is full at that height.
      if (after > Math.min(max, maxHeight(current)) || current.length < 2) {
        return;
      }
      const beforeFits = before <= maxHeight(current.slice(0, -1));
      if (after < min && current.length > 2 && beforeFits
        && Math.abs(before - target) < Math.abs(after - target)) {
        current.pop();
        rows.push(closed(current, before));
        current = [i];
      } else {
        rows.push(closed(current, after));
        current = [];
      }
      waiting.forEach((p) => rows.push(panorama(p)));
      waiting = [];
    });
    waiting.forEach((p) => rows.push(panorama(p)));
    if (current.length > 0) {
      const height = Math.min(target, maxHeight(current), justified(current, width, gap));
      rows.push({ items: current, height, full: false });
    }
    return rows;
  }

  let laidOutFor = -1;
  function apply() {
    const width = gallery.clientWidth;
    if (width === 0 || width === laidOutFor) {
      return;
    }
    laidOutFor = width;
    const gap = gapOf(width);
    const fragment = document.createDocumentFragment();
    for (const row of layout(width)) {
      const el = document.createElement('div');
      el.className = row.full ? 'gallery__row' : 'gallery__row gallery__row--open';
      el.style.setProperty('--row-h', `${row.height.toFixed(1)}px`);
      const aspects = row.items.reduce((sum, i) => sum + items[i].aspect, 0);
      for (const i of row.items) {
        const tile = tiles[i];
        // The width the tile will have, so the browser picks the smallest image that is sharp enough.
        const tileWidth = row.full
          ? (width - gap * (row.items.length - 1)) * (items[i].aspect / aspects)
          : row.height * items[i].aspect;
        const img = tile.querySelector('img');
        if (img) {
          img.sizes = `${Math.ceil(tileWidth)}px`;
        }
        el.append(tile);
      }
      fragment.append(el);
    }
    gallery.replaceChildren(fragment);
    gallery.classList.add('is-justified');
  }

  apply();
  if ('ResizeObserver' in window) {
    let pending = 0;
    new ResizeObserver(() => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(apply);
    }).observe(gallery);
  }
})();
