// The console's entry point: sign-in, the navigation and a small hash router (#/jobs, #/jobs/42, #/upload,
// #/download). Each view is a module whose render(main, params) fills <main> and may return a function that
// stops what it started (live updates) when the person leaves the view.
import * as api from './api.js';
import {announce, fill} from './dom.js';
import {renderSignIn} from './signin.js';
import {renderJobs} from './jobs.js';
import {renderJob} from './job.js';
import {renderUpload} from './upload.js';
import {renderDownload} from './download.js';

const main = document.getElementById('view');
const nav = document.getElementById('nav');
let leave = null;
let signInNotice = null;

const routes = [
    [/^#\/jobs\/(\d+)$/, (m) => ['jobs', renderJob, {id: m[1]}]],
    [/^#\/upload$/, () => ['upload', renderUpload, {}]],
    [/^#\/download$/, () => ['download', renderDownload, {}]],
    [/^#\/jobs(\?.*)?$/, (m) => ['jobs', renderJobs, {query: new URLSearchParams((m[1] || '').slice(1))}]],
];

function route() {
    if (leave) {
        leave();
        leave = null;
    }
    if (!api.authorization()) {
        nav.hidden = true;
        renderSignIn(main, signInNotice, () => {
            signInNotice = null;
            if (location.hash === '' || location.hash === '#/') {
                location.hash = '#/jobs';
            } else {
                route();
            }
        });
        return;
    }
    nav.hidden = false;
    const hash = location.hash || '#/jobs';
    let view = null;
    for (const [pattern, make] of routes) {
        const m = hash.match(pattern);
        if (m) {
            view = make(m);
            break;
        }
    }
    if (!view) {
        location.hash = '#/jobs';
        return;
    }
    const [section, render, params] = view;
    for (const link of nav.querySelectorAll('a')) {
        if (link.dataset.view === section) {
            link.setAttribute('aria-current', 'page');
        } else {
            link.removeAttribute('aria-current');
        }
    }
    fill(main);
    leave = render(main, params) || null;
    main.focus({preventScroll: true});
}

api.onUnauthorized((failure) => {
    // An expired or wrong credential: forget it and ask again, saying why in the API's words.
    if (!api.authorization()) {
        return;
    }
    api.signOut();
    signInNotice = failure.message;
    announce('Signed out: ' + failure.message);
    route();
});

document.getElementById('sign-out').addEventListener('click', () => {
    api.signOut();
    signInNotice = null;
    location.hash = '#/jobs';
    route();
});

window.addEventListener('hashchange', route);
route();
