// The top bar's mark for failing notification channels: "1 channel failing",
// linking to them, read when a page opens.
import { h, fill } from './dom.js';
import { icon } from './icons.js';
import { orgPath } from './api.js';
import { channelsWithHealth } from './pages/channel_health.js';

export function channelAlert(org) {
  const slot = h('span', { class: 'topbar-alerts' });
  channelsWithHealth(org.slug).then((channels) => {
    const failing = channels.filter((c) => c.health === 'failing').length;
    if (!failing) return;
    fill(slot, h('a', { class: 'topbar-alert', href: orgPath(org.slug, 'settings', 'channels') },
      icon('alert'), `${failing} channel${failing === 1 ? '' : 's'} failing`));
  }).catch(() => { /* the channels page shows the error */ });
  return slot;
}
