/**
 * The trigger receiving the simulator's real callbacks over HTTP: a signature request is created
 * and signed asynchronously by the real action node (n8n-core engine), with its callback URL
 * pointing at test/support/callback-receiver.js, which hosts the trigger like n8n's live
 * webhooks do and answers the simulator with what the node decided.
 */
import { sleep } from 'n8n-workflow';
import { request } from 'undici';

import { SIGNED_COMMENT, startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { startCallbackReceiver } from '../support/callback-receiver';
import { chain, cleanupN8nCore, outputOf, readBinaryFile } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, signerInbox, trigger } from '../support/nodes';
import { SIGNER, makeRunner } from './common';

const TOKEN = 'cb-secret-7d1f9';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;
type Receiver = Awaited<ReturnType<typeof startCallbackReceiver>>;
const receivers: Receiver[] = [];

beforeAll(async () => {
	sim = await startSimulator({ asyncSignDelayMs: 50, callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	for (const r of receivers) await r.close();
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => sim.reset({ options: true }));

async function receiver(
	parameters: Record<string, unknown> = {},
	credentials?: Record<string, unknown>,
) {
	const r = await startCallbackReceiver({
		parameters: { secretToken: TOKEN, ...parameters },
		credentials,
	});
	receivers.push(r);
	return r;
}

/** Create (asynchronous, with `callbackUrl`), upload two PDFs, OTP, sign: CREATED, ENROLLREADY, ISSUED. */
async function signAsync(callbackUrl: string) {
	const nodes = [
		trigger,
		fixture('Documents', [
			{
				json: {},
				binary: {
					data: binaryEntry(pdf('Loan'), 'loan.pdf'),
					annex: binaryEntry(pdf('Annex'), 'annex.pdf'),
				},
			},
		]),
		oneShot('Create', {
			resource: 'request',
			operation: 'create',
			...SIGNER,
			asyncMode: true,
			callbackUrl,
		}),
		oneShot('Upload', {
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data, annex',
		}),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
		signerInbox('Signer', sim.url),
		oneShot('Sign', {
			resource: 'request',
			operation: 'sign',
			secret: '={{ $json.code }}',
			waitForCompletion: true,
			options: { pollIntervalSeconds: 1, waitTimeoutMinutes: 1 },
		}),
	];
	const { run } = await runner.run(
		nodes,
		chain('Start', 'Documents', 'Create', 'Upload', 'OTP', 'Signer', 'Sign'),
	);
	expect(run.status).toBe('success');
	const requestPk = outputOf(run, 'Create')[0].json.requestPk as number;
	const documents = outputOf(run, 'Upload')[0].json.documents as Array<{ uid: string }>;
	return { requestPk, documentUids: documents.map((d) => d.uid) };
}

/** Waits until the simulator has made `count` deliveries and the receiver has answered them. */
async function deliveries(r: Receiver, count: number) {
	const sent = await sim.waitForCallbacks(count, 10_000);
	await r.waitForRequests(count, 10_000);
	return sent;
}

function statusesOf(r: Receiver) {
	return r.items().map((item) => item.json.status as string);
}

test('format A (flat) callbacks: each accepted once, correlation kept, token never in the output', async () => {
	const r = await receiver();
	const { requestPk } = await signAsync(`${r.url}?token=${TOKEN}&crm=C-42&step=signing`);
	const sent = await deliveries(r, 3);
	expect(sent.every((c) => c.format === 'flat' && c.statusCode === 200)).toBe(true);
	expect(r.requests.every((q) => q.status === 200 && q.body === '')).toBe(true);
	expect(statusesOf(r)).toEqual(['CREATED', 'ENROLLREADY', 'ISSUED']);
	const history = sim.getRequest(requestPk)!.history;
	r.items().forEach((item, i) => {
		expect(item.json).toEqual({
			requestPk,
			status: history[i].status,
			previousStatus: history[i].previous_status,
			eventType: 'STATUS_CHANGED',
			occurredAt: new Date(`${history[i].date.slice(0, 23)}Z`).toISOString(),
			occurredAtSource: 'sent',
			registrationAuthority: 1000,
			certificates: [],
			correlation: { crm: 'C-42', step: 'signing' },
		});
	});
	expect(JSON.stringify(r.items())).not.toContain(TOKEN);
	expect(r.errors).toEqual([]);
});

test('format B (event) callbacks: event types and the certificate of the issued request', async () => {
	sim.options.callbackFormat = 'event';
	const r = await receiver({}, undefined);
	const { requestPk } = await signAsync(`${r.url}?token=${TOKEN}&crm=C-43`);
	await deliveries(r, 3);
	expect(r.items().map((i) => i.json.eventType)).toEqual([
		'REQUEST_CREATED',
		'REQUEST_APPROVED',
		'REQUEST_ENROLLED',
	]);
	expect(statusesOf(r)).toEqual(['CREATED', 'ENROLLREADY', 'ISSUED']);
	const issued = r.items()[2].json;
	const certificate = sim.getRequest(requestPk)!.certificate!;
	expect(issued).toMatchObject({
		requestPk,
		previousStatus: null,
		registrationAuthority: 1000,
		correlation: { crm: 'C-43' },
		certificates: [
			{
				status: certificate.status,
				serialNumber: certificate.serial_number,
				validFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
				validTo: expect.stringMatching(/Z$/),
			},
		],
	});
	expect(issued.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
	expect(JSON.stringify(r.items())).not.toContain(TOKEN);
});

test('filtered statuses start nothing and are still answered with an empty 200', async () => {
	const r = await receiver({ statuses: ['ISSUED'] });
	await signAsync(`${r.url}?token=${TOKEN}`);
	const sent = await deliveries(r, 3);
	expect(sent.map((c) => c.statusCode)).toEqual([200, 200, 200]);
	expect(r.requests.map((q) => q.body)).toEqual(['', '', '']);
	expect(statusesOf(r)).toEqual(['ISSUED']);
});

test('a wrong token is answered 401 and starts nothing', async () => {
	const r = await receiver();
	await signAsync(`${r.url}?token=not-the-secret&crm=1`);
	const sent = await deliveries(r, 3);
	expect(sent.map((c) => c.statusCode)).toEqual([401, 401, 401]);
	expect(r.executions).toHaveLength(0);
	expect(JSON.parse(r.requests[0].body)).toEqual({ message: 'Unauthorized' });
});

test('duplicate deliveries start the workflow once per status change', async () => {
	sim.options.duplicateCallbacks = true;
	const r = await receiver();
	await signAsync(`${r.url}?token=${TOKEN}`);
	const sent = await deliveries(r, 6);
	expect(sent.filter((c) => c.duplicate)).toHaveLength(3);
	expect(sent.every((c) => c.statusCode === 200)).toBe(true);
	expect(statusesOf(r)).toEqual(['CREATED', 'ENROLLREADY', 'ISSUED']);
});

test('out-of-order (and duplicated) deliveries: each status change still emitted exactly once', async () => {
	sim.options.outOfOrderCallbacks = true;
	sim.options.duplicateCallbacks = true;
	const r = await receiver();
	await signAsync(`${r.url}?token=${TOKEN}`);
	await deliveries(r, 6);
	expect(statusesOf(r)).toEqual(['ISSUED', 'ENROLLREADY', 'CREATED']);
});

test('legacy Optimizer: confirmed through Get Request, signed documents downloaded as binaries', async () => {
	const r = await receiver(
		{ options: { confirmWithOptimizer: true, downloadSignedDocuments: true } },
		runner.credentialData({ baseUrl: sim.legacyBaseUrl, apiGeneration: 'legacy' }),
	);
	const { requestPk, documentUids } = await signAsync(`${r.url}?token=${TOKEN}`);
	await deliveries(r, 3);
	const items = r.items();
	expect(items.map((i) => i.json.confirmed)).toEqual([true, true, true]);
	expect(items[2].json.confirmation).toEqual({
		method: 'getRequest',
		currentStatus: 'ISSUED',
		reason: 'The Optimizer reports status ISSUED',
	});
	// only the signature callback downloads documents
	expect(items[0].json).not.toHaveProperty('signedDocuments');
	const signed = items[2].json.signedDocuments as Array<{
		uid: string;
		binaryPropertyName: string;
	}>;
	expect(signed.map((d) => d.uid).sort()).toEqual([...documentUids].sort());
	for (const document of signed) {
		const bytes = await readBinaryFile(items[2].binary![document.binaryPropertyName]);
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		expect(bytes.toString('latin1')).toContain(SIGNED_COMMENT);
	}
	expect(items[2].json).not.toHaveProperty('signedDocumentsError');
	expect(
		sim.requestLog.some((l) => l.method === 'GET' && l.path === `/api/v1/request/${requestPk}`),
	).toBe(true);
});

test('current Optimizer: no Get Request, so only a signature can be confirmed (through documentUids)', async () => {
	const credentials = runner.credentialData();
	const r = await receiver({ options: { confirmWithOptimizer: true } }, credentials);
	const { requestPk, documentUids } = await signAsync(`${r.url}?token=${TOKEN}`);
	await deliveries(r, 3);
	const items = r.items();
	// emitted anyway (default "emit"), marked unconfirmed, with the reason
	expect(items.map((i) => i.json.confirmed)).toEqual([false, false, false]);
	expect((items[0].json.confirmation as { reason: string }).reason).toMatch(
		/not available on this Optimizer/,
	);
	expect((items[2].json.confirmation as { reason: string }).reason).toMatch(/documentUids/);
	// Get Request is undocumented there: the confirmation tries it (endpoint "request.tryGet")
	// and takes the 404 as "not available", while the action node's Get refuses it outright
	expect(
		sim.requestLog.some(
			(l) =>
				l.method === 'GET' && l.path === `/oneshot/api/v1/request/${requestPk}` && l.status === 404,
		),
	).toBe(true);

	// the same ISSUED callback posted with documentUids (as the Optimizer would, keeping the query)
	const downloading = await receiver(
		{ options: { confirmWithOptimizer: true, downloadSignedDocuments: true } },
		credentials,
	);
	const issued = sim.callbacks.find((c) => c.requestStatus === 'ISSUED')!.body;
	const response = await request(
		`${downloading.url}?token=${TOKEN}&documentUids=${documentUids.join(',')}`,
		{
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(issued),
		},
	);
	expect(response.statusCode).toBe(200);
	expect(await response.body.text()).toBe('');
	const [item] = downloading.items();
	expect(item.json).toMatchObject({
		requestPk,
		status: 'ISSUED',
		confirmed: true,
		confirmation: { method: 'signedDocument' },
	});
	expect((item.json.signedDocuments as unknown[]).length).toBe(2);
	expect((item.json.correlation as Record<string, string>).documentUids).toBe(
		documentUids.join(','),
	);
});

test('unconfirmed callbacks dropped: none start the workflow, all are answered 200', async () => {
	const r = await receiver(
		{ options: { confirmWithOptimizer: true, unconfirmedEvents: 'drop' } },
		runner.credentialData(),
	);
	await signAsync(`${r.url}?token=${TOKEN}`);
	const sent = await deliveries(r, 3);
	expect(sent.map((c) => c.statusCode)).toEqual([200, 200, 200]);
	expect(r.executions).toHaveLength(0);
});

test("Optimizer unreachable while confirming: 503, and the sender's retry is then confirmed", async () => {
	sim.options.callbackRetries = 1;
	const r = await receiver(
		{
			statuses: ['ENROLLREADY'],
			options: { confirmWithOptimizer: true, unconfirmedEvents: 'drop' },
		},
		runner.credentialData({ baseUrl: sim.legacyBaseUrl, apiGeneration: 'legacy' }),
	);
	// the transport tries a GET 4 times: all four fail for the first delivery
	sim.injectFault({ route: 'GET /api/v1/request/', kind: '5xx', times: 4 });
	const nodes = [
		trigger,
		oneShot('Create', {
			resource: 'request',
			operation: 'create',
			...SIGNER,
			asyncMode: true,
			callbackUrl: `${r.url}?token=${TOKEN}`,
		}),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Create'));
	expect(run.status).toBe('success');
	const sent = await sim.waitForCallbacks(3, 15_000);
	await r.waitForRequests(3, 15_000);
	await sleep(50);
	const enrolled = sent.filter((c) => c.requestStatus === 'ENROLLREADY');
	expect(enrolled.map((c) => c.statusCode)).toEqual([503, 200]);
	expect(r.items().map((i) => [i.json.status, i.json.confirmed])).toEqual([['ENROLLREADY', true]]);
});
