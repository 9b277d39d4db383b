// Numbers, durations and progress as people read them.
import {h} from './dom.js';

const numbers = new Intl.NumberFormat('en');

export function count(n) {
    return numbers.format(n || 0);
}

export function isFinal(status) {
    return status === 'COMPLETE' || status === 'ERROR' || status === 'CANCELLED';
}

/** Seconds between the job's start and its end (or now while it runs); null before it started. */
export function elapsedSeconds(job, now = Date.now()) {
    if (!job.startedDate) {
        return null;
    }
    const end = job.completedDate ? Date.parse(job.completedDate) : now;
    return Math.max(0, (end - Date.parse(job.startedDate)) / 1000);
}

export function duration(seconds) {
    if (seconds === null || seconds === undefined) {
        return '–';
    }
    if (seconds < 60) {
        return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
    }
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds % 60);
    if (m < 60) {
        return `${m} min ${s} s`;
    }
    return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Rows decided (succeeded or failed) per second since the start; null when it cannot be told yet. */
export function rowsPerSecond(job, now = Date.now()) {
    const seconds = elapsedSeconds(job, now);
    const decided = (job.recordsSucceededCount || 0) + (job.recordsFailedCount || 0);
    if (!seconds || seconds < 0.05 || decided === 0) {
        return null;
    }
    return decided / seconds;
}

export function rate(job) {
    const perSecond = rowsPerSecond(job);
    return perSecond === null ? '–' : `${count(Math.round(perSecond))} rows/s`;
}

export function date(iso) {
    if (!iso) {
        return '–';
    }
    const d = new Date(iso);
    return d.toLocaleString('en-GB', {dateStyle: 'medium', timeStyle: 'medium'});
}

export function statusBadge(status) {
    return h('span', {class: `status ${status}`, text: status});
}

/**
 * A progress bar: succeeded, failed and unprocessed rows in three colours (unprocessed also hatched, for who
 * cannot tell the colours apart), the percent, and the counts in words.
 */
export function progress(job) {
    const total = Math.max(job.recordsCount || 0, 1);
    const parts = [
        ['succeeded', job.recordsSucceededCount || 0],
        ['failed', job.recordsFailedCount || 0],
        ['unprocessed', job.recordsUnprocessedCount || 0],
    ];
    // While a job runs its unprocessed rows are the ones still to come: counted, but not drawn as a result.
    const drawn = isFinal(job.status) ? parts : parts.slice(0, 2);
    const percent = job.percentComplete || 0;
    const words = parts.map(([name, n]) => `${count(n)} ${name}`).join(', ');
    return h('div', {class: 'progress'},
        h('div', {
                class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent,
                'aria-valuetext': `${percent}% (${words})`, 'data-percent': percent,
            },
            drawn.filter(([, n]) => n > 0).map(([name, n]) =>
                h('span', {class: name, 'data-width': (100 * n / total).toFixed(2)}))),
        h('div', {class: 'legend'},
            h('span', {class: 'percent', text: `${percent}%`}),
            parts.map(([name, n]) => h('span', {}, h('i', {class: name, 'aria-hidden': 'true'}), `${count(n)} ${name}`))));
}

/** Sets the widths of progress segments: through the CSSOM, since the CSP allows no style attributes. */
export function sizeBars(root) {
    for (const span of root.querySelectorAll('.bar span[data-width]')) {
        span.style.width = `${span.dataset.width}%`;
    }
}
