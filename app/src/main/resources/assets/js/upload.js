// upload.js enhances the album's upload form: each file goes up in its own request with its own progress
// bar (a few at a time), then the page waits for the server to finish processing and reloads to show them.
// Without this script the form still posts every chosen file in one ordinary multipart request.

const PARALLEL = 3;
const POLL_FIRST_MS = 1500;
const POLL_MAX_MS = 6000;
const POLL_GIVE_UP_MS = 15 * 60 * 1000;
// A cut connection (a web node restarting, a proxy time-out) is retried, with the same upload id so that a
// first attempt that did arrive is not stored twice: waits of 1, 2, 4, 8, 15, 15 … s, about two minutes in all.
const RETRY_WAITS_MS = [1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000, 15000, 15000];
const RETRY_STATUSES = new Set([0, 502, 503, 504]);

const form = document.querySelector('form.upload');
if (form) {
  enhance(form);
}

function enhance(form) {
  const input = form.querySelector('input[type="file"][name="photos"]');
  const zone = form.querySelector('.upload__zone');
  const list = form.querySelector('.upload__list');
  const status = form.querySelector('.upload__status');
  const submit = form.querySelector('.upload__submit');
  const csrf = form.querySelector('input[name="_csrf"]')?.value ?? '';
  const apiUrl = form.dataset.apiUrl;

  const queue = [];
  const waiting = new Set(); // ids of uploaded photos that are still being processed
  let active = 0;
  let polling = false;

  // Choosing files starts the upload at once, so the button is only needed without this script.
  submit.closest('.actions').hidden = true;
  input.addEventListener('change', () => {
    add(input.files);
    input.value = '';
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    add(input.files);
    input.value = '';
  });

  // Drag and drop for desktops; phones use the file input, which stays a real, tappable control.
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  let depth = 0;
  zone.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    zone.classList.add('is-dragging');
  });
  zone.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('is-dragging');
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('is-dragging');
    add(event.dataTransfer.files);
  });
  // A file dropped beside the zone must not navigate away from the page.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => {
      if (hasFiles(event) && !zone.contains(event.target)) event.preventDefault();
    });
  }

  window.addEventListener('beforeunload', (event) => {
    if (active > 0 || queue.length > 0) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  // Photos that were already processing when the page loaded are waited for too.
  for (const tile of document.querySelectorAll('.gallery [data-status="processing"][data-photo-id]')) {
    waiting.add(Number(tile.dataset.photoId));
  }
  if (waiting.size > 0) {
    poll();
  }

  function add(files) {
    for (const file of files ?? []) {
      queue.push({ file, row: addRow(file), uploadId: newUploadId(), attempt: 0 });
    }
    pump();
  }

  function addRow(file) {
    const row = document.createElement('li');
    row.className = 'upload-item';
    const name = document.createElement('span');
    name.className = 'upload-item__name';
    name.textContent = file.name;
    const state = document.createElement('span');
    state.className = 'upload-item__state';
    state.textContent = 'Waiting…';
    const bar = document.createElement('progress');
    bar.max = 1;
    bar.value = 0;
    bar.setAttribute('aria-label', `Upload of ${file.name}`);
    row.append(name, state, bar);
    list.append(row);
    return { row, state, bar };
  }

  function pump() {
    while (active < PARALLEL && queue.length > 0) {
      const next = queue.shift();
      active += 1;
      send(next).finally(() => {
        active -= 1;
        pump();
        if (active === 0 && queue.length === 0) {
          finished();
        }
      });
    }
  }

  async function send(item) {
    for (;;) {
      const { status, result } = await attempt(item);
      if (RETRY_STATUSES.has(status) && item.attempt < RETRY_WAITS_MS.length) {
        item.row.state.textContent = 'Connection lost — trying again…';
        await sleep(RETRY_WAITS_MS[item.attempt]);
        item.attempt += 1;
        continue;
      }
      if (status >= 200 && status < 300 && result?.ok) {
        item.row.bar.value = 1;
        item.row.row.classList.add('is-done');
        item.row.state.textContent = 'Uploaded — processing…';
        if (result.photoId != null) waiting.add(Number(result.photoId));
      } else if (status === -1) {
        fail(item.row, 'Cancelled.');
      } else {
        fail(item.row, result?.message ?? fallbackMessage(status));
      }
      return;
    }
  }

  // One try; resolves with the HTTP status (0: the connection failed, -1: cancelled) and the file's result.
  function attempt({ file, row, uploadId }) {
    return new Promise((resolve) => {
      const body = new FormData();
      body.append('_csrf', csrf);
      body.append('photos', file, file.name);

      const xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      xhr.setRequestHeader('Idempotency-Key', uploadId);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) {
          row.bar.value = event.loaded / event.total;
          row.state.textContent = `${Math.floor((100 * event.loaded) / event.total)} %`;
        }
      };
      xhr.onload = () => resolve({ status: xhr.status, result: firstResult(xhr.responseText) });
      xhr.onerror = () => resolve({ status: 0, result: null });
      xhr.onabort = () => resolve({ status: -1, result: null });
      row.state.textContent = '0 %';
      xhr.send(body);
    });
  }

  function finished() {
    if (waiting.size > 0) {
      poll();
    }
  }

  async function poll() {
    if (polling || !apiUrl) return;
    polling = true;
    const started = Date.now();
    let delay = POLL_FIRST_MS;
    while (Date.now() - started < POLL_GIVE_UP_MS) {
      showProcessing(waiting.size);
      await sleep(delay);
      delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.4));
      let photos;
      try {
        const response = await fetch(apiUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) continue;
        photos = (await response.json()).photos ?? [];
      } catch {
        continue; // a dropped connection: try again on the next round
      }
      const byId = new Map(photos.map((photo) => [Number(photo.id), photo.status]));
      for (const id of [...waiting]) {
        const state = byId.get(id);
        if (state === 'ready' || state === 'failed') waiting.delete(id);
      }
      if (waiting.size === 0 && active === 0 && queue.length === 0) {
        showMessage('Done — updating the page…');
        window.location.reload();
        return;
      }
    }
    polling = false;
    showMessage('Some photos are still processing. Reload the page later to see them.');
  }

  function showProcessing(count) {
    status.hidden = false;
    status.replaceChildren();
    const spinner = document.createElement('span');
    spinner.className = 'spinner';
    spinner.setAttribute('aria-hidden', 'true');
    status.append(spinner, `Processing ${count} ${count === 1 ? 'photo' : 'photos'}…`);
  }

  function showMessage(text) {
    status.hidden = false;
    status.textContent = text;
  }
}

function fail(row, message) {
  row.row.classList.add('is-error');
  row.state.textContent = message;
}

function firstResult(text) {
  try {
    const json = JSON.parse(text);
    return json?.results?.[0] ?? (json?.message ? { ok: false, message: json.message } : null);
  } catch {
    return null;
  }
}

function fallbackMessage(status) {
  switch (status) {
    case 413: return 'This file is too large to upload.';
    case 403: return 'Your session has expired. Reload the page, sign in again and retry.';
    case 422: return 'This file is not a photo Vitrine can read.';
    case 0: return 'The connection failed. Check the network and try this file again.';
    default: return `The upload failed (HTTP ${status}). Try again in a moment.`;
  }
}

// A random id per file, sent with each try of it. crypto.getRandomValues works on plain http too
// (crypto.randomUUID needs https or localhost).
function newUploadId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
