// The rows-over-time chart of a running job, drawn as SVG from the status events this page has received.
import {h, svg} from './dom.js';
import {count, duration} from './format.js';

const W = 600;
const H = 180;
const PAD = {left: 56, right: 12, top: 12, bottom: 28};

export function rowsChart(points, job) {
    if (points.length < 2) {
        return h('p', {class: 'hint', id: 'chart-empty', text: job.status === 'RUNNING' || job.status === 'CREATED'
            ? 'The chart fills in as the job runs.'
            : 'Drawn while a job runs and this page is open.'});
    }
    const maxT = Math.max(points[points.length - 1].t, 0.1);
    const maxRows = Math.max(job.recordsCount || 0, ...points.map(p => p.rows), 1);
    const x = t => PAD.left + (W - PAD.left - PAD.right) * (t / maxT);
    const y = rows => H - PAD.bottom - (H - PAD.top - PAD.bottom) * (rows / maxRows);
    const last = points[points.length - 1];
    const label = `Rows written over time: ${count(last.rows)} of ${count(maxRows)} after ${duration(last.t)}`;
    return svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'none'},
        svg('title', {text: label}),
        svg('line', {class: 'axis', x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom}),
        svg('line', {class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom}),
        svg('text', {x: PAD.left - 6, y: PAD.top + 10, 'text-anchor': 'end', text: count(maxRows)}),
        svg('text', {x: PAD.left - 6, y: H - PAD.bottom, 'text-anchor': 'end', text: '0'}),
        svg('text', {x: W - PAD.right, y: H - 8, 'text-anchor': 'end', text: duration(maxT)}),
        svg('text', {x: PAD.left, y: H - 8, text: '0 s'}),
        svg('polyline', {class: 'line', points: points.map(p => `${x(p.t).toFixed(1)},${y(p.rows).toFixed(1)}`).join(' ')}));
}
