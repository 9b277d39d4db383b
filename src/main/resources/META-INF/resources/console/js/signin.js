// Sign-in with the pair the API takes: Element <token>, User <secret>. Checked with GET /objects before it is
// kept; kept in sessionStorage (this tab only).
import * as api from './api.js';
import {errorBox, field, fill, h} from './dom.js';

export function renderSignIn(main, notice, signedIn) {
    const token = h('input', {type: 'password', name: 'element-token', autocomplete: 'off', required: true});
    const secret = h('input', {type: 'password', name: 'user-secret', autocomplete: 'off', required: true});
    const message = h('div', {id: 'signin-message'});
    const submit = h('button', {type: 'submit', class: 'primary', text: 'Sign in'});
    if (notice) {
        fill(message, errorBox(notice));
    }
    const form = h('form', {class: 'panel signin', id: 'signin', novalidate: true},
        h('h1', {text: 'Sign in'}),
        h('p', {class: 'hint', text: 'The credentials of your connector instance, as the API takes them in its '
                + 'Authorization header. They are kept for this browser tab only.'}),
        message,
        field('element-token', 'Element token', token),
        field('user-secret', 'User secret', secret),
        h('div', {class: 'buttons'}, submit));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (!token.value.trim() || !secret.value.trim()) {
            fill(message, errorBox('Enter both the element token and the user secret.'));
            return;
        }
        submit.disabled = true;
        api.signIn(token.value.trim(), secret.value.trim());
        try {
            await api.call('/objects');
            signedIn();
        } catch (failure) {
            api.signOut();
            if (!form.isConnected) {
                return; // a 401: the console has already shown sign-in again with the API's message
            }
            fill(message, errorBox(failure.message));
            submit.disabled = false;
            token.focus();
        }
    });
    fill(main, form);
    token.focus();
}
