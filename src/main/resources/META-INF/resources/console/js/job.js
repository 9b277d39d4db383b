// One job: its status (live through GET /bulk/{id}/events while it runs), a rows-over-time chart, its failed rows
// paged as the API pages them, the result downloads, and Cancel while it can be cancelled.
import * as api from './api.js';
import {announce, errorBox, fill, h} from './dom.js';
import {count, date, duration, elapsedSeconds, isFinal, progress, rate, sizeBars, statusBadge} from './format.js';
import {rowsChart} from './chart.js';

const ERRORS_PAGE = 50;
const FIELDS = [
    ['status', 'Status'], ['objectName', 'Object'], ['action', 'Action'], ['path', 'Path'],
    ['recordsCount', 'Rows'], ['recordsSucceededCount', 'Succeeded'], ['recordsFailedCount', 'Failed'],
    ['recordsUnprocessedCount', 'Unprocessed'], ['percentComplete', 'Percent complete'],
    ['createdDate', 'Created'], ['startedDate', 'Started'], ['completedDate', 'Completed'],
    ['statusMessage', 'Message'], ['callbackStatus', 'Callback'],
];

export function renderJob(main, {id}) {
    const abort = new AbortController();
    const points = [];
    let job = null;
    let errorsShownFor = -1;
    let pollTimer = null;

    const title = h('h1', {}, `Job ${id}`);
    const message = h('div', {id: 'job-message'});
    const summary = h('div', {id: 'job-progress'});
    const actions = h('div', {class: 'buttons', id: 'job-actions'});
    const facts = h('dl', {class: 'facts', id: 'job-status'});
    const raw = h('pre', {class: 'mono', id: 'job-json'});
    const chart = h('div', {class: 'chart', id: 'job-chart'});
    const errors = h('section', {id: 'job-errors', 'aria-labelledby': 'errors-title'});
    const dialog = cancelDialog();
    fill(main, h('p', {}, h('a', {href: '#/jobs', text: '← All jobs'})), title, message, summary, actions,
        h('div', {class: 'grid2'},
            h('section', {'aria-labelledby': 'status-title'}, h('h2', {id: 'status-title', text: 'Status'}), facts,
                h('details', {}, h('summary', {text: 'Status JSON'}), raw)),
            h('section', {'aria-labelledby': 'chart-title'}, h('h2', {id: 'chart-title', text: 'Rows over time'}),
                chart)),
        errors, dialog.element);

    function show(next) {
        const previous = job;
        job = next;
        if (!isFinal(job.status) || points.length > 0) {
            const t = elapsedSeconds(job) || 0;
            points.push({t, rows: (job.recordsSucceededCount || 0) + (job.recordsFailedCount || 0)});
        }
        fill(title, `Job ${job.id} `, statusBadge(job.status));
        fill(summary, progress(job), h('p', {class: 'hint'},
            `${rate(job)} · elapsed ${duration(elapsedSeconds(job))}`));
        sizeBars(summary);
        fill(facts, FIELDS.flatMap(([key, label]) => [
            h('dt', {text: label}),
            h('dd', {'data-field': key, text: display(key, job[key])}),
        ]));
        raw.textContent = JSON.stringify(job, null, 2);
        fill(chart, rowsChart(points, job));
        renderActions();
        if (job.recordsFailedCount !== errorsShownFor && (isFinal(job.status) || errorsShownFor < 0)) {
            errorsShownFor = job.recordsFailedCount;
            loadErrors(null, []);
        }
        if (previous && previous.status !== job.status) {
            announce(`Job ${job.id} is ${job.status}`);
        }
    }

    /** Redrawn only when the choice of buttons changes, so that a focused button keeps its focus. */
    function renderActions() {
        const kind = isFinal(job.status) ? `${job.status}:${job.action}` : 'running';
        if (actions.dataset.kind === kind) {
            return;
        }
        actions.dataset.kind = kind;
        const buttons = [];
        if (!isFinal(job.status)) {
            buttons.push(h('button', {type: 'button', class: 'danger', id: 'cancel-job', text: 'Cancel job…',
                onclick: () => dialog.open(job, cancelled => {
                    show(cancelled);
                    announce(`Cancel requested for job ${job.id}`);
                }, failure => fill(message, errorBox(failure.message)))}));
        } else if (job.action === 'query') {
            if (job.status === 'COMPLETE') {
                const path = `/bulk/${job.id}/${encodeURIComponent(job.objectName)}`;
                buttons.push(downloadButton('download-csv', 'Download CSV', path, 'text/csv', `${job.objectName}-${job.id}.csv`));
                buttons.push(downloadButton('download-json', 'Download JSON', path, 'application/json', `${job.objectName}-${job.id}.json`));
                buttons.push(downloadButton('download-jsonl', 'Download JSON Lines', path, 'application/x-ndjson', `${job.objectName}-${job.id}.jsonl`));
            }
        } else {
            buttons.push(downloadButton('download-failed', 'Failed rows (CSV)', `/bulk/${job.id}/results?type=failed`,
                'text/csv', `job-${job.id}-failed.csv`));
            buttons.push(downloadButton('download-successful', 'Successful rows (CSV)',
                `/bulk/${job.id}/results?type=successful`, 'text/csv', `job-${job.id}-successful.csv`));
            buttons.push(downloadButton('download-unprocessed', 'Unprocessed rows (CSV)',
                `/bulk/${job.id}/results?type=unprocessed`, 'text/csv', `job-${job.id}-unprocessed.csv`));
            buttons.push(downloadButton('download-errors', 'Errors (CSV)', `/bulk/${job.id}/errors`, 'text/csv',
                `job-${job.id}-errors.csv`));
        }
        fill(actions, buttons);
    }

    function downloadButton(elementId, label, path, accept, fileName) {
        return h('button', {type: 'button', id: elementId, text: label, onclick: async () => {
            try {
                await api.download(path, accept, fileName);
            } catch (failure) {
                fill(message, errorBox(failure.message));
            }
        }});
    }

    async function loadErrors(token, previousTokens) {
        const path = `/bulk/${id}/errors?pageSize=${ERRORS_PAGE}` + (token ? `&nextPage=${encodeURIComponent(token)}` : '');
        try {
            const page = await api.page(path);
            if (!abort.signal.aborted) {
                fill(errors, errorsTable(page, token, previousTokens, loadErrors));
            }
        } catch (failure) {
            if (!abort.signal.aborted) {
                fill(errors, h('h2', {id: 'errors-title', text: 'Failed rows'}), errorBox(failure.message));
            }
        }
    }

    async function poll() {
        try {
            show(await api.json(`/bulk/${id}/status`));
            if (!isFinal(job.status)) {
                pollTimer = setTimeout(poll, 2000);
            }
        } catch (failure) {
            fill(message, errorBox(failure.message));
        }
    }

    api.jobEvents(id, show, abort.signal).then(() => {
        if (job && !isFinal(job.status)) {
            poll(); // the stream ended early (a proxy, a restart): read the status instead
        }
    }).catch(failure => {
        if (abort.signal.aborted) {
            return;
        }
        if (failure instanceof api.ApiFailure) {
            fill(message, errorBox(failure.message));
        } else {
            poll();
        }
    });

    return () => {
        abort.abort();
        clearTimeout(pollTimer);
    };
}

function display(key, value) {
    if (value === null || value === undefined || value === '') {
        return '–';
    }
    if (key.endsWith('Date')) {
        return `${date(value)} (${value})`;
    }
    if (typeof value === 'number') {
        return key === 'percentComplete' ? `${value}%` : count(value);
    }
    return String(value);
}

/** The failed rows: row number, the record's fields, error code and message; Previous/Next as the API pages. */
function errorsTable(page, token, previousTokens, load) {
    const heading = h('h2', {id: 'errors-title', text: 'Failed rows'});
    if (page.items.length === 0 && !token) {
        return [heading, h('p', {id: 'no-errors', text: 'No row has failed.'})];
    }
    const fields = [];
    for (const item of page.items) {
        for (const key of Object.keys(item.record || {})) {
            if (!fields.includes(key)) {
                fields.push(key);
            }
        }
    }
    const table = h('div', {class: 'table-wrap'}, h('table', {id: 'errors'},
        h('caption', {class: 'visually-hidden', text: 'Failed rows with their errors'}),
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col', class: 'num', text: 'Row'}),
            fields.map(f => h('th', {scope: 'col', text: f})),
            h('th', {scope: 'col', class: 'num', text: 'Error code'}),
            h('th', {scope: 'col', text: 'Message'}))),
        h('tbody', {}, page.items.map(item => h('tr', {'data-row': item.row},
            h('td', {class: 'num', text: item.row}),
            fields.map(f => h('td', {text: value(item.record ? item.record[f] : null)})),
            h('td', {class: 'num', text: item.errorCode}),
            h('td', {text: item.status}))))));
    const pager = h('nav', {class: 'buttons', 'aria-label': 'Failed rows pages'},
        previousTokens.length > 0 ? h('button', {type: 'button', text: 'Previous', onclick: () =>
            load(previousTokens[previousTokens.length - 1], previousTokens.slice(0, -1))}) : null,
        page.next ? h('button', {type: 'button', text: 'Next', onclick: () =>
            load(page.next, [...previousTokens, token])}) : null);
    return [heading, table, pager];
}

function value(v) {
    if (v === null || v === undefined) {
        return '';
    }
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Cancel asks first, in a modal dialog (focus stays inside it; Escape closes it). */
function cancelDialog() {
    const text = h('p');
    const confirm = h('button', {type: 'button', class: 'danger', id: 'confirm-cancel', text: 'Cancel the job'});
    const keep = h('button', {type: 'button', id: 'keep-running', text: 'Keep it running'});
    const element = h('dialog', {id: 'cancel-dialog', 'aria-labelledby': 'cancel-title'},
        h('h2', {id: 'cancel-title', text: 'Cancel this job?'}), text, h('div', {class: 'buttons'}, confirm, keep));
    let job = null;
    let done = null;
    let failed = null;
    keep.addEventListener('click', () => element.close());
    confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        try {
            done(await api.json(`/bulk/${job.id}/cancel`, {method: 'PUT'}));
        } catch (failure) {
            failed(failure);
        } finally {
            confirm.disabled = false;
            element.close();
        }
    });
    return {
        element,
        open(current, onDone, onFailed) {
            job = current;
            done = onDone;
            failed = onFailed;
            text.textContent = `Job ${job.id} stops at its next batch: the rows already written stay written, `
                + 'the rest are counted unprocessed and can be downloaded to upload again.';
            element.showModal();
            keep.focus();
        },
    };
}
