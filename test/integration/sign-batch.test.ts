/**
 * Sign with Wait for Completion (callback to this execution) and many items, one request per
 * item (issue 15, batch): one sign call per request, one park, one resume when every request has
 * an outcome, one output item per input item, in order, paired. The real engine, the simulator
 * posting real callbacks, and the stand-in of n8n's WaitingWebhooks.
 */
import type { INodeExecutionData, IRun } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { request } from 'undici';

import { forgetBatch, rememberedBatches } from '../../nodes/shared/signing/batchProgress';
import type { Simulator } from '../simulator';
import { chain, outputOf, readBinaryFile } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, trigger } from '../support/nodes';
import { SIGNER } from './common';
import type { ParkedRunner, Waiting } from './parked';
import { asyncSigningSteps, parkedSuite } from './parked';

const suite = parkedSuite({ asyncSignDelayMs: 600_000, callbackDelayMs: 5 });
let sim: Simulator;
let waiting: Waiting;
let runner: ParkedRunner;
beforeAll(() => {
	({ sim, waiting, runner } = suite);
});
beforeEach(() => {
	sim.reset();
	sim.options.asyncSignDelayMs = 600_000;
});

function signers(count: number) {
	return Array.from({ length: count }, (_, n) => ({
		json: { ...SIGNER, email: `signer${n}@example.com`, serialNumber: `1234567${n}Z` },
		binary: { data: binaryEntry(pdf(`Contract of signer ${n}`, 50), `contract-${n}.pdf`) },
	}));
}

function batchFlow(count: number, signOptions: Record<string, unknown> = {}) {
	const nodes = [
		trigger,
		fixture('Signers', signers(count)),
		...asyncSigningSteps(sim, {
			callbackUrl: '={{ $execution.resumeUrl }}',
			signer: Object.fromEntries(Object.keys(SIGNER).map((k) => [k, `={{ $json.${k} }}`])),
			signOptions: {
				completionSignal: 'callback',
				returnSignedDocuments: true,
				waitTimeoutMinutes: 5,
				...signOptions,
			},
		}),
		oneShot('Delete All', { resource: 'document', operation: 'deleteAll' }),
	];
	return {
		nodes,
		connections: chain(
			'Start',
			'Signers',
			'Create',
			'Upload',
			'OTP',
			'Signer',
			'Sign',
			'Delete All',
		),
	};
}

async function startBatch(count: number, signOptions: Record<string, unknown> = {}) {
	const parked = await runner.start(batchFlow(count, signOptions));
	const pks = outputOf(parked.run, 'Create').map(
		(item: INodeExecutionData) => item.json.requestPk as number,
	);
	return { ...parked, pks };
}

function signCalls(pk: number) {
	return sim.requestLog.filter((r) => r.method === 'POST' && r.path.endsWith(`/sign/${pk}`));
}

function expectInOrder(items: INodeExecutionData[], pks: number[]) {
	expect(items.map((item: INodeExecutionData) => item.json.requestPk)).toEqual(pks);
	expect(items.map((item: INodeExecutionData) => item.pairedItem)).toEqual(
		pks.map((_, item) => ({ item })),
	);
}

async function post(url: string, body: unknown) {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.statusCode, text: await res.body.text() };
}

test('three signers: one park, one resume when the last signs, three signed items in order with their PDFs', async () => {
	const parked = await startBatch(3);
	expect(parked.run.status).toBe('waiting');
	expect(parked.run.data.resultData.runData['Delete All']).toBeUndefined();
	for (const pk of parked.pks) expect(signCalls(pk)).toHaveLength(1);
	const resumed = waiting.waitForResume(parked.executionId);

	// the first two signatures keep it waiting: the third is still missing
	expect(sim.signNow(parked.pks[1])).toBe(true);
	expect(sim.signNow(parked.pks[0])).toBe(true);
	await sleep(300);
	expect(waiting.state(parked.executionId)).toBe('waiting');
	expect(sim.signNow(parked.pks[2])).toBe(true);

	const run = (await resumed) as IRun;
	expect(run.status).toBe('success');
	const items = outputOf(run, 'Sign');
	expectInOrder(items, parked.pks);
	for (const [n, item] of items.entries()) {
		expect(item.json).toMatchObject({ signed: true, status: 'signed', confirmed: true });
		const bytes = await readBinaryFile(item.binary!.signed_0);
		expect(bytes.toString('latin1')).toContain(`Contract of signer ${n}`);
		expect(bytes.toString('latin1')).toContain('/Type /Sig');
	}
	expect(outputOf(run, 'Delete All')).toHaveLength(3);
	// resumed once: the steps after Sign ran once (a later notice finds the execution finished)
	await sleep(200);
	expect(run.data.resultData.runData['Sign']).toHaveLength(1);
	expect(run.data.resultData.runData['Delete All']).toHaveLength(1);
	expect(waiting.state(parked.executionId)).toBe('finished');
	for (const pk of parked.pks) expect(signCalls(pk)).toHaveLength(1);
	expect(rememberedBatches()).toBe(0);
});

test('one request cancelled: the execution resumes when the others are signed, the cancelled one says so', async () => {
	const parked = await startBatch(3);
	const resumed = waiting.waitForResume(parked.executionId);
	expect(sim.signNow(parked.pks[0])).toBe(true);
	// cancelled: the Optimizer's notice to the request's Callback URL carries the execution's
	// callback key (the simulator refuses to cancel a request being signed, so it is sent here)
	const callbackUrl = sim.getRequest(parked.pks[1])!.callback!;
	expect(callbackUrl).toMatch(/[?&]oneshotKey=/);
	const cancelled = await post(callbackUrl, {
		status: 'CANCELLED',
		previous_status: 'ENROLLREADY',
		request: parked.pks[1],
		date: new Date().toISOString().replace('Z', ''),
	});
	expect(cancelled.status).toBe(200);
	await sleep(300);
	expect(waiting.state(parked.executionId)).toBe('waiting');
	expect(sim.signNow(parked.pks[2])).toBe(true);

	const items = outputOf((await resumed) as IRun, 'Sign');
	expectInOrder(items, parked.pks);
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual([
		'signed',
		'cancelled',
		'signed',
	]);
	expect(items[1].json).toMatchObject({ signed: false, status: 'cancelled' });
	expect(items[1].json.message).toMatch(/was cancelled or refused/);
	expect(items[1].binary).toBeUndefined();
	expect(items[2].binary?.signed_0).toBeDefined();
});

test('a forged cancellation (no callback key) of one request is refused and changes nothing', async () => {
	const parked = await startBatch(2);
	const forged = await post(parked.resumeUrl, {
		status: 'CANCELLED',
		previous_status: 'ENROLLREADY',
		request: parked.pks[0],
		date: new Date().toISOString().replace('Z', ''),
	});
	expect(forged.status).toBe(403);
	// a notice about a request outside the batch keeps it waiting
	const other = await post(parked.resumeUrl, {
		status: 'ISSUED',
		previous_status: 'ENROLLREADY',
		request: parked.pks[1] + 1000,
	});
	expect(other.status).toBe(200);
	const resumed = waiting.waitForResume(parked.executionId);
	sim.signNow(parked.pks[0]);
	sim.signNow(parked.pks[1]);
	const items = outputOf((await resumed) as IRun, 'Sign');
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual(['signed', 'signed']);
});

test('time limit with some signed: the signed ones say signed, the others timedOut', async () => {
	const parked = await startBatch(3, { waitTimeoutMinutes: 0.1 });
	expect(parked.run.status).toBe('waiting');
	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	expect(sim.signNow(parked.pks[1])).toBe(true);
	// nothing more: at the limit the execution's own notice settles what is known
	const run = (await resumed) as IRun;
	const items = outputOf(run, 'Sign');
	expectInOrder(items, parked.pks);
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual([
		'timedOut',
		'signed',
		'timedOut',
	]);
	expect(items[0].json).toMatchObject({ signed: false });
	expect(items[0].json.message).toMatch(/within 0.1 minutes/);
	expect(items[1].binary?.signed_0).toBeDefined();
	expect(outputOf(run, 'Delete All')).toHaveLength(3);
}, 30_000);

test('a batch signed before it parks does not wait: signed items in order', async () => {
	sim.options.asyncSignDelayMs = 0;
	const parked = await startBatch(3);
	await sleep(50);
	expect(parked.run.status).toBe('success');
	const items = outputOf(parked.run, 'Sign');
	expectInOrder(items, parked.pks);
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual([
		'signed',
		'signed',
		'signed',
	]);
	expect(items[2].binary?.signed_0).toBeDefined();
});

test("n8n's own resume at the limit, when the process that parked is gone: the outcome known at parking", async () => {
	const parked = await startBatch(2, { waitTimeoutMinutes: 0.1 });
	expect(parked.run.status).toBe('waiting');
	// a restart: no memory, no notice of its own; n8n's wait tracker resumes the execution
	forgetBatch(parked.executionId);
	const run = (await parked.resume()) as IRun;
	const items = outputOf(run, 'Sign');
	expectInOrder(items, parked.pks);
	expect(items.map((item: INodeExecutionData) => item.json.status)).toEqual([
		'timedOut',
		'timedOut',
	]);
	expect(items[0].json.documents).toEqual([{ uid: expect.any(String) }]);
});

test('the same request in two items is refused: no second sign call', async () => {
	const flow = batchFlow(2);
	// both items sign the first item's request
	(flow.nodes[6] as { parameters: Record<string, unknown> }).parameters.requestPk =
		"={{ $('Create').first().json.requestPk }}";
	const result = await runner.runOnce(flow);
	const error = result.run.data.resultData.error;
	expect(error?.message).toMatch(/Request \d+ is in two items of this execution/);
	const pk = outputOf(result.run, 'Create')[0].json.requestPk as number;
	expect(signCalls(pk)).toHaveLength(1);
	expect(String((error as { description?: string }).description)).toMatch(
		/give every item its own request/,
	);
});

test('100 signers in one execution: one park, one resume, exactly one sign call per request', async () => {
	sim.options.asyncSignDelayMs = 600_000;
	const started = Date.now();
	const parked = await startBatch(100, { returnSignedDocuments: false });
	expect(parked.run.status).toBe('waiting');
	expect(new Set(parked.pks).size).toBe(100);
	const resumed = waiting.waitForResume(parked.executionId, 60_000);
	for (const pk of parked.pks) sim.signNow(pk);
	const run = (await resumed) as IRun;
	const items = outputOf(run, 'Sign');
	expectInOrder(items, parked.pks);
	expect(items.every((item: INodeExecutionData) => item.json.status === 'signed')).toBe(true);
	for (const pk of parked.pks) expect(signCalls(pk)).toHaveLength(1);
	// parked once (the run above), resumed once: the steps after Sign ran once
	expect(run.data.resultData.runData['Sign']).toHaveLength(1);
	expect(run.data.resultData.runData['Delete All']).toHaveLength(1);
	// memory: what the process kept for the batch is released (the cache is bounded: unit test)
	expect(rememberedBatches()).toBe(0);
	expect(Date.now() - started).toBeLessThan(60_000);
}, 90_000);
