// Line icons (24x24, stroked). Decorative: the button around an icon carries
// its accessible name.
import { s } from './dom.js';

const SHAPES = {
  plus: [['path', { d: 'M12 5v14M5 12h14' }]],
  pencil: [['path', { d: 'M17 3a2.85 2.85 0 0 1 4 4L7.5 20.5 2 22l1.5-5.5Z' }], ['path', { d: 'm15 5 4 4' }]],
  trash: [['path', { d: 'M3 6h18M8 6V4a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v2M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6M10 11v6M14 11v6' }]],
  paper: [['path', { d: 'M16 4h2a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2' }], ['rect', { x: 8, y: 2, width: 8, height: 4, rx: 1 }]],
  check: [['path', { d: 'M20 6 9 17l-5-5' }]],
  chevronDown: [['path', { d: 'm6 9 6 6 6-6' }]],
  close: [['path', { d: 'M18 6 6 18M6 6l12 12' }]],
  alert: [['path', { d: 'M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z' }], ['path', { d: 'M12 9v4M12 17h.01' }]],
  key: [['circle', { cx: 7.5, cy: 15.5, r: 5.5 }], ['path', { d: 'm21 2-9.6 9.6M15.5 7.5l3 3L22 7l-3-3' }]],
  menu: [['path', { d: 'M4 6h16M4 12h16M4 18h16' }]],
  lock: [['rect', { x: 3, y: 11, width: 18, height: 11, rx: 2 }], ['path', { d: 'M7 11V7a5 5 0 0 1 10 0v4' }]],
};

export function icon(name, extraClass = '') {
  return s('svg', {
    class: `icon ${extraClass}`.trim(), viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false',
    fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round',
  }, SHAPES[name].map(([tag, attrs]) => s(tag, attrs)));
}
