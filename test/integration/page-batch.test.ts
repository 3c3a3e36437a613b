/**
 * Sign via Signing Page with many items, one request per item (issue 15, batch): every signer
 * has their own page and link (Create's signingPageUrl), the execution parks once and resumes once
 * when every request has an outcome (signed, locked, cancelled, timed out), one output item per
 * input item, in order, paired. The real engine, the simulator over real HTTP, the stand-in of
 * n8n's WaitingWebhooks, and a "browser without JavaScript" (test/support/page-client.js).
 */
import type { INodeExecutionData, IRun } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { request } from 'undici';

import { forgetPages } from '../../nodes/UanatacaOneShot/waiting/signingPage/memory';
import { rememberedBatches } from '../../nodes/shared/signing/batchProgress';
import type { Simulator } from '../simulator';
import { chain, outputOf, readBinaryFile } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, trigger } from '../support/nodes';
import { openPage, submit } from '../support/page-client';
import { SIGNER, createPerItem } from './common';
import type { ParkedRunner, Waiting } from './parked';
import { parkedSuite } from './parked';

const suite = parkedSuite({ asyncSignDelayMs: 200, callbackDelayMs: 5 });
let sim: Simulator;
let waiting: Waiting;
let runner: ParkedRunner;
beforeAll(() => {
	({ sim, waiting, runner } = suite);
});
beforeEach(() => {
	sim.reset();
	sim.options.asyncSignDelayMs = 200;
	forgetPages();
});

const NAMES = ['Ana', 'Bruno', 'Carla'];

function pagesFlow(page: Record<string, unknown> = {}) {
	const signers = NAMES.map((name) => ({
		json: { ...SIGNER, givenName: name, email: `${name.toLowerCase()}@example.com` },
		binary: { data: binaryEntry(pdf(`Contract of ${name}`, 50), `contract-${name}.pdf`) },
	}));
	const nodes = [
		trigger,
		fixture('Signers', signers),
		createPerItem(),
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
		oneShot('Sign via page', {
			resource: 'request',
			operation: 'signViaPage',
			options: { maxAttempts: 2, ...page },
		}),
		oneShot('Delete All', { resource: 'document', operation: 'deleteAll' }),
	];
	return {
		nodes,
		connections: chain('Start', 'Signers', 'Create', 'Upload', 'Sign via page', 'Delete All'),
	};
}

async function startPages(page: Record<string, unknown> = {}) {
	const parked = await runner.start(pagesFlow(page));
	const created = outputOf(parked.run, 'Create');
	const pks = created.map((item: INodeExecutionData) => item.json.requestPk as number);
	const links = created.map((item: INodeExecutionData) => item.json.signingPageUrl as string);
	return { ...parked, pks, links };
}

async function codeSent(link: string) {
	const review = await openPage(link);
	expect(review.page.state).toBe('review');
	const sent = await submit(link, { token: review.page.token, action: 'send', read: '1' });
	expect(sent.page.state).toBe('codeSent');
	return sent;
}

async function signOn(link: string, pk: number) {
	const sent = await codeSent(link);
	const signed = await submit(link, {
		token: sent.page.token,
		action: 'sign',
		code: sim.getOtp(pk),
	});
	expect(['signed', 'signing']).toContain(signed.page.state);
}

function wrongCode(pk: number) {
	const otp = sim.getOtp(pk) ?? '000000';
	return String((Number(otp) + 1) % 1_000_000).padStart(otp.length, '0');
}

function expectInOrder(items: INodeExecutionData[], pks: number[]) {
	expect(items.map((item: INodeExecutionData) => item.json.requestPk)).toEqual(pks);
	expect(items.map((item: INodeExecutionData) => item.pairedItem)).toEqual(
		pks.map((_, item) => ({ item })),
	);
}

test('three signers, three pages, three links: each link opens its own page only; one resume when the last signs', async () => {
	const parked = await startPages();
	expect(parked.run.status).toBe('waiting');
	expect(new Set(parked.links).size).toBe(3);
	// each link greets its own signer and lists their document
	for (const [n, link] of parked.links.entries()) {
		const page = await openPage(link);
		expect(page.status).toBe(200);
		expect(page.page.text).toContain(`Hello ${NAMES[n]}`);
		expect(page.page.links.map((l: { label: string }) => l.label)).toContain(
			`contract-${NAMES[n]}.pdf`,
		);
	}
	// a link with another key, or none, opens nothing
	const forged = parked.links[0].replace(/pageKey=[^&]+/, 'pageKey=AAAAAAAAAAAAAAAAAAAAAAAAAAA');
	expect((await openPage(forged)).status).toBe(403);
	expect((await openPage(parked.links[0].replace(/&pageKey=[^&]+/, ''))).status).toBe(403);

	const resumed = waiting.waitForResume(parked.executionId, 30_000);
	await signOn(parked.links[2], parked.pks[2]);
	await signOn(parked.links[0], parked.pks[0]);
	await sleep(300);
	expect(waiting.state(parked.executionId)).toBe('waiting');
	await signOn(parked.links[1], parked.pks[1]);
	const run = (await resumed) as IRun;
	const items = outputOf(run, 'Sign via page');
	expectInOrder(items, parked.pks);
	for (const [n, item] of items.entries()) {
		expect(item.json).toMatchObject({ signed: true, status: 'signed' });
		const bytes = await readBinaryFile(item.binary!.signed_0);
		expect(bytes.toString('latin1')).toContain(`Contract of ${NAMES[n]}`);
		expect(bytes.toString('latin1')).toContain('/Type /Sig');
	}
	expect(run.data.resultData.runData['Delete All']).toHaveLength(1);
	expect(rememberedBatches()).toBe(0);
});

test('one signer locked out by wrong codes: the others sign, the execution resumes with signed, locked, signed', async () => {
	const parked = await startPages();
	const resumed = waiting.waitForResume(parked.executionId, 30_000);
	await signOn(parked.links[0], parked.pks[0]);
	let page = await codeSent(parked.links[1]);
	for (let n = 0; n < 2; n++) {
		page = await submit(parked.links[1], {
			token: page.page.token,
			action: 'sign',
			code: wrongCode(parked.pks[1]),
		});
	}
	expect(page.page.state).toBe('locked');
	await sleep(300);
	expect(waiting.state(parked.executionId)).toBe('waiting');
	await signOn(parked.links[2], parked.pks[2]);
	const items = outputOf((await resumed) as IRun, 'Sign via page');
	expectInOrder(items, parked.pks);
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual([
		'signed',
		'locked',
		'signed',
	]);
	expect(items[1].json).toMatchObject({ signed: false, attempts: 2 });
});

test('one request cancelled (the notice carries the callback key): signed, cancelled, signed', async () => {
	const parked = await startPages();
	const resumed = waiting.waitForResume(parked.executionId, 30_000);
	await signOn(parked.links[0], parked.pks[0]);
	const callbackUrl = sim.getRequest(parked.pks[1])!.callback!;
	const cancelled = await request(callbackUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			status: 'CANCELLED',
			previous_status: 'ENROLLREADY',
			request: parked.pks[1],
		}),
	});
	expect(cancelled.statusCode).toBe(200);
	await cancelled.body.text();
	await signOn(parked.links[2], parked.pks[2]);
	const items = outputOf((await resumed) as IRun, 'Sign via page');
	expectInOrder(items, parked.pks);
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual([
		'signed',
		'cancelled',
		'signed',
	]);
	expect(items[1].json.message).toMatch(/was cancelled or refused/);
});

test('time limit with some signed: the signed one says signed, the others timedOut', async () => {
	const parked = await startPages({ waitTimeoutMinutes: 0.1 });
	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	await signOn(parked.links[1], parked.pks[1]);
	const items = outputOf((await resumed) as IRun, 'Sign via page');
	expectInOrder(items, parked.pks);
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual([
		'timedOut',
		'signed',
		'timedOut',
	]);
	expect(items[0].json.message).toMatch(/did not sign request \d+ within 0.1 minutes/);
	expect(items[1].binary?.signed_0).toBeDefined();
}, 30_000);
