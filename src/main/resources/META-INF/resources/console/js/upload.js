// Upload: pick an object (its fields and types shown), a file, the metaData options with their meaning, and start
// a job (POST /bulk/{object}); the new job's page follows it.
import * as api from './api.js';
import {errorBox, field, fill, h} from './dom.js';

const DELIMITERS = [['COMMA', ', (comma)'], ['SEMICOLON', '; (semicolon)'], ['TAB', 'tab'], ['PIPE', '| (pipe)'],
    ['CARET', '^ (caret)'], ['BACKQUOTE', '` (back quote)']];

export function renderUpload(main) {
    const message = h('div', {id: 'upload-message'});
    const object = h('select', {name: 'object', required: true}, h('option', {value: '', text: 'Loading objects…'}));
    const columns = h('div', {id: 'object-fields'});
    const file = h('input', {type: 'file', name: 'file', required: true,
        accept: '.csv,.json,.jsonl,.ndjson,text/csv,application/json,application/x-ndjson'});
    const chosen = h('span', {class: 'hint', id: 'file-chosen', text: 'No file chosen.'});
    const drop = h('label', {class: 'drop', for: 'upload-file'},
        h('strong', {text: 'Drop a CSV, JSON or JSON Lines file here'}), ' or choose one: ', file, h('br'), chosen);
    file.id = 'upload-file';
    const action = h('select', {name: 'action'},
        ['create', 'upsert', 'update', 'delete'].map(a => h('option', {value: a, text: a})));
    const keys = h('input', {type: 'text', name: 'identifierFieldName', placeholder: 'primary key'});
    const delimiter = h('select', {name: 'columnDelimiter'}, DELIMITERS.map(([v, t]) => h('option', {value: v, text: t})));
    const batch = h('input', {type: 'number', name: 'bulkUploadRecordSize', min: 1, placeholder: 'instance default'});
    const maxErrors = h('input', {type: 'number', name: 'maxErrors', min: 0, placeholder: 'no limit'});
    const dryRun = h('input', {type: 'checkbox', name: 'dryRun', id: 'upload-dry-run',
        'aria-describedby': 'upload-dry-run-hint'});
    const submit = h('button', {type: 'submit', class: 'primary', id: 'start-upload', text: 'Start upload'});

    const form = h('form', {id: 'upload', novalidate: true},
        h('h1', {text: 'Upload'}), message,
        h('div', {class: 'grid2'},
            h('div', {},
                field('upload-object', 'Object', object, 'The table (or view) the rows go into.'),
                columns),
            h('div', {},
                h('div', {class: 'field'}, h('span', {class: 'label', text: 'File'}), drop,
                    h('p', {class: 'hint', text: 'CSV with a header row (UTF-8), a JSON array of objects, or '
                            + 'JSON Lines. Header names match the object\'s fields, in any case.'})),
                h('fieldset', {class: 'panel'}, h('legend', {text: 'Options (metaData)'}),
                    field('upload-action', 'Action', action, 'create inserts every row; upsert inserts or updates '
                        + 'by the key; update and delete change rows by the key, and a row whose key matches '
                        + 'nothing fails.'),
                    field('upload-keys', 'Key fields', keys, 'identifierFieldName: the field(s) that identify a '
                        + 'row for upsert, update and delete, comma-separated. Empty: the primary key.'),
                    field('upload-delimiter', 'Column delimiter', delimiter, 'columnDelimiter: the character '
                        + 'between the fields of a CSV row.'),
                    field('upload-batch', 'Rows per batch', batch, 'bulkUploadRecordSize: rows written in one '
                        + 'transaction. Empty: the instance\'s default.'),
                    field('upload-max-errors', 'Most failed rows', maxErrors, 'maxErrors: the job ends in ERROR '
                        + 'once more rows than this have failed. Empty: no limit.'),
                    h('div', {class: 'field'},
                        h('label', {for: 'upload-dry-run'}, dryRun, ' Dry run'),
                        h('p', {class: 'hint', id: 'upload-dry-run-hint', text: 'dryRun: check every row, write '
                                + 'nothing. The job reports the rows that would fail.'}))),
                h('div', {class: 'buttons'}, submit))));
    fill(main, form);

    api.json('/objects').then(objects => {
        fill(object, h('option', {value: '', text: 'Choose an object'}),
            objects.map(name => h('option', {value: name, text: name})));
    }).catch(failure => fill(message, errorBox(failure.message)));

    object.addEventListener('change', async () => {
        fill(columns);
        if (!object.value) {
            return;
        }
        try {
            const metadata = await api.json(`/objects/${encodeURIComponent(object.value)}/metadata`);
            fill(columns, fieldsTable(object.value, metadata.fields || []));
        } catch (failure) {
            fill(columns, errorBox(failure.message));
        }
    });

    file.addEventListener('change', () => {
        chosen.textContent = file.files.length ? `Chosen: ${file.files[0].name}` : 'No file chosen.';
    });
    for (const type of ['dragenter', 'dragover']) {
        drop.addEventListener(type, event => {
            event.preventDefault();
            drop.classList.add('over');
        });
    }
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', event => {
        event.preventDefault();
        drop.classList.remove('over');
        if (event.dataTransfer.files.length) {
            file.files = event.dataTransfer.files;
            file.dispatchEvent(new Event('change'));
        }
    });

    form.addEventListener('submit', async event => {
        event.preventDefault();
        fill(message);
        if (!object.value) {
            fill(message, errorBox('Choose the object the rows go into.'));
            object.focus();
            return;
        }
        if (!file.files.length) {
            fill(message, errorBox('Choose a file to upload.'));
            file.focus();
            return;
        }
        const metaData = {action: action.value, columnDelimiter: delimiter.value};
        if (keys.value.trim()) {
            metaData.identifierFieldName = keys.value.trim();
        }
        if (batch.value) {
            metaData.bulkUploadRecordSize = Number(batch.value);
        }
        if (maxErrors.value) {
            metaData.maxErrors = Number(maxErrors.value);
        }
        if (dryRun.checked) {
            metaData.dryRun = true;
        }
        const body = new FormData();
        body.append('file', file.files[0], file.files[0].name);
        body.append('metaData', JSON.stringify(metaData));
        submit.disabled = true;
        try {
            const path = '/' + file.files[0].name;
            const created = await api.json(`/bulk/${encodeURIComponent(object.value)}?path=${encodeURIComponent(path)}`,
                {method: 'POST', body});
            location.hash = `#/jobs/${created.id}`;
        } catch (failure) {
            fill(message, errorBox(failure.message));
            submit.disabled = false;
        }
    });
}

function fieldsTable(name, fields) {
    return h('div', {class: 'table-wrap'}, h('table', {id: 'object-fields-table'},
        h('caption', {class: 'visually-hidden', text: `Fields of ${name}`}),
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col', text: 'Field'}),
            h('th', {scope: 'col', text: 'Type'}),
            h('th', {scope: 'col', text: 'Notes'}))),
        h('tbody', {}, fields.map(f => h('tr', {},
            h('td', {class: 'mono', text: f.vendorPath}),
            h('td', {class: 'mono', text: f.vendorNativeType || f.type}),
            h('td', {text: notes(f)}))))));
}

function notes(f) {
    const out = [];
    if (f.primaryKey) {
        out.push('key');
    }
    if (f.vendorRequired) {
        out.push('required');
    }
    if (f.identity) {
        out.push('identity');
    } else if (f.vendorReadOnly) {
        out.push('read-only');
    }
    return out.join(', ');
}
