// The operations page: signs in with the token API, then reads and acts through the ADMIN JSON API only.
// Every value from the server is written as text (textContent), never as markup: payloads and errors are not ours.
'use strict';

const PUBLICATIONS = '/api/admin/event-publications';
const INCOMPLETE = ['PUBLISHED', 'PROCESSING', 'FAILED', 'RESUBMITTED'];
const DEAD = ['EXHAUSTED', 'ABANDONED', 'UNREADABLE'];
const ORDER_STATUSES = ['PLACED', 'CONFIRMED', 'REJECTED', 'CANCELLED'];
const TOKEN = 'modular-shop.ops.token';

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, detail) {
    super(detail || ('HTTP ' + status));
    this.status = status;
  }
}

async function api(method, path) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN), Accept: 'application/json' },
  });
  if (response.status === 401) {
    signOut('Your session has expired; sign in again.');
  }
  if (!response.ok) {
    let detail;
    try {
      detail = (await response.json()).detail;
    } catch (notJson) {
      detail = undefined;
    }
    throw new ApiError(response.status, detail);
  }
  return response.status === 204 ? null : response.json();
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function row(cells) {
  const tr = document.createElement('tr');
  cells.forEach((cell) => tr.appendChild(cell instanceof Node ? cell : element('td', cell)));
  return tr;
}

function simpleName(type) {
  return type.substring(type.lastIndexOf('.') + 1);
}

// "com.modularshop.notification.NotificationListeners.on(com.modularshop.user.events.UserRegistered)"
// -> "notification: NotificationListeners.on"
function listenerName(listenerId) {
  const method = listenerId.split('(')[0];
  const parts = method.split('.');
  const module = parts.length > 3 ? parts[2] : '';
  return (module ? module + ': ' : '') + parts.slice(-2).join('.');
}

function age(instant) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
  if (seconds < 120) return seconds + ' s';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min';
  return Math.round(seconds / 3600) + ' h';
}

function report(text, isError) {
  const activity = $('activity');
  activity.textContent = text;
  activity.className = isError ? 'error' : '';
}

function button(label, action) {
  const node = element('button', label);
  node.type = 'button';
  node.addEventListener('click', action);
  return node;
}

// --- the registry ---

async function showCounts() {
  const statuses = [...INCOMPLETE, ...DEAD, 'COMPLETED'];
  const pages = await Promise.all(statuses.map((status) => api('GET', `${PUBLICATIONS}?status=${status}&size=1`)));
  const body = $('publication-counts').tBodies[0];
  body.replaceChildren(...statuses.map((status, i) => {
    const tr = row([status, pages[i].page.totalElements]);
    tr.dataset.status = status;
    return tr;
  }));

  const oldest = await api('GET', `${PUBLICATIONS}?size=1`);
  const publication = oldest.content[0];
  $('oldest-incomplete').textContent = publication
    ? `Oldest incomplete: ${simpleName(publication.eventType)} to ${listenerName(publication.listenerId)}, `
      + `${publication.status}, published ${age(publication.publicationDate)} ago (${publication.publicationDate}).`
    : 'No incomplete publication.';
}

async function showPublications(tableId, statuses, actions) {
  const pages = await Promise.all(statuses.map((status) => api('GET', `${PUBLICATIONS}?status=${status}&size=50`)));
  const publications = pages.flatMap((page) => page.content);
  // the last error is kept per listener and message; one request each, for at most a page of rows
  const details = await Promise.all(publications.map((it) => api('GET', `${PUBLICATIONS}/${it.id}`)));
  const body = $(tableId).tBodies[0];

  if (publications.length === 0) {
    const empty = element('td', 'None.', 'empty');
    empty.colSpan = 6;
    body.replaceChildren(row([empty]));
    return;
  }

  body.replaceChildren(...publications.map((publication, i) => {
    const tr = row([
      simpleName(publication.eventType),
      listenerName(publication.listenerId),
      `${publication.publicationDate} (${age(publication.publicationDate)} ago)`,
      tableId === 'dead-letters' ? publication.status : publication.completionAttempts,
      element('td', details[i].lastError || '', 'error'),
    ]);
    tr.dataset.id = publication.id;
    tr.title = publication.id;
    const cell = document.createElement('td');
    actions(publication).forEach((action) => cell.appendChild(action));
    tr.appendChild(cell);
    return tr;
  }));
}

async function resubmit(publication) {
  const name = `${simpleName(publication.eventType)} to ${listenerName(publication.listenerId)}`;
  try {
    await api('POST', `${PUBLICATIONS}/${publication.id}/resubmit`);
  } catch (failure) {
    report(`Could not resubmit ${name}: ${failure.message}`, true);
    return;
  }
  report(`Resubmitted ${name}; waiting for its delivery...`);
  await refresh();
  report(await outcome(publication.id, name), false);
  await refresh();
}

// Follows a resubmitted publication until its listener has run (it is archived as COMPLETED) or it failed again.
async function outcome(id, name) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const details = await api('GET', `${PUBLICATIONS}/${id}`);
    const status = details.publication.status;
    if (status === 'COMPLETED') {
      return `Delivered: ${name} (${id}).`;
    }
    if (DEAD.includes(status)) {
      return `Not delivered, a dead letter again (${status}): ${name} (${id}).`;
    }
    if (status === 'FAILED' && details.publication.completionAttempts > 0) {
      return `Failed again, retried after a backoff: ${name} (${id}).`;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return `Still not delivered after a minute: ${name} (${id}).`;
}

async function abandon(publication) {
  const name = `${simpleName(publication.eventType)} to ${listenerName(publication.listenerId)}`;
  if (!window.confirm(`Give up on ${name}? It becomes a dead letter (ABANDONED) and can be resubmitted later.`)) {
    return;
  }
  try {
    await api('POST', `${PUBLICATIONS}/${publication.id}/abandon`);
    report(`Abandoned ${name} (${publication.id}).`);
  } catch (failure) {
    report(`Could not abandon ${name}: ${failure.message}`, true);
  }
  await refresh();
}

// --- orders ---

async function showOrders() {
  const pages = await Promise.all(ORDER_STATUSES.map((status) => api('GET', `/api/admin/orders?status=${status}&size=5`)));
  $('orders-by-status').replaceChildren(...ORDER_STATUSES.map((status, i) => {
    const page = pages[i];
    const block = element('div');
    block.dataset.status = status;
    block.appendChild(element('h3', `${status} (${page.page.totalElements})`));
    const table = element('table');
    table.appendChild(row(['Order', 'Placed', 'Total', status === 'REJECTED' ? 'Reason' : 'Lines']
      .map((title) => element('th', title))));
    page.content.forEach((order) => table.appendChild(row([order.id, order.placedAt, order.total,
      status === 'REJECTED' ? order.rejectionReason : order.lines.length])));
    if (page.content.length === 0) {
      const empty = element('td', 'None.', 'empty');
      empty.colSpan = 4;
      table.appendChild(row([empty]));
    }
    block.appendChild(table);
    return block;
  }));
}

// --- modules ---

async function showComponentDiagram() {
  const image = $('component-diagram');
  if (image.dataset.loaded) {
    return;
  }
  const response = await fetch('/ops/components.svg', {
    headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN) },
  });
  if (response.ok) {
    image.src = URL.createObjectURL(await response.blob());
    image.dataset.loaded = 'true';
  }
}

// --- the page ---

let refreshing = Promise.resolve();

function refresh() {
  refreshing = refreshing.then(async () => {
    try {
      await Promise.all([
        showCounts(),
        showPublications('failed', ['FAILED'], (it) => [button('Resubmit', () => resubmit(it)), button('Abandon', () => abandon(it))]),
        showPublications('dead-letters', DEAD, (it) => [button('Resubmit', () => resubmit(it))]),
        showOrders(),
        showComponentDiagram(),
      ]);
      document.body.dataset.refreshed = new Date().toISOString();
    } catch (failure) {
      report(`Could not load everything: ${failure.message}`, true);
    }
  });
  return refreshing;
}

async function signIn(event) {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  const response = await fetch('/api/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ email: $('email').value, password: $('password').value }),
  });
  if (!response.ok) {
    let detail = 'Sign-in failed.';
    try {
      detail = (await response.json()).detail || detail;
    } catch (notJson) {
      // keep the generic message
    }
    $('sign-in-error').textContent = detail;
    return;
  }
  sessionStorage.setItem(TOKEN, (await response.json()).access_token);
  $('password').value = '';
  await open($('email').value);
}

async function open(email) {
  try {
    await api('GET', `${PUBLICATIONS}?size=1`);
  } catch (failure) {
    sessionStorage.removeItem(TOKEN);
    $('sign-in-error').textContent = failure.status === 403
      ? 'This account is not an administrator.' : `Cannot reach the operations API: ${failure.message}`;
    return;
  }
  $('signed-in-as').textContent = email ? `Signed in as ${email}` : 'Signed in';
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('refresh').hidden = false;
  $('sign-out').hidden = false;
  await refresh();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN);
  $('console').hidden = true;
  $('refresh').hidden = true;
  $('sign-out').hidden = true;
  $('signed-in-as').textContent = '';
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = typeof message === 'string' ? message : '';
}

$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => signOut());
$('refresh').addEventListener('click', () => refresh());

if (sessionStorage.getItem(TOKEN)) {
  open();
}
