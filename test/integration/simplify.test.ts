/**
 * "Simplify" on Request → Create, Request → Sign (run at once, and parked until the Optimizer's
 * notice) and on the trigger: the real engine against the simulator over real HTTP. Off by
 * default: the full outputs are checked by the other suites.
 */
import type { IRun } from 'n8n-workflow';

import { startCallbackReceiver } from '../support/callback-receiver';
import { chain, outputOf, readBinaryFile } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, signerInbox, trigger } from '../support/nodes';
import { SIGNER } from './common';
import { parkedSuite } from './parked';

const suite = parkedSuite({ asyncSignDelayMs: 300, callbackDelayMs: 5 });
const CHECK_VALUE = 'cb-check-simplify-42';
const DOC = pdf('Simplified output', 300);
const receivers: Array<Awaited<ReturnType<typeof startCallbackReceiver>>> = [];

afterAll(async () => {
	for (const r of receivers) await r.close();
});
beforeEach(() => suite.sim.reset({ options: true }));

function flow(create: Record<string, unknown>, sign: Record<string, unknown>) {
	const nodes = [
		trigger,
		fixture('Documents', [{ json: {}, binary: { data: binaryEntry(DOC, 'deal.pdf') } }]),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER, ...create }),
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
		signerInbox('Signer', suite.sim.url),
		oneShot('Sign', {
			resource: 'request',
			operation: 'sign',
			secret: '={{ $json.code }}',
			waitForCompletion: true,
			options: { returnSignedDocuments: true, pollIntervalSeconds: 1, waitTimeoutMinutes: 1 },
			...sign,
		}),
	];
	return {
		nodes,
		connections: chain('Start', 'Documents', 'Create', 'Upload', 'OTP', 'Signer', 'Sign'),
	};
}

async function expectSignedCopy(item: { binary?: Record<string, unknown> }) {
	const bytes = await readBinaryFile(item.binary!.signed_0 as never);
	expect(bytes.subarray(0, DOC.length).equals(DOC)).toBe(true);
	expect(bytes.toString('latin1')).toContain('/Type /Sig');
}

test('Create and Sign (classic) with Simplify: only the fields that matter, the signed PDF kept', async () => {
	const { run } = await suite.runner.runOnce(
		flow({ asyncMode: false, simplify: true }, { simplify: true }),
	);
	expect(run.status).toBe('success');
	const [created] = outputOf(run, 'Create');
	expect(Object.keys(created.json)).toEqual([
		'requestPk',
		'status',
		'asyncMode',
		'callbackToThisExecution',
		'signingPageUrl',
	]);
	const requestPk = created.json.requestPk as number;
	expect(created.json).toMatchObject({ asyncMode: false, callbackToThisExecution: false });
	// the input's files still travel on
	expect(Object.keys(created.binary ?? {})).toEqual(['data']);

	const [signed] = outputOf(run, 'Sign');
	expect(Object.keys(signed.json)).toEqual(['requestPk', 'signed', 'status', 'message']);
	expect(signed.json).toMatchObject({ requestPk, signed: true, status: 'signed' });
	expect(signed.pairedItem).toEqual({ item: 0 });
	await expectSignedCopy(signed);
	expect(suite.sim.getRequest(requestPk)?.status).toBe('ISSUED');
});

test('Sign without Simplify keeps its full output', async () => {
	const { run } = await suite.runner.runOnce(flow({ asyncMode: false }, {}));
	expect(run.status).toBe('success');
	expect(Object.keys(outputOf(run, 'Create')[0].json)).toContain('signer');
	const [signed] = outputOf(run, 'Sign');
	expect(Object.keys(signed.json)).toEqual(
		expect.arrayContaining(['requestPk', 'signed', 'status', 'asyncMode', 'documents']),
	);
});

test('parked Sign with Simplify: the simplified Create still lets Sign park, the resumed output is simplified', async () => {
	const parked = await suite.runner.start(
		flow(
			{ asyncMode: true, callbackUrl: '={{ $execution.resumeUrl }}', simplify: true },
			{ simplify: true, options: { returnSignedDocuments: true, waitTimeoutMinutes: 5 } },
		),
	);
	expect(parked.run.status).toBe('waiting');
	expect(outputOf(parked.run, 'Create')[0].json.callbackToThisExecution).toBe(true);

	const resumed = (await suite.waiting.waitForResume(parked.executionId)) as IRun;
	expect(resumed.status).toBe('success');
	const [signed] = outputOf(resumed, 'Sign');
	expect(signed.json).toEqual({ requestPk: parked.requestPk, signed: true, status: 'signed' });
	await expectSignedCopy(signed);
});

test('trigger with Simplify: each callback gives request, status, previous status, time and correlation', async () => {
	const r = await startCallbackReceiver({
		parameters: { secretToken: CHECK_VALUE, options: { simplify: true } },
	});
	receivers.push(r);
	const { run } = await suite.runner.runOnce(
		flow({ asyncMode: true, callbackUrl: `${r.url}?token=${CHECK_VALUE}&crm=C-9` }, {}),
	);
	expect(run.status).toBe('success');
	const requestPk = outputOf(run, 'Create')[0].json.requestPk as number;
	await suite.sim.waitForCallbacks(3, 10_000);
	await r.waitForRequests(3, 10_000);
	const items = r.items();
	expect(items.map((item) => item.json.status)).toEqual(['CREATED', 'ENROLLREADY', 'ISSUED']);
	for (const item of items) {
		expect(Object.keys(item.json)).toEqual([
			'requestPk',
			'status',
			'previousStatus',
			'occurredAt',
			'correlation',
		]);
		expect(item.json.requestPk).toBe(requestPk);
		expect(item.json.correlation).toEqual({ crm: 'C-9' });
	}
	expect(r.errors).toEqual([]);
});

test('parked Sign with Simplify that times out: the timed-out outcome is simplified too', async () => {
	suite.sim.options.asyncSignDelayMs = 600_000;
	const parked = await suite.runner.start(
		flow(
			{ asyncMode: true, callbackUrl: '={{ $execution.resumeUrl }}' },
			{ simplify: true, options: { waitTimeoutMinutes: 0.1 } },
		),
	);
	expect(parked.run.status).toBe('waiting');
	// what n8n's WaitTracker does when waitTill has passed
	const resumed = (await parked.resume()) as IRun;
	expect(resumed.status).toBe('success');
	const [item] = outputOf(resumed, 'Sign');
	expect(Object.keys(item.json)).toEqual(['requestPk', 'signed', 'status', 'message']);
	expect(item.json).toMatchObject({
		requestPk: parked.requestPk,
		signed: false,
		status: 'timedOut',
	});
	expect(item.json.message).toMatch(
		/No notice that request \d+ was signed arrived within 0.1 minutes/,
	);
});
