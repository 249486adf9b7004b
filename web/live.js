// A region of a page that shows what `load()` answers, refreshed on demand:
// it re-renders only when the answer changed, so that polling does not move
// the keyboard focus or the reader's place.
import { fill } from './dom.js';
import { loading, errorNote } from './ui.js';

// `container` shows render(data), or the API's error where the data would
// be. Returns refresh(), which resolves to the data (or null on failure).
// An answer that arrives after a later refresh started is dropped, so the
// region always shows what the latest call asked for.
export function liveRegion(container, { load, render }) {
  let last;
  let latest = 0;
  fill(container, loading());
  return async function refresh() {
    latest += 1;
    const call = latest;
    try {
      const data = await load();
      if (call !== latest) return data;
      const text = JSON.stringify(data);
      if (text !== last) {
        last = text;
        fill(container, render(data));
      }
      return data;
    } catch (error) {
      if (call !== latest) return null;
      last = undefined;
      fill(container, errorNote(error));
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
