// The instance's jobs, newest first, paged as the API pages them (GET /bulk/jobs), filtered by status and object.
// While a job on the page has not ended, the page is read again every two seconds: one request for the whole page
// rather than one event stream per job, which would use up the browser's six connections to the service.
import * as api from './api.js';
import {errorBox, field, fill, h} from './dom.js';
import {date, duration, elapsedSeconds, isFinal, progress, rate, sizeBars, statusBadge} from './format.js';

const STATUSES = ['CREATED', 'RUNNING', 'COMPLETE', 'ERROR', 'CANCELLED'];
const REFRESH_MS = 2000;

export function renderJobs(main, {query}) {
    const status = query.get('status') || '';
    const objectName = query.get('objectName') || '';
    const pageToken = query.get('page') || '';
    const pageSize = 20;
    let timer = null;
    let stopped = false;

    const statusSelect = h('select', {name: 'status'},
        h('option', {value: '', text: 'Any status'}),
        STATUSES.map(s => h('option', {value: s, selected: s === status, text: s})));
    const objectSelect = h('select', {name: 'objectName'}, h('option', {value: '', text: 'Any object'}));
    const filters = h('form', {class: 'filters', id: 'job-filters'},
        field('filter-status', 'Status', statusSelect),
        field('filter-object', 'Object', objectSelect),
        h('button', {type: 'submit', text: 'Filter'}));
    filters.addEventListener('submit', (event) => {
        event.preventDefault();
        location.hash = '#/jobs?' + params({status: statusSelect.value, objectName: objectSelect.value});
    });
    const message = h('div');
    const body = h('tbody');
    const table = h('div', {class: 'table-wrap'}, h('table', {id: 'jobs'},
        h('caption', {class: 'visually-hidden', text: 'Jobs, newest first'}),
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col', text: 'Job'}),
            h('th', {scope: 'col', text: 'Object'}),
            h('th', {scope: 'col', class: 'hide-narrow', text: 'Action'}),
            h('th', {scope: 'col', text: 'Status'}),
            h('th', {scope: 'col', text: 'Progress'}),
            h('th', {scope: 'col', class: 'num hide-narrow', text: 'Rows/s'}),
            h('th', {scope: 'col', class: 'num hide-narrow', text: 'Elapsed'}),
            h('th', {scope: 'col', class: 'hide-narrow', text: 'Created'}))),
        body));
    const pager = h('nav', {class: 'buttons', 'aria-label': 'Pages'});
    fill(main, h('h1', {text: 'Jobs'}), filters, message, table, pager);

    api.json('/objects').then(objects => {
        for (const name of objects) {
            objectSelect.append(h('option', {value: name, selected: name === objectName, text: name}));
        }
    }).catch(() => { /* the filter still takes no object */ });

    async function load() {
        timer = null;
        const path = '/bulk/jobs?' + params({pageSize, status, objectName, nextPage: pageToken});
        try {
            const page = await api.page(path);
            if (stopped) {
                return;
            }
            fill(message);
            fill(body, page.items.length === 0
                ? h('tr', {}, h('td', {colspan: 8, text: 'No jobs yet. Start one with Upload or Download.'}))
                : page.items.map(row));
            sizeBars(body);
            fill(pager,
                pageToken ? h('a', {href: '#/jobs?' + params({status, objectName}), text: 'First page'}) : null,
                page.next ? h('a', {
                    href: '#/jobs?' + params({status, objectName, page: page.next}), rel: 'next', text: 'Next page',
                }) : null);
            if (page.items.some(job => !isFinal(job.status))) {
                timer = setTimeout(load, REFRESH_MS);
            }
        } catch (failure) {
            if (!stopped) {
                fill(message, errorBox(failure.message));
            }
        }
    }

    load();
    return () => {
        stopped = true;
        clearTimeout(timer);
    };
}

function row(job) {
    return h('tr', {'data-job': job.id},
        h('td', {}, h('a', {href: `#/jobs/${job.id}`, text: job.id, 'aria-label': `Job ${job.id}`})),
        h('td', {text: job.objectName},
            job.path ? h('div', {class: 'hint', text: job.path}) : null),
        h('td', {class: 'hide-narrow', text: job.action}),
        h('td', {}, statusBadge(job.status)),
        h('td', {}, progress(job)),
        h('td', {class: 'num hide-narrow', text: rate(job)}),
        h('td', {class: 'num hide-narrow', text: duration(elapsedSeconds(job))}),
        h('td', {class: 'hide-narrow', text: date(job.createdDate)}));
}

function params(values) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) {
        if (value !== '' && value !== null && value !== undefined) {
            search.set(key, value);
        }
    }
    return search.toString();
}

