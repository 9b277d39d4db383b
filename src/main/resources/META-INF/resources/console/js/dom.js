// Building the page without HTML strings: every value from the API becomes a text node (textContent), so a field
// holding <script> shows as text and never runs. Nothing in the console writes innerHTML.

/**
 * h('td', {class: 'num'}, 12, ' rows') builds an element. Attributes: 'class', 'text', on<Event> functions,
 * booleans (set when true), everything else by setAttribute. Children: nodes, strings/numbers (as text), arrays,
 * null/undefined/false (skipped).
 */
export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) {
            continue;
        }
        if (key.startsWith('on') && typeof value === 'function') {
            el.addEventListener(key.slice(2).toLowerCase(), value);
        } else if (key === 'text') {
            el.textContent = String(value);
        } else if (value === true) {
            el.setAttribute(key, '');
        } else {
            el.setAttribute(key, String(value));
        }
    }
    append(el, children);
    return el;
}

export function append(parent, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) {
            continue;
        }
        parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return parent;
}

/** Replaces the children of el. */
export function fill(el, ...children) {
    el.replaceChildren();
    return append(el, children);
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
        if (key === 'text') {
            el.textContent = String(value);
        } else {
            el.setAttribute(key, String(value));
        }
    }
    for (const child of children.flat()) {
        if (child) {
            el.append(child);
        }
    }
    return el;
}

/** Says something to screen-reader users without moving their focus. */
export function announce(message) {
    document.getElementById('announce').textContent = message;
}

/** A labelled form field: label, control and an optional hint the control is described by. */
export function field(id, label, control, hint) {
    control.id = id;
    const children = [h('label', {for: id, text: label}), control];
    if (hint) {
        control.setAttribute('aria-describedby', id + '-hint');
        children.push(h('p', {class: 'hint', id: id + '-hint', text: hint}));
    }
    return h('div', {class: 'field'}, children);
}

export function errorBox(message) {
    return h('p', {class: 'error', role: 'alert', text: message});
}
