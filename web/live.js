// A region of a page that shows what `load()` answers, refreshed on demand:
// it re-renders only when the answer changed, so that polling does not move
// the keyboard focus or the reader's place.
import { fill } from './dom.js';
import { loading, errorNote, unavailableNote } from './ui.js';
import { isMissingRoute } from './api.js';

// `container` shows render(data). `missing` is the note shown when the API
// route does not exist on this server (null: show the error). Returns
// refresh(), which resolves to the data (or null on failure).
export function liveRegion(container, { load, render, missing = null }) {
  let last;
  fill(container, loading());
  return async function refresh() {
    try {
      const data = await load();
      const text = JSON.stringify(data);
      if (text !== last) {
        last = text;
        fill(container, render(data));
      }
      return data;
    } catch (error) {
      last = undefined;
      fill(container, missing && isMissingRoute(error) ? unavailableNote(missing) : errorNote(error));
      return null;
    }
  };
}

// Runs `tick` every `seconds` while the page is visible, until it is left.
export function poll(ctx, seconds, tick) {
  let busy = false;
  const timer = setInterval(async () => {
    if (!ctx.main.isConnected) {
      clearInterval(timer);
      return;
    }
    if (busy || document.visibilityState !== 'visible') return;
    busy = true;
    try {
      await tick();
    } finally {
      busy = false;
    }
  }, seconds * 1000);
  ctx.onLeave(() => clearInterval(timer));
}
