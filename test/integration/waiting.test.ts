/**
 * Sign parks the execution and the Optimizer's callback to {{ $execution.resumeUrl }} resumes it:
 * the real engine (WorkflowExecute), the real simulator posting real HTTP callbacks, and a
 * stand-in of n8n's WaitingWebhooks (test/support/waiting-webhooks.js) in between.
 */
import type { IRun } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { request } from 'undici';

import type { Simulator } from '../simulator';
import { chain, outputOf, readBinaryFile } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, trigger } from '../support/nodes';
import type { ParkedRunner, Waiting } from './parked';
import { asyncSigningSteps, parkedSuite } from './parked';

const suite = parkedSuite({ asyncSignDelayMs: 1500, callbackDelayMs: 5 });
let sim: Simulator;
let waiting: Waiting;
let runner: ParkedRunner;
beforeAll(() => {
	({ sim, waiting, runner } = suite);
});
beforeEach(() => {
	sim.reset();
	sim.options.asyncSignDelayMs = 1500;
	sim.options.callbackFormat = 'flat';
});

const DOC = pdf('Parked signing', 500);

function parkedFlow(signOptions: Record<string, unknown> = {}) {
	const nodes = [
		trigger,
		fixture('Documents', [{ json: {}, binary: { data: binaryEntry(DOC, 'deal.pdf') } }]),
		...asyncSigningSteps(sim, {
			callbackUrl: '={{ $execution.resumeUrl }}&crm=C-7',
			signOptions: { returnSignedDocuments: true, waitTimeoutMinutes: 5, ...signOptions },
		}),
		oneShot('Delete All', { resource: 'document', operation: 'deleteAll' }),
	];
	return {
		nodes,
		connections: chain(
			'Start',
			'Documents',
			'Create',
			'Upload',
			'OTP',
			'Signer',
			'Sign',
			'Delete All',
		),
	};
}

async function startParked(signOptions: Record<string, unknown> = {}) {
	return await runner.start(parkedFlow(signOptions));
}

async function post(url: string, body: unknown) {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.statusCode, text: await res.body.text() };
}

const flat = (pk: number, status: string, previous: string) => ({
	status,
	previous_status: previous,
	request: pk,
	registration_authority: 1000,
	date: new Date().toISOString().replace('Z', ''),
});

test('the execution parks after Sign and the completion callback resumes it with the signed PDF', async () => {
	const parked = await startParked();
	expect(parked.run.status).toBe('waiting');
	expect(parked.run.waitTill).toBeInstanceOf(Date);
	// nothing after Sign ran yet, and Create knew its callback was this execution's resume URL
	expect(parked.run.data.resultData.runData['Delete All']).toBeUndefined();
	expect(outputOf(parked.run, 'Create')[0].json.callbackToThisExecution).toBe(true);
	// callbacks sent while the execution was still running were refused (409), like n8n does
	expect(
		waiting.log.filter((l: { status: number }) => l.status === 409).length,
	).toBeGreaterThanOrEqual(1);

	const resumed = (await waiting.waitForResume(parked.executionId)) as IRun;
	expect(resumed.status).toBe('success');
	const [signed] = outputOf(resumed, 'Sign');
	expect(signed.json).toMatchObject({
		requestPk: parked.requestPk,
		signed: true,
		status: 'signed',
		confirmed: true,
		notifiedStatus: 'ISSUED',
	});
	const bytes = await readBinaryFile(signed.binary!.signed_0);
	expect(bytes.subarray(0, DOC.length).equals(DOC)).toBe(true);
	expect(bytes.toString('latin1')).toContain('/Type /Sig');
	// the signed copy was fetched once: the download that returned it was also the confirmation
	const [doc] = outputOf(parked.run, 'Upload')[0].json.documents as Array<{ uid: string }>;
	const fetched = sim.requestLog.filter(
		(r) => r.method === 'GET' && r.path.endsWith(`/${doc.uid}`) && r.status === 200,
	);
	expect(fetched).toHaveLength(1);
	// the step after Sign ran once the execution resumed
	expect(outputOf(resumed, 'Delete All')[0].json.deleted).toBe(true);
	// the completion callback carried the correlation parameter and got a 2xx
	const issued = sim.callbacks.find((c) => (c.body as { status?: string }).status === 'ISSUED');
	expect(issued?.url).toContain('crm=C-7');
	expect(issued?.statusCode).toBe(200);
});

test('intermediate statuses, other requests and unconfirmed claims keep it waiting; a wrong token is refused', async () => {
	sim.options.asyncSignDelayMs = 4000;
	const parked = await startParked();
	expect(parked.run.status).toBe('waiting');
	const pk = parked.requestPk;
	// wrong token: 401, still waiting
	const wrong = await post(
		parked.resumeUrl.replace(/signature=[^&]+/, 'signature=forged'),
		flat(pk, 'ISSUED', 'ENROLLREADY'),
	);
	expect(wrong.status).toBe(401);
	// an intermediate status
	expect((await post(parked.resumeUrl, flat(pk, 'ENROLLREADY', 'CREATED'))).status).toBe(200);
	// a notice about another request
	expect((await post(parked.resumeUrl, flat(pk + 1000, 'ISSUED', 'ENROLLREADY'))).status).toBe(200);
	// a claim that the request is signed, before it is: the Optimizer has no signed copy yet
	expect((await post(parked.resumeUrl, flat(pk, 'ISSUED', 'ENROLLREADY'))).status).toBe(200);
	// garbage
	expect((await post(parked.resumeUrl, { hello: 'world' })).status).toBe(400);
	expect(waiting.state(parked.executionId)).toBe('waiting');

	const resumed = (await waiting.waitForResume(parked.executionId)) as IRun;
	expect(outputOf(resumed, 'Sign')[0].json).toMatchObject({ signed: true, confirmed: true });
});

test('the event format (B) of the callback resumes it too', async () => {
	sim.options.callbackFormat = 'event';
	const parked = await startParked();
	const resumed = (await waiting.waitForResume(parked.executionId)) as IRun;
	expect(outputOf(resumed, 'Sign')[0].json).toMatchObject({
		signed: true,
		eventType: 'REQUEST_ENROLLED',
	});
});

test('a completion that comes before the execution is parked is seen: no wait at all', async () => {
	sim.options.asyncSignDelayMs = 0;
	// the simulator signs right after answering; Sign's last check before parking sees it
	const result = await runner.start(parkedFlow());
	await sleep(50);
	const { run } = result;
	expect(run.status).toBe('success');
	expect(outputOf(run, 'Sign')[0].json).toMatchObject({ signed: true, status: 'signed' });
	expect(outputOf(run, 'Delete All')[0].json.deleted).toBe(true);
});

test('a callback that never comes: at the limit the execution goes on with status "timedOut"', async () => {
	sim.options.asyncSignDelayMs = 600_000;
	const parked = await startParked({ waitTimeoutMinutes: 0.1 });
	expect(parked.run.status).toBe('waiting');
	// what n8n's WaitTracker does when waitTill has passed
	const resumed = (await parked.resume()) as IRun;
	expect(resumed.status).toBe('success');
	const [item] = outputOf(resumed, 'Sign');
	expect(item.json).toMatchObject({
		requestPk: parked.requestPk,
		signed: false,
		status: 'timedOut',
	});
	expect(item.json.message).toMatch(
		/No notice that request \d+ was signed arrived within 0.1 minutes/,
	);
});

test('a notice that the request was cancelled resumes the execution with status "cancelled"', async () => {
	sim.options.asyncSignDelayMs = 600_000;
	const parked = await startParked();
	const resumedPromise = waiting.waitForResume(parked.executionId);
	// issue 13: only a notice carrying the callback key Create gave the Optimizer (or one the
	// Optimizer confirms) may cancel; test/integration/hostile-page.test.ts has the forged ones
	const callbackUrl = sim.getRequest(parked.requestPk)!.callback!;
	expect(callbackUrl).toMatch(/[?&]oneshotKey=/);
	expect((await post(callbackUrl, flat(parked.requestPk, 'CANCELLED', 'ENROLLREADY'))).status).toBe(
		200,
	);
	const resumed = (await resumedPromise) as IRun;
	expect(outputOf(resumed, 'Sign')[0].json).toMatchObject({ signed: false, status: 'cancelled' });
});
