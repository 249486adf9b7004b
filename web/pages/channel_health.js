// A channel's health from its newest delivery: failing when that delivery
// failed, or is waiting for a retry after an attempt that did not succeed.
import { get, orgPath, getAll } from '../api.js';
import { badge } from '../ui.js';

export function healthOf(last) {
  if (!last) return 'unused';
  if (last.status === 'failed') return 'failing';
  if (last.status === 'pending' && last.attempt_count > 0) return 'failing';
  if (last.status === 'pending') return 'pending';
  return 'healthy';
}

const HEALTH = {
  healthy: ['Healthy', 'good'], failing: ['Failing', 'bad'], pending: ['Sending', 'warn'], unused: ['No deliveries yet', 'neutral'],
};

export function healthBadge(health) {
  const [text, tone] = HEALTH[health];
  return badge(text, tone);
}

// The organization's channels, each with its newest delivery and health.
export async function channelsWithHealth(org) {
  const channels = await getAll(orgPath(org, 'channels'), 'channels');
  return Promise.all(channels.map(async (channel) => {
    const { deliveries } = await get(`${orgPath(org, 'channels', channel.id, 'deliveries')}?limit=1`);
    const last = deliveries[0] || null;
    return { ...channel, last, health: healthOf(last) };
  }));
}
