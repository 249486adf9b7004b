// The top bar's mark for failing notification channels: "1 channel failing",
// linking to them. It refreshes by itself while the page is visible (and at
// once when the channels page has read the channels), so a channel that
// starts failing is marked without a reload.
import { h, fill } from './dom.js';
import { icon } from './icons.js';
import { orgPath } from './api.js';
import { channelsWithHealth } from './pages/channel_health.js';

const REFRESH_SECONDS = 10;
// Sent on `document` with the number of failing channels as `detail` by
// whoever read the channels' health (the channels page).
export const CHANNEL_HEALTH_EVENT = 'hookwarden:channel-health';

export function channelAlert(org) {
  const slot = h('span', { class: 'topbar-alerts' });
  let shown = -1;
  function show(failing) {
    if (failing === shown) return;
    shown = failing;
    fill(slot, failing ? h('a', { class: 'topbar-alert', href: orgPath(org.slug, 'settings', 'channels') },
      icon('alert'), `${failing} channel${failing === 1 ? '' : 's'} failing`) : null);
  }
  async function refresh() {
    try {
      const channels = await channelsWithHealth(org.slug);
      show(channels.filter((c) => c.health === 'failing').length);
    } catch {
      /* the channels page shows the error */
    }
  }
  let attached = false;
  const onHealth = (event) => show(event.detail);
  document.addEventListener(CHANNEL_HEALTH_EVENT, onHealth);
  const timer = setInterval(() => {
    // Ends once the top bar it belongs to is gone.
    if (slot.isConnected) attached = true;
    else if (attached) {
      clearInterval(timer);
      document.removeEventListener(CHANNEL_HEALTH_EVENT, onHealth);
      return;
    }
    if (document.visibilityState === 'visible') refresh();
  }, REFRESH_SECONDS * 1000);
  refresh();
  return slot;
}
