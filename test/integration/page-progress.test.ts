/**
 * Issue 13 point 4: Sign via Signing Page version 3 keeps each signer's progress (codes sent, wrong
 * codes) in an n8n data table, so its limits hold when the process forgets its pages (an n8n
 * restart, another webhook process: forgetPages()) and against replayed page tokens. The real
 * engine, the simulator and the stand-in of n8n 2.41's data-table API (test/support/n8n-data-tables)
 * over real HTTP, and a "browser without JavaScript" (test/support/page-client).
 */
import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';
import { request } from 'undici';

import { forgetPages } from '../../nodes/UanatacaOneShot/waiting/signingPage/memory';
import {
	DEFAULT_PROGRESS_TABLE,
	progressRow,
} from '../../nodes/UanatacaOneShot/waiting/signingPage/progressStore';
import {
	PAGE_STATE_KEY,
	decodeStoredState,
} from '../../nodes/UanatacaOneShot/waiting/signingPage/state';
import type { Simulator } from '../simulator';
import { chain, errorOf, outputOf } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, trigger } from '../support/nodes';
import { openPage, submit } from '../support/page-client';
import { SIGNER, createPerItem } from './common';
import type { DataTables, ParkedRunner, Waiting } from './parked';
import { parkedSuite } from './parked';

const suite = parkedSuite({ asyncSignDelayMs: 200, callbackDelayMs: 5 }, { dataTables: true });
let sim: Simulator;
let waiting: Waiting;
let runner: ParkedRunner;
let tables: DataTables;
beforeAll(() => {
	({ sim, waiting, runner } = suite);
	tables = suite.dataTables!;
});
beforeEach(() => {
	sim.reset();
	sim.options.asyncSignDelayMs = 200;
	sim.options.otpCooldownMs = 60_000;
	tables.failNext(0);
	forgetPages();
});

const API = '/oneshot/api/v1';
const N8N_API = { id: '2', name: 'n8n API' };
const COLUMNS = ['page', 'sends', 'attempts', 'sentAt', 'readAt', 'closesAt', 'claim'];

/** Create → Upload → Sign via page (version 3), one request and one page per signer. */
function pagesFlow(
	signers: number,
	{ params = {}, n8nApi = true }: { params?: IDataObject; n8nApi?: boolean } = {},
) {
	const items = ['Ana', 'Bruno'].slice(0, signers).map((name) => ({
		json: { ...SIGNER, givenName: name, email: `${name.toLowerCase()}@example.com` },
		binary: { data: binaryEntry(pdf(`Contract of ${name}`, 50), `contract-${name}.pdf`) },
	}));
	const page = oneShot(
		'Sign via page',
		{
			resource: 'request',
			operation: 'signViaPage',
			...params,
			options: { maxAttempts: 3, waitTimeoutMinutes: 120 },
		},
		{
			typeVersion: 3,
			credentials: {
				uanatacaOneShotApi: { id: '1', name: 'One-Shot account' },
				...(n8nApi ? { uanatacaOneShotN8nApi: N8N_API } : {}),
			},
		},
	);
	return {
		nodes: [
			trigger,
			fixture('Signers', items),
			createPerItem(),
			oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
			page,
		],
		connections: chain('Start', 'Signers', 'Create', 'Upload', 'Sign via page'),
	};
}

async function startPages(signers = 1, options: Parameters<typeof pagesFlow>[1] = {}) {
	const parked = await runner.start(pagesFlow(signers, options));
	expect(parked.run.status).toBe('waiting');
	const created = outputOf(parked.run, 'Create');
	const pks = created.map((item: INodeExecutionData) => item.json.requestPk as number);
	const links = created.map((item: INodeExecutionData) => item.json.signingPageUrl as string);
	const stored = decodeStoredState(parked.run.data.resultData.metadata?.[PAGE_STATE_KEY])!;
	return { ...parked, pk: pks[0], link: links[0], pks, links, stored };
}

type Parked = Awaited<ReturnType<typeof startPages>>;

/** The rows of the execution's pages in the default table. */
function rowsOf(executionId: string) {
	const table = tables.tables().find((t) => t.name === DEFAULT_PROGRESS_TABLE);
	return (table?.rows ?? []).filter((row) => String(row.page).startsWith(`${executionId}.`));
}

/** The progress a page token carries (its readable half): codes sent, attempts used. */
function carried(token: string) {
	const body = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
	return { sends: body.c as number, attempts: body.a as number };
}

const send = (link: string, token: string) => submit(link, { token, action: 'send', read: '1' });
const sign = (link: string, token: string, code: string) =>
	submit(link, { token, action: 'sign', code });

async function reachCodeSent(link: string) {
	const review = await openPage(link);
	expect(review.page.state).toBe('review');
	const sent = await send(link, review.page.token);
	expect(sent.page.state).toBe('codeSent');
	return { review, sent };
}

function wrongCode(pk: number) {
	const otp = sim.getOtp(pk) ?? '000000';
	return String((Number(otp) + 1) % 1_000_000).padStart(otp.length, '0');
}

const calls = (what: 'otp' | 'sign', pk: number) =>
	sim.requestLog.filter((r) => r.method === 'POST' && r.path === `${API}/${what}/${pk}`);

/** The data-table API, called as a user of this n8n would (not through the node). */
async function callApi(method: 'POST' | 'PATCH', path: string, body: unknown) {
	const res = await request(`${tables.baseUrl}/api/v1${path}`, {
		method,
		headers: { 'x-n8n-api-key': tables.apiKey, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	expect(res.statusCode).toBeLessThan(300);
	return await res.body.json();
}

/** The code sent last went out over a minute ago (the node's and the Optimizer's wait is over). */
async function rewindSentAt(parked: Parked) {
	const page = progressRow(parked.executionId, parked.stored.k);
	await callApi('PATCH', `/data-tables/${parked.stored.t}/rows/update`, {
		filter: { type: 'and', filters: [{ columnName: 'page', condition: 'eq', value: page }] },
		data: { sentAt: Date.now() - 61_000 },
	});
}

test('parking makes the table (default name, 7 columns) and one row for the page; no secret reaches the API', async () => {
	const parked = await startPages();
	const table = tables.tables().find((t) => t.name === DEFAULT_PROGRESS_TABLE)!;
	expect(table.columns.map((c) => c.name).sort()).toEqual([...COLUMNS].sort());
	expect(parked.stored.t).toBe(table.id);
	expect(rowsOf(parked.executionId)).toEqual([
		expect.objectContaining({
			page: progressRow(parked.executionId, parked.stored.k),
			sends: 0,
			attempts: 0,
			sentAt: 0,
			readAt: 0,
			claim: '',
		}),
	]);
	const { review, sent } = await reachCodeSent(parked.link);
	expect(rowsOf(parked.executionId)[0]).toMatchObject({ sends: 1, attempts: 0 });
	const callbackKey = new URL(sim.getRequest(parked.pk)!.callback!).searchParams.get('oneshotKey');
	const secrets = [
		parked.stored.k,
		new URL(parked.link).searchParams.get('pageKey'),
		callbackKey,
		parked.run.data.resumeToken,
		review.page.token,
		sent.page.token,
	];
	const seen = JSON.stringify([tables.tables(), tables.requestLog]);
	for (const secret of secrets) {
		expect(secret?.length).toBeGreaterThanOrEqual(16);
		expect(seen).not.toContain(secret);
	}
});

test('after a restart the page still knows the code sent and the wrong code; replaying the first page token gives no fresh code nor attempts', async () => {
	const parked = await startPages();
	const { review, sent } = await reachCodeSent(parked.link);
	const wrong = await sign(parked.link, sent.page.token, wrongCode(parked.pk));
	expect(wrong.page.notice).toMatch(/Attempts left: 2\./);
	forgetPages();
	const again = await openPage(parked.link);
	expect(again.page.state).toBe('codeSent');
	expect(carried(again.page.token)).toEqual({ sends: 1, attempts: 1 }); // 2 of 3 attempts left
	expect(Number(again.page.cooldown)).toBeGreaterThan(0);
	expect(again.page.text).toMatch(/You can ask for a new code from/);
	// the review page's token, replayed on a process that forgot its pages
	forgetPages();
	const resend = await send(parked.link, review.page.token);
	expect(resend.page.state).toBe('codeSent');
	expect(resend.page.notice).toMatch(/less than a minute ago/);
	expect(calls('otp', parked.pk)).toHaveLength(1);
	forgetPages();
	const guess = await sign(parked.link, review.page.token, wrongCode(parked.pk));
	expect(guess.page.notice).toMatch(/Attempts left: 1\./);
	expect(rowsOf(parked.executionId)[0]).toMatchObject({ sends: 1, attempts: 2 });
});

test('at most 5 codes per page across restarts; then "no more codes" and no Generate OTP, restart or not', async () => {
	sim.options.otpCooldownMs = 0;
	const parked = await startPages();
	await reachCodeSent(parked.link);
	for (let n = 2; n <= 5; n++) {
		forgetPages();
		await rewindSentAt(parked);
		const page = await openPage(parked.link);
		expect(page.page.cooldown).toBe('0');
		const sent = await send(parked.link, page.page.token);
		expect(sent.page.notice).toBeUndefined();
		expect(calls('otp', parked.pk)).toHaveLength(n);
	}
	forgetPages();
	await rewindSentAt(parked);
	const page = await openPage(parked.link);
	const refused = await send(parked.link, page.page.token);
	expect(refused.page.notice).toMatch(/No more codes can be sent/);
	const again = await send(parked.link, refused.page.token);
	expect(again.page.notice).toMatch(/No more codes can be sent/);
	expect(calls('otp', parked.pk)).toHaveLength(5);
	expect(rowsOf(parked.executionId)[0]).toMatchObject({ sends: 5 });
});

test('3 wrong codes with restarts in between lock the page: the execution resumes locked, 3 Sign calls', async () => {
	const parked = await startPages();
	const resumed = waiting.waitForResume(parked.executionId, 30_000);
	let token = (await reachCodeSent(parked.link)).sent.page.token;
	for (let n = 1; n <= 3; n++) {
		if (n > 1) {
			forgetPages();
			token = (await openPage(parked.link)).page.token;
		}
		const answer = await sign(parked.link, token, wrongCode(parked.pk));
		expect(answer.page.state).toBe(n < 3 ? 'codeSent' : 'locked');
	}
	expect(outputOf((await resumed) as IRun, 'Sign via page')[0].json).toMatchObject({
		status: 'locked',
		attempts: 3,
	});
	expect(calls('sign', parked.pk)).toHaveLength(3);
});

test('fail closed: when the data table cannot be read, the page answers an error and neither Generate OTP nor Sign is called', async () => {
	const parked = await startPages();
	const review = await openPage(parked.link);
	tables.failNext(1);
	const refused = await send(parked.link, review.page.token);
	expect(refused.status).not.toBe(200);
	expect(refused.page.state).toBe('error');
	expect(calls('otp', parked.pk)).toHaveLength(0);
	const { sent } = await reachCodeSent(parked.link);
	tables.failNext(1);
	const failed = await sign(parked.link, sent.page.token, sim.getOtp(parked.pk)!);
	expect(failed.status).not.toBe(200);
	expect(failed.page.state).toBe('error');
	expect(calls('sign', parked.pk)).toHaveLength(0);
	expect(waiting.state(parked.executionId)).toBe('waiting');
});

test('a Generate OTP that fails (503) gives the claimed code back', async () => {
	const parked = await startPages();
	const review = await openPage(parked.link);
	sim.injectFault({ route: `POST ${API}/otp/${parked.pk}`, kind: '5xx', status: 503 });
	const failed = await send(parked.link, review.page.token);
	expect(failed.status).toBe(502);
	expect(calls('otp', parked.pk)).toHaveLength(1);
	// the code is given back after the answer, before the page's next action (one at a time)
	const stale = await send(parked.link, review.page.token);
	expect(stale.page.notice).toMatch(/out of date/);
	expect(rowsOf(parked.executionId)[0]).toMatchObject({ sends: 0, sentAt: 0 });
	const sent = await send(parked.link, stale.page.token);
	expect(sent.page.state).toBe('codeSent');
	expect(rowsOf(parked.executionId)[0]).toMatchObject({ sends: 1 });
});

test('"Process Memory Only": no data-table request at all, and the page signs as before', async () => {
	const before = tables.requestLog.length;
	const parked = await startPages(1, { params: { progressStore: 'process' } });
	// a parameter of version 3 (n8n keeps only the parameters a node version has)
	expect(parked.workflow.getNode('Sign via page')!.parameters.progressStore).toBe('process');
	expect(parked.stored.t).toBeUndefined();
	const resumed = waiting.waitForResume(parked.executionId, 30_000);
	const { sent } = await reachCodeSent(parked.link);
	const signed = await sign(parked.link, sent.page.token, sim.getOtp(parked.pk)!);
	expect(['signed', 'signing']).toContain(signed.page.state);
	expect(outputOf((await resumed) as IRun, 'Sign via page')[0].json).toMatchObject({
		status: 'signed',
	});
	expect(tables.requestLog.length).toBe(before);
});

test('the default "Data Table" without an n8n API credential: the node fails at park time, saying so', async () => {
	const before = tables.requestLog.length;
	const { run } = await runner.runOnce(pagesFlow(1, { n8nApi: false }));
	expect(run.status).not.toBe('waiting');
	expect(errorOf(run, 'Sign via page')?.message).toMatch(
		/Remember Signer Progress In.*n8n API credential/,
	);
	expect(tables.requestLog.length).toBe(before);
});

test('a table of that name without the columns: a clear error at park time, no row written', async () => {
	const name = 'Pages of another workflow';
	await callApi('POST', '/data-tables', { name, columns: [{ name: 'page', type: 'string' }] });
	const before = tables.requestLog.length;
	const { run } = await runner.runOnce(pagesFlow(1, { params: { progressTableName: name } }));
	expect(run.status).not.toBe('waiting');
	const error = errorOf(run, 'Sign via page')!;
	expect(error.message).toContain(`The data table "${name}" is not one of this node's`);
	expect(error.description).toMatch(/no column sends, attempts, sentAt, readAt, closesAt, claim/);
	expect(tables.requestLog.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
});

test('two signers in one execution: two rows, each page counts its own codes and attempts', async () => {
	const parked = await startPages(2);
	const rows = rowsOf(parked.executionId);
	expect(rows).toHaveLength(2);
	expect(new Set(rows.map((row) => row.page)).size).toBe(2);
	const a = await reachCodeSent(parked.links[0]);
	const wrong = await sign(parked.links[0], a.sent.page.token, wrongCode(parked.pks[0]));
	expect(wrong.page.notice).toMatch(/Attempts left: 2\./);
	await reachCodeSent(parked.links[1]);
	forgetPages();
	const pageA = await openPage(parked.links[0]);
	const pageB = await openPage(parked.links[1]);
	expect(carried(pageA.page.token)).toEqual({ sends: 1, attempts: 1 });
	expect(carried(pageB.page.token)).toEqual({ sends: 1, attempts: 0 });
	const counts = () => rowsOf(parked.executionId).map((row) => `${row.sends}/${row.attempts}`);
	expect(counts().sort()).toEqual(['1/0', '1/1']);
	const wrongB = await sign(parked.links[1], pageB.page.token, wrongCode(parked.pks[1]));
	expect(wrongB.page.notice).toMatch(/Attempts left: 2\./);
	expect(counts()).toEqual(['1/1', '1/1']);
	// the batch ends (its time-limit watch with it)
	const resumed = waiting.waitForResume(parked.executionId, 30_000);
	for (const pk of parked.pks) sim.cancelRequest(pk);
	const items = outputOf((await resumed) as IRun, 'Sign via page');
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual([
		'cancelled',
		'cancelled',
	]);
});
