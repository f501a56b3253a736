// The helpdesk tab: lists tickets, opens one, assigns, changes status, resolves and adds notes over the ticket API.
// Inside Teams it takes the theme and the user from Teams and signs in with Teams SSO when configured;
// as a plain page (or when SSO is not possible) it asks for the helpdesk key.
import { ApiError, TicketApi, label, type Ticket, type TicketChange, type TicketFilter, type TicketLabels } from './api.js';
import { pageText, type PageText } from '../shared/pageText.js';
import { $, createTabSession, sessionValue, setStatus } from '../shared/tabSession.js';

interface TabConfig {
  /** Entra app id for Teams SSO; absent: sign in with the helpdesk key */
  ssoAppId?: string;
  /** the words for each ticket type and status, from the server's replies, in the order to list them */
  labels?: TicketLabels;
  /** the tab's words (replies page.helpdeskTab.*), from the server */
  text?: PageText;
}

const NAME_STORAGE = 'nhsmail-helpdesk-name';

const nameStore = sessionValue(NAME_STORAGE);

const config = JSON.parse($('tab-config').textContent ?? '{}') as TabConfig;
const t = pageText(config.text);
const TYPE_LABELS: Record<string, string> = config.labels?.types ?? {};
const STATUS_LABELS: Record<string, string> = config.labels?.statuses ?? {};
const state: { filter: TicketFilter; nextCursor?: string; current?: Ticket } = {
  filter: {},
};

const session = createTabSession({
  t,
  keys: {
    signInPrompt: 'page.helpdeskTab.signInPrompt',
    enterKey: 'page.helpdeskTab.enterKey',
    ssoFailed: 'page.helpdeskTab.ssoFailed',
    teamsUser: 'page.helpdeskTab.teamsUser',
    signInFirst: 'page.helpdeskTab.error.signInFirst',
  },
  ssoAppId: config.ssoAppId,
  sections: ['list', 'detail'],
  notSignedIn: (message) => new ApiError(401, message),
  load: () => loadList(),
  onSignIn: () => {
    const name = $<HTMLInputElement>('your-name').value.trim();
    if (name) nameStore.set(name);
  },
  onSignOut: () => nameStore.clear(),
});

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

const api = new TicketApi(
  (url, init) => fetch(url, init),
  () => session.credential(),
  t,
  () => session.teams?.userName ?? nameStore.get() ?? undefined,
);

function fillSelect(select: HTMLSelectElement, values: readonly string[], labels: Record<string, string>): void {
  for (const v of values) select.append(new Option(label(labels, v), v));
}

function fact(list: HTMLElement, term: string, value: unknown): void {
  if (value === undefined || value === null || value === '') return;
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : JSON.stringify(value);
  list.append(dt, dd);
}

/** Fields whose label is not their name in words: the page text key for each. */
const FIELD_LABELS: Record<string, string> = {
  odsCode: 'page.helpdeskTab.field.odsCode',
  cqcLocationId: 'page.helpdeskTab.field.cqcLocationId',
  email: 'page.helpdeskTab.field.email',
  mobile: 'page.helpdeskTab.field.mobile',
};

/** A field name as a label: odsCode -> "ODS code", sharedMailbox -> "Shared mailbox". */
function humanise(field: string): string {
  const known = FIELD_LABELS[field];
  if (known) return t(known);
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function renderRows(tickets: Ticket[], append: boolean): void {
  const body = $('ticket-rows');
  if (!append) body.replaceChildren();
  for (const ticket of tickets) {
    const row = document.createElement('tr');
    const refCell = document.createElement('td');
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'ref-link';
    open.textContent = ticket.ref;
    open.setAttribute('aria-label', t('page.helpdeskTab.openTicket', { ref: ticket.ref }));
    open.addEventListener('click', () => void openTicket(ticket.ref));
    refCell.append(open);
    row.append(refCell);
    for (const text of [label(TYPE_LABELS, ticket.type), label(STATUS_LABELS, ticket.status), ticket.summary, ticket.assignee ?? t('page.helpdeskTab.nobody'), formatDate(ticket.updatedAt)]) {
      const td = document.createElement('td');
      td.textContent = text;
      row.append(td);
    }
    row.dataset.ref = ticket.ref;
    body.append(row);
  }
  if (!body.children.length) {
    const row = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 6;
    td.textContent = t('page.helpdeskTab.noMatches');
    row.append(td);
    body.append(row);
  }
}

function handleError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) return session.refused(err.message);
  setStatus(err instanceof ApiError ? err.message : t('page.helpdeskTab.error.generic'), true);
}

async function loadList(append = false): Promise<void> {
  try {
    setStatus(t('page.helpdeskTab.loading'));
    const page = await api.list({ ...state.filter, ...(append && state.nextCursor ? { cursor: state.nextCursor } : {}) });
    state.nextCursor = page.nextCursor;
    renderRows(page.tickets, append);
    $('load-more').hidden = !page.nextCursor;
    const count = $('ticket-rows').querySelectorAll('tr[data-ref]').length;
    $('tickets-caption').textContent = page.nextCursor ? t('page.helpdeskTab.captionMore', { count }) : t('page.helpdeskTab.caption', { count });
    setStatus(count === 1 ? t('page.helpdeskTab.shownOne') : t('page.helpdeskTab.shownMany', { count }));
    session.show('list');
  } catch (err) {
    handleError(err);
  }
}

function renderTicket(ticket: Ticket): void {
  state.current = ticket;
  $('detail-title').textContent = t('page.helpdeskTab.detailTitle', { ref: ticket.ref, type: label(TYPE_LABELS, ticket.type) });
  $('detail-summary').textContent = ticket.summary;
  const facts = $('detail-facts');
  facts.replaceChildren();
  fact(facts, t('page.helpdeskTab.fact.status'), label(STATUS_LABELS, ticket.status));
  fact(facts, t('page.helpdeskTab.fact.assignee'), ticket.assignee ?? t('page.helpdeskTab.nobody'));
  fact(facts, t('page.helpdeskTab.fact.raised'), formatDate(ticket.createdAt));
  fact(facts, t('page.helpdeskTab.fact.updated'), formatDate(ticket.updatedAt));
  const fields = $('detail-fields');
  fields.replaceChildren();
  for (const [k, v] of Object.entries(ticket.fields ?? {})) fact(fields, humanise(k), v);
  const history = $('detail-history');
  history.replaceChildren();
  for (const e of ticket.history ?? []) {
    const li = document.createElement('li');
    const when = document.createElement('span');
    when.className = 'when';
    when.textContent = `${formatDate(e.at)}: `;
    li.append(when, t('page.helpdeskTab.historyEntry', { status: label(STATUS_LABELS, e.status), by: e.by }));
    if (e.note) {
      const note = document.createElement('div');
      note.textContent = e.note;
      li.append(note);
    }
    history.append(li);
  }
  const statusSelect = $<HTMLSelectElement>('new-status');
  statusSelect.value = ticket.status;
  const assignee = $<HTMLInputElement>('assignee');
  assignee.value = ticket.assignee ?? session.teams?.userName ?? nameStore.get() ?? '';
  ($('resolve') as HTMLButtonElement).disabled = ticket.status === 'resolved';
}

async function openTicket(ref: string): Promise<void> {
  try {
    setStatus(t('page.helpdeskTab.opening', { ref }));
    renderTicket(await api.get(ref));
    session.show('detail');
    setStatus(t('page.helpdeskTab.showing', { ref }));
    $('detail-title').focus();
  } catch (err) {
    handleError(err);
  }
}

async function change(update: TicketChange, done: string): Promise<boolean> {
  const ticket = state.current;
  if (!ticket) return false;
  try {
    renderTicket(await api.update(ticket.ref, update));
    setStatus(done);
    return true;
  } catch (err) {
    handleError(err);
    return false;
  }
}

function wire(): void {
  fillSelect($('filter-status'), Object.keys(STATUS_LABELS), STATUS_LABELS);
  fillSelect($('filter-type'), Object.keys(TYPE_LABELS), TYPE_LABELS);
  fillSelect($('new-status'), Object.keys(STATUS_LABELS), STATUS_LABELS);
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    state.filter = {
      status: $<HTMLSelectElement>('filter-status').value || undefined,
      type: $<HTMLSelectElement>('filter-type').value || undefined,
    };
    void loadList();
  });
  $('load-more').addEventListener('click', () => void loadList(true));
  $('back').addEventListener('click', () => void loadList().then(() => $('ticket-rows').querySelector('button')?.focus()));
  $('assign-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const who = $<HTMLInputElement>('assignee').value.trim();
    if (who) void change({ assignee: who, status: state.current?.status === 'new' ? 'in-progress' : undefined }, t('page.helpdeskTab.assigned', { name: who }));
  });
  $('status-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const status = $<HTMLSelectElement>('new-status').value as TicketChange['status'];
    void change({ status }, t('page.helpdeskTab.statusChanged', { status: label(STATUS_LABELS, status ?? '') }));
  });
  $('resolve').addEventListener('click', () => void change({ status: 'resolved' }, t('page.helpdeskTab.resolved')));
  $('note-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const note = $<HTMLTextAreaElement>('note');
    const text = note.value.trim();
    if (!text) return;
    void change({ note: text }, t('page.helpdeskTab.noteAdded')).then((ok) => {
      if (ok) note.value = '';
    });
  });
}

wire();
void session.start();
