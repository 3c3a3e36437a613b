/**
 * Every file the nodes bring into n8n, with n8n keeping binary data in memory ('default' mode).
 * There n8n reads each download into a buffer with its own stream reader (a 'data' listener), the
 * same reader as the `database` mode, which is queue mode's default: a download that did not flow
 * for that reader hung the execution for ever, and in queue mode no parked Sign ever resumed.
 * The other integration tests run with n8n's filesystem mode.
 */
import type { IRun } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Simulator } from '../simulator';
import { chain, outputOf, readBinaryFile, setBinaryDataMode } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, signerInbox, trigger } from '../support/nodes';
import { SIGNER } from './common';
import type { ParkedRunner, Waiting } from './parked';
import { parkedSuite } from './parked';

setBinaryDataMode('default');
const suite = parkedSuite({ asyncSignDelayMs: 800, callbackDelayMs: 5 });
let sim: Simulator;
let waiting: Waiting;
let runner: ParkedRunner;
beforeAll(() => {
	({ sim, waiting, runner } = suite);
});
beforeEach(() => sim.reset());

const DOC = pdf('Kept in memory by n8n', 3000);

function flow(sign: Record<string, unknown>, asyncMode = true) {
	const nodes = [
		trigger,
		fixture('Documents', [{ json: {}, binary: { data: binaryEntry(DOC, 'deal.pdf') } }]),
		oneShot('Create', {
			resource: 'request',
			operation: 'create',
			...SIGNER,
			asyncMode,
			callbackUrl: asyncMode ? '={{ $execution.resumeUrl }}' : '',
		}),
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
		oneShot('Original', {
			resource: 'document',
			operation: 'download',
			documentUid: '={{ $json.documents[0].uid }}',
			documentType: 'original',
			binaryPropertyName: 'original',
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
			options: { returnSignedDocuments: true, waitTimeoutMinutes: 1, ...sign },
		}),
	];
	return {
		nodes,
		connections: chain(
			'Start',
			'Documents',
			'Create',
			'Upload',
			'Original',
			'Contract',
			'OTP',
			'Signer',
			'Sign',
		),
	};
}

async function expectDocuments(run: IRun) {
	const [original] = outputOf(run, 'Original');
	expect(original.binary!.original.data).not.toBe('');
	expect((await readBinaryFile(original.binary!.original)).equals(DOC)).toBe(true);
	const [contract] = outputOf(run, 'Contract');
	expect((await readBinaryFile(contract.binary!.contract)).subarray(0, 5).toString()).toBe('%PDF-');
}

async function expectSigned(run: IRun) {
	expect(run.status).toBe('success');
	const [signed] = outputOf(run, 'Sign');
	expect(signed.json).toMatchObject({ signed: true, status: 'signed' });
	const bytes = await readBinaryFile(signed.binary!.signed_0);
	expect(bytes.subarray(0, DOC.length).equals(DOC)).toBe(true);
	expect(bytes.toString('latin1')).toContain('/Type /Sig');
}

test('downloads, and Sign polling until signed, return every file', async () => {
	const { run } = await runner.runOnce(flow({ pollIntervalSeconds: 1 }, false));
	await expectDocuments(run);
	await expectSigned(run);
});

test('a parked Sign is resumed by the completion notice with the signed PDF (what queue mode does)', async () => {
	const parked = await runner.start(flow({ completionSignal: 'callback' }));
	expect(parked.run.status).toBe('waiting');
	await expectDocuments(parked.run);
	const resumed = (await waiting.waitForResume(parked.executionId)) as IRun;
	await expectSigned(resumed);
	// the Optimizer's completion notice was answered at once, not left hanging
	const issued = () => sim.callbacks.filter((c) => c.requestStatus === 'ISSUED');
	for (let i = 0; i < 200 && issued().length === 0; i++) await sleep(10);
	expect(issued()).toHaveLength(1);
	expect(issued()[0]).toMatchObject({ statusCode: 200, attempt: 1 });
	expect(issued()[0].error).toBeUndefined();
});
