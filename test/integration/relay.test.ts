/**
 * The trigger's "Resume Waiting Executions" (docs/relay.md): the Optimizer's notices go to the
 * trigger (per-request callback to the trigger, or the registration authority's webhook); the
 * trigger finds the parked execution registered for the request through n8n's public API
 * (test/support/n8n-public-api.js, over the stand-in of n8n's waiting webhooks) and hands it the
 * notice at its resume URL. Real engine, real simulator, real HTTP everywhere.
 */
import type { IConnections, INode, IRun } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Simulator } from '../simulator';
import { startCallbackReceiver } from '../support/callback-receiver';
import { chain, outputOf, readBinaryFile, runWorkflow } from '../support/harness';
import { binaryEntry, fixture, nodeTypes, pdf, trigger } from '../support/nodes';
import { calls as apiCalls } from '../support/n8n-public-api';
import type { Waiting } from './parked';
import { asyncSigningSteps, parkedSuite, simulatorCredential } from './parked';

const TRIGGER_WORD = 'relay-word-4f8a2c9e-7d1f-ab12';
const suite = parkedSuite({ asyncSignDelayMs: 300, callbackDelayMs: 5 });
let sim: Simulator;
let waiting: Waiting;
type Receiver = Awaited<ReturnType<typeof startCallbackReceiver>>;
let relay: Receiver;

beforeAll(async () => {
	({ sim, waiting } = suite);
	relay = await startCallbackReceiver({
		typeVersion: 2,
		parameters: { callbackAuthentication: 'credential', resumeWaitingExecutions: true },
		callbackAuth: { method: 'token', token: TRIGGER_WORD },
		n8nApi: { baseUrl: waiting.apiBaseUrl, apiKey: waiting.apiKey },
	});
});
afterAll(async () => {
	await relay?.close();
});
beforeEach(() => {
	sim.reset();
	sim.options.asyncSignDelayMs = 300;
	sim.options.callbackFormat = 'flat';
	sim.options.raWebhookUrl = '';
	relay.clear();
});

const DOC = pdf('Relayed signing', 300);

/** Create (callback: `callbackUrl`, or none: the RA webhook), upload, OTP, Sign parked. */
function relayedFlow(callbackUrl: string | undefined, signOptions: Record<string, unknown> = {}) {
	const nodes = [
		trigger,
		fixture('Documents', [{ json: {}, binary: { data: binaryEntry(DOC, 'deal.pdf') } }]),
		...asyncSigningSteps(sim, {
			callbackUrl,
			signOptions: {
				completionSignal: 'callback',
				returnSignedDocuments: true,
				waitTimeoutMinutes: 5,
				...signOptions,
			},
		}),
	];
	return {
		nodes,
		connections: chain('Start', 'Documents', 'Create', 'Upload', 'OTP', 'Signer', 'Sign'),
	};
}

let runs = 0;

/**
 * Runs the flow until it parks; n8n's storing of the parked execution takes `storingMs` (the
 * execution stays "running": its resume URL answers 409 and the API shows no registration).
 */
async function startParked(flow: ReturnType<typeof relayedFlow>, storingMs = 0) {
	const executionId = `relay-${Date.now()}-${++runs}`;
	waiting.markRunning(executionId);
	const result = await runWorkflow({
		nodes: flow.nodes as INode[],
		connections: flow.connections as IConnections,
		nodeTypes: nodeTypes(),
		credentialsHelper: simulatorCredential(sim),
		executionId,
		webhookWaitingBaseUrl: waiting.baseUrl,
	});
	if (storingMs) await sleep(storingMs);
	const storedAt = Date.now();
	waiting.register(result);
	const run = result.run as IRun;
	const requestPk = outputOf(run, 'Create')[0]?.json.requestPk as number;
	return { run, executionId, requestPk, storedAt };
}

async function postToTrigger(url: string, body: unknown): Promise<number> {
	const answer = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	await answer.text();
	return answer.status;
}

/** Polls (bounded) until `check` holds: the trigger answers at once and relays afterwards. */
async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
		await sleep(20);
	}
}

const triggerUrl = () => `${relay.url}?token=${TRIGGER_WORD}`;
const startedStatuses = () => relay.items().map((item) => item.json.status);

test('a notice to the trigger resumes the execution parked for its request (per-request callback to the trigger)', async () => {
	const parked = await startParked(relayedFlow(triggerUrl()));
	expect(parked.run.status).toBe('waiting');
	// the registration: the request and the resume URL, in the execution's custom data
	const metadata = parked.run.data.resultData.metadata as Record<string, string>;
	expect(metadata.uanatacaOneShotRelayPks).toBe(String(parked.requestPk));
	expect(metadata.uanatacaOneShotRelay).toMatch(
		/^\d+ http:\/\/127\.0\.0\.1:\d+\/webhook-waiting\//,
	);
	expect(Number(metadata.uanatacaOneShotRelay.split(' ')[0])).toBe(
		(parked.run.data.waitTill as Date).getTime(),
	);

	const resumed = (await waiting.waitForResume(parked.executionId)) as IRun;
	const [signed] = outputOf(resumed, 'Sign');
	expect(signed.json).toMatchObject({
		requestPk: parked.requestPk,
		signed: true,
		status: 'signed',
		confirmed: true,
		notifiedStatus: 'ISSUED',
	});
	const bytes = await readBinaryFile(signed.binary!.signed_0);
	expect(bytes.toString('latin1')).toContain('/Type /Sig');
	// the trigger answered the Optimizer 200 and started its own workflow only for the notices
	// nobody waited for (before the park), never for ISSUED
	await relay.waitForRequests(sim.callbacks.length);
	expect(relay.requests.every((r) => r.status === 200)).toBe(true);
	expect(startedStatuses()).not.toContain('ISSUED');
	expect(startedStatuses().length).toBeGreaterThanOrEqual(1);
	// the callback key the registration adds to the resume URL reaches no output
	const key = String(metadata.uanatacaOneShotCallbackKey);
	expect(key.length).toBeGreaterThanOrEqual(24);
	expect(metadata.uanatacaOneShotRelay).toContain(`oneshotKey=${key}`);
	expect(JSON.stringify(resumed.data.resultData.runData)).not.toContain(key);
});

test('the registration authority webhook (no per-request callback) resumes it as well', async () => {
	sim.options.raWebhookUrl = triggerUrl();
	sim.options.callbackFormat = 'event';
	const parked = await startParked(relayedFlow(undefined));
	expect(parked.run.status).toBe('waiting');
	const resumed = (await waiting.waitForResume(parked.executionId)) as IRun;
	expect(outputOf(resumed, 'Sign')[0].json).toMatchObject({
		signed: true,
		eventType: 'REQUEST_ENROLLED',
	});
	expect(relay.items().map((i) => i.json.eventType)).not.toContain('REQUEST_ENROLLED');
});

test('a notice that arrives while n8n is still storing the parked execution is held and delivered, not lost', async () => {
	// signed 0.3 s after the sign call; n8n takes 2 s to store the parked execution
	const parked = await startParked(relayedFlow(triggerUrl()), 2000);
	const resumed = (await waiting.waitForResume(parked.executionId, 15_000)) as IRun;
	expect(outputOf(resumed, 'Sign')[0].json).toMatchObject({ signed: true, status: 'signed' });
	// the notice was sent while the execution was not stored yet, and answered 200 once handed over
	await sleep(100);
	const issued = sim.callbacks.find((c) => (c.body as { status?: string }).status === 'ISSUED');
	expect(issued!.at).toBeLessThan(parked.storedAt);
	expect(issued!.statusCode).toBe(200);
	expect(startedStatuses()).not.toContain('ISSUED');
});

test('a cancellation is handed over with the callback key: the execution resumes as "cancelled"', async () => {
	sim.options.asyncSignDelayMs = 600_000;
	const parked = await startParked(relayedFlow(triggerUrl()));
	expect(parked.run.status).toBe('waiting');
	const resumedPromise = waiting.waitForResume(parked.executionId);
	// the registration authority's webhook reports the cancellation (as the Optimizer would)
	const answer = await postToTrigger(triggerUrl(), {
		status: 'CANCELLED',
		previous_status: 'ENROLLREADY',
		request: parked.requestPk,
		registration_authority: 1000,
		date: new Date().toISOString().replace('Z', ''),
	});
	expect(answer).toBe(200);
	const resumed = (await resumedPromise) as IRun;
	expect(outputOf(resumed, 'Sign')[0].json).toMatchObject({ signed: false, status: 'cancelled' });
	expect(startedStatuses()).not.toContain('CANCELLED');
});

test('notices nobody waits for start the trigger workflow as before, at once when nothing could park', async () => {
	const body = {
		status: 'ISSUED',
		previous_status: 'ENROLLREADY',
		request: 987654,
		registration_authority: 1000,
		date: new Date().toISOString().replace('Z', ''),
	};
	const started = Date.now();
	expect(await postToTrigger(triggerUrl(), body)).toBe(200);
	// no execution is running, so a final notice is not held
	await until(() => relay.items().length > 0, 'the trigger workflow started');
	expect(Date.now() - started).toBeLessThan(3000);
	expect(relay.items()).toHaveLength(1);
	expect(relay.items()[0].json).toMatchObject({ requestPk: 987654, status: 'ISSUED' });
	// a wrong token is still refused before anything is looked up
	const before = apiCalls.length;
	expect(await postToTrigger(`${relay.url}?token=wrong-token-000000`, body)).toBe(401);
	expect(apiCalls.length).toBe(before);
});

test('without callback protection the relay adds no callback key: a cancellation it hands over keeps the execution waiting', async () => {
	const open = await startCallbackReceiver({
		typeVersion: 2,
		parameters: { callbackAuthentication: 'none', resumeWaitingExecutions: true },
		n8nApi: { baseUrl: waiting.apiBaseUrl, apiKey: waiting.apiKey },
	});
	try {
		sim.options.asyncSignDelayMs = 600_000;
		const parked = await startParked(relayedFlow(triggerUrl()));
		expect(parked.run.status).toBe('waiting');
		const before = waiting.log.length;
		const cancelled = {
			status: 'CANCELLED',
			previous_status: 'ENROLLREADY',
			request: parked.requestPk,
			registration_authority: 1000,
			date: new Date().toISOString().replace('Z', ''),
		};
		expect(await postToTrigger(open.url, cancelled)).toBe(200);
		// handed to the execution, which refused an unconfirmed cancellation and keeps waiting
		const mine = () =>
			waiting.log
				.slice(before)
				.filter((l: { executionId?: string }) => l.executionId === parked.executionId);
		await until(() => mine().length > 0, 'the notice handed to the execution');
		await sleep(200);
		const handed = mine();
		expect(handed.map((l: { status: number }) => l.status)).toEqual([403]);
		expect(waiting.state(parked.executionId)).toBe('waiting');
		expect(open.items()).toHaveLength(0);
	} finally {
		await open.close();
	}
});

test('a resume URL that answers 409 while the execution is still waiting is tried again until it takes the notice', async () => {
	sim.options.asyncSignDelayMs = 600_000;
	const parked = await startParked(relayedFlow(triggerUrl()));
	expect(parked.run.status).toBe('waiting');
	waiting.refuseNext(parked.executionId, 3);
	const resumedPromise = waiting.waitForResume(parked.executionId, 15_000);
	const before = waiting.log.length;
	const answer = await postToTrigger(triggerUrl(), {
		status: 'CANCELLED',
		previous_status: 'ENROLLREADY',
		request: parked.requestPk,
		registration_authority: 1000,
		date: new Date().toISOString().replace('Z', ''),
	});
	expect(answer).toBe(200);
	const resumed = (await resumedPromise) as IRun;
	expect(outputOf(resumed, 'Sign')[0].json).toMatchObject({ signed: false, status: 'cancelled' });
	const attempts = waiting.log
		.slice(before)
		.filter((l: { executionId?: string }) => l.executionId === parked.executionId)
		.map((l: { status: number }) => l.status);
	expect(attempts).toEqual([409, 409, 409, 200]);
	expect(startedStatuses()).not.toContain('CANCELLED');
});
