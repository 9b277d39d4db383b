// Download: a query, checked as it is typed (GET /bulk/query/check) with a mistake marked at its position, then
// started (POST /bulk/query); the job's page offers the result as CSV, JSON or JSON Lines once COMPLETE.
import * as api from './api.js';
import {errorBox, field, fill, h} from './dom.js';

const CHECK_DELAY_MS = 350;

export function renderDownload(main) {
    const message = h('div', {id: 'download-message'});
    const query = h('textarea', {name: 'q', rows: 4, spellcheck: 'false', autocomplete: 'off',
        placeholder: 'select * from contact where active = true order by id limit 100'});
    const check = h('div', {id: 'query-check', 'aria-live': 'polite'});
    const submit = h('button', {type: 'submit', class: 'primary', id: 'start-download', text: 'Start download'});
    const form = h('form', {id: 'download', novalidate: true},
        h('h1', {text: 'Download'}), message,
        field('query', 'Query', query, 'select <fields | *> from <object> [where <condition>] '
            + '[order by <field> [asc | desc], …] [limit <n>]. Conditions: = != <> < <= > >= like in (…) is null, '
            + 'is not null, and, or, not, parentheses; strings in single quotes.'),
        check, h('div', {class: 'buttons'}, submit));
    fill(main, form);
    query.focus();

    let timer = null;
    let checked = 0;
    query.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(runCheck, CHECK_DELAY_MS);
    });

    /** Checks the query as it is now; an answer to an older text is dropped. */
    async function runCheck() {
        const text = query.value;
        const mine = ++checked;
        if (!text.trim()) {
            fill(check);
            query.removeAttribute('aria-invalid');
            return false;
        }
        try {
            const ok = await api.json(`/bulk/query/check?q=${encodeURIComponent(text)}`);
            if (mine === checked) {
                query.setAttribute('aria-invalid', 'false');
                fill(check, h('p', {class: 'notice', id: 'query-ok',
                    text: `Reads ${ok.objectName}: ${ok.fields.join(', ')}`}));
            }
            return true;
        } catch (failure) {
            if (mine === checked) {
                showMistake(text, failure);
            }
            return false;
        }
    }

    function showMistake(text, failure) {
        query.setAttribute('aria-invalid', 'true');
        const position = failure.status === 400 ? positionIn(failure.message) : null;
        const parts = [errorBox(failure.message)];
        if (position !== null) {
            parts.push(marked(text, position));
            query.setSelectionRange(position - 1, Math.min(text.length, tokenEnd(text, position - 1)));
        }
        fill(check, parts);
    }

    form.addEventListener('submit', async event => {
        event.preventDefault();
        clearTimeout(timer);
        fill(message);
        if (!(await runCheck())) {
            query.focus();
            return;
        }
        submit.disabled = true;
        try {
            const created = await api.json(`/bulk/query?q=${encodeURIComponent(query.value)}`, {method: 'POST'});
            location.hash = `#/jobs/${created.id}`;
        } catch (failure) {
            showMistake(query.value, failure);
            submit.disabled = false;
        }
    });
}

/** The 1-based position the API's message names ("... at position 23 ..."), or null. */
export function positionIn(message) {
    const m = /at position (\d+)/.exec(message || '');
    return m ? Number(m[1]) : null;
}

function tokenEnd(text, start) {
    let end = start;
    while (end < text.length && !/\s/.test(text[end])) {
        end++;
    }
    return Math.max(end, start + 1);
}

/** The query with the offending token marked (at the end of the query: a marked blank). */
function marked(text, position) {
    const start = Math.min(position - 1, text.length);
    const end = Math.min(text.length, tokenEnd(text, start));
    const token = text.slice(start, end) || ' ';
    return h('p', {class: 'query-echo', id: 'query-marked'},
        h('span', {class: 'visually-hidden', text: 'The query, with the mistake marked: '}),
        text.slice(0, start),
        h('mark', {id: 'query-mistake', 'data-position': position, title: `position ${position}`, text: token}),
        text.slice(end));
}
