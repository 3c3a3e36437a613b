/**
 * The action node run by n8n-core's real engine against the simulator over real HTTP:
 * the classic and asynchronous signing flows end to end, each in one workflow.
 */
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, outputOf, readBinaryFile } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, signerInbox, trigger } from '../support/nodes';
import { SIGNER, makeRunner } from './common';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;

beforeAll(async () => {
	sim = await startSimulator({ asyncSignDelayMs: 300, callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => sim.reset());

const LOAN = pdf('Loan agreement', 2000);
const ANNEX = pdf('Annex');

function signingFlow(asyncMode: boolean, callbackUrl = '') {
	const nodes = [
		trigger,
		fixture('Documents', [
			{
				json: { customer: 'C-42' },
				binary: { data: binaryEntry(LOAN, 'loan.pdf'), annex: binaryEntry(ANNEX, 'annex.pdf') },
			},
		]),
		oneShot('Create', {
			resource: 'request',
			operation: 'create',
			...SIGNER,
			asyncMode,
			callbackUrl,
		}),
		oneShot('Upload', {
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data, annex',
		}),
		oneShot('Contract', {
			resource: 'document',
			operation: 'getContract',
			binaryPropertyName: 'contract',
		}),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
		signerInbox('Signer', sim.url),
		oneShot('Sign', {
			resource: 'request',
			operation: 'sign',
			secret: '={{ $json.code }}',
			waitForCompletion: true,
			options: { returnSignedDocuments: true, pollIntervalSeconds: 1, waitTimeoutMinutes: 1 },
		}),
	];
	return {
		nodes,
		connections: chain(
			'Start',
			'Documents',
			'Create',
			'Upload',
			'Contract',
			'OTP',
			'Signer',
			'Sign',
		),
	};
}

async function expectSignedOutput(
	run: Awaited<ReturnType<typeof runner.run>>['run'],
	asyncMode: boolean,
) {
	expect(run.status).toBe('success');
	const [created] = outputOf(run, 'Create');
	expect(typeof created.json.requestPk).toBe('number');
	expect(created.json.asyncMode).toBe(asyncMode);
	const requestPk = created.json.requestPk as number;

	const [uploaded] = outputOf(run, 'Upload');
	const documents = uploaded.json.documents as Array<Record<string, string>>;
	expect(documents).toHaveLength(2);
	expect(documents.map((d) => d.binaryPropertyName)).toEqual(['data', 'annex']);
	expect(documents.map((d) => d.fileName)).toEqual(['loan.pdf', 'annex.pdf']);
	expect(new Set(documents.map((d) => d.uid)).size).toBe(2);

	const [contract] = outputOf(run, 'Contract');
	expect(contract.binary!.contract.mimeType).toBe('application/pdf');
	expect((await readBinaryFile(contract.binary!.contract)).subarray(0, 5).toString()).toBe('%PDF-');
	// the documents travel on with the item
	expect(Object.keys(contract.binary!).sort()).toEqual(['annex', 'contract', 'data']);

	const [signed] = outputOf(run, 'Sign');
	expect(signed.json).toMatchObject({ requestPk, signed: true, status: 'signed', asyncMode });
	expect(signed.pairedItem).toEqual({ item: 0 });
	const first = await readBinaryFile(signed.binary!.signed_0);
	expect(first.subarray(0, 5).toString()).toBe('%PDF-');
	expect(first.equals(LOAN)).toBe(false);
	expect(first.subarray(0, LOAN.length).equals(LOAN)).toBe(true);
	expect(first.toString('latin1')).toContain('/Type /Sig');
	expect(signed.binary!.signed_0.mimeType).toBe('application/pdf');
	expect(signed.binary!.signed_0.id).toMatch(/^filesystem-v2:/);
	expect(signed.binary!.signed_1).toBeDefined();
	expect(sim.getRequest(requestPk)?.status).toBe('ISSUED');
	return requestPk;
}

test('classic flow: create, upload two PDFs, contract, OTP, sign, signed PDFs returned', async () => {
	const { nodes, connections } = signingFlow(false);
	const { run } = await runner.run(nodes, connections);
	const requestPk = await expectSignedOutput(run, false);
	// one create, one upload call for both documents, exactly one sign
	const calls = sim.requestLog.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);
	expect(calls.filter((c) => c.endsWith('/create'))).toHaveLength(1);
	// two PDFs, one per call: the current Optimizer documents only the one-file answer
	expect(calls.filter((c) => c === `POST /oneshot/api/v1/document/${requestPk}`)).toHaveLength(2);
	expect(calls.filter((c) => c.includes('/sign/'))).toHaveLength(1);
});

test('asynchronous flow: sign answers at once and the node waits until the documents are signed', async () => {
	const callbackUrl = `${sim.url}/__simulator/health?token=cb-secret&crm=C-42`;
	const { nodes, connections } = signingFlow(true, callbackUrl);
	const { run } = await runner.run(nodes, connections);
	const requestPk = await expectSignedOutput(run, true);
	// the Optimizer was told to work asynchronously, with our callback (query string kept)
	const request = sim.getRequest(requestPk)!;
	expect(request.asyncmode).toBe(true);
	expect(request.callback).toBe(callbackUrl);
	const sent = sim.callbacks.filter((c) => c.url === callbackUrl);
	expect(sent.length).toBeGreaterThanOrEqual(2);
	// signing happened after the sign call returned: the node polled for the signed document
	const polls = sim.requestLog.filter(
		(r) => r.method === 'GET' && r.path.startsWith(`/oneshot/api/v1/document/${requestPk}/`),
	);
	expect(polls[0].status).toBe(404); // not signed yet right after the sign call
	expect(polls.some((r) => r.status === 200)).toBe(true);
});

test('asynchronous flow without waiting: the node returns as soon as the Optimizer accepts', async () => {
	const { nodes, connections } = signingFlow(true);
	const sign = nodes[nodes.length - 1] as { parameters: Record<string, unknown> };
	sign.parameters.waitForCompletion = false;
	sign.parameters.options = {};
	sim.options.asyncSignDelayMs = 2_000;
	const { run } = await runner.run(nodes, connections);
	expect(run.status).toBe('success');
	const [signed] = outputOf(run, 'Sign');
	expect(signed.json).toMatchObject({ signed: false, status: 'signing', asyncMode: true });
	expect(signed.json.message).toMatch(/going to be signed/);
});

test('asynchronous flow that does not complete within the limit ends with a clear error', async () => {
	const { nodes, connections } = signingFlow(true);
	const sign = nodes[nodes.length - 1] as { parameters: Record<string, unknown> };
	sign.parameters.options = { pollIntervalSeconds: 1, waitTimeoutMinutes: 0.1 }; // 6 s
	sim.options.asyncSignDelayMs = 60_000;
	const { run } = await runner.run(nodes, connections);
	expect(run.status).toBe('error');
	expect(() => outputOf(run, 'Sign')).toThrow(/were not signed within 0.1 minutes/);
});

test('a later Download of the signed document puts the PDF in the chosen binary field', async () => {
	const { nodes, connections } = signingFlow(false);
	nodes.push(
		oneShot('Download', {
			resource: 'document',
			operation: 'download',
			requestPk: "={{ $('Create').item.json.requestPk }}",
			documentUid: "={{ $('Upload').item.json.documents[1].uid }}",
			documentType: 'signed',
			binaryPropertyName: 'signedAnnex',
		}),
	);
	const { run } = await runner.run(nodes, { ...connections, ...chain('Sign', 'Download') });
	expect(run.status).toBe('success');
	const [item] = outputOf(run, 'Download');
	expect(item.json).toMatchObject({ documentType: 'signed', mimeType: 'application/pdf' });
	expect(item.binary!.signedAnnex.fileName).toMatch(/\.pdf$/);
	const bytes = await readBinaryFile(item.binary!.signedAnnex);
	expect(bytes.subarray(0, ANNEX.length).equals(ANNEX)).toBe(true);
	expect(bytes.length).toBeGreaterThan(ANNEX.length);
});
