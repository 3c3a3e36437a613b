/**
 * Every error a user commonly meets, through the real engine: the Optimizer's own message, the
 * HTTP code and a hint that says what to do; validation before calling the API; continueOnFail;
 * retries only for reads; and no secret anywhere in what the execution keeps.
 */
import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, errorOf, outputOf } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, signerInbox, trigger } from '../support/nodes';
import { SIGNER, makeRunner } from './common';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;

beforeAll(async () => {
	sim = await startSimulator({ asyncSignDelayMs: 100, callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => {
	sim.reset();
	sim.clearFaults();
});

interface NodeErrorShape {
	message: string;
	description?: string;
	httpCode?: string | null;
	context?: { itemIndex?: number };
}

function failure(run: IRun, node: string): NodeErrorShape {
	expect(run.status).toBe('error');
	const error = errorOf(run, node) as NodeErrorShape | undefined;
	if (!error) throw new Error(`node ${node} did not fail`);
	return error;
}

const docs = () =>
	fixture('Documents', [{ json: {}, binary: { data: binaryEntry(pdf('Deal'), 'deal.pdf') } }]);

/** Create + upload, then the given tail (a request ready to sign). */
function prepared(tail: unknown[], tailNames: string[]) {
	const nodes = [
		trigger,
		docs(),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
		...tail,
	];
	return { nodes, connections: chain('Start', 'Documents', 'Create', 'Upload', ...tailNames) };
}

const otp = (name = 'OTP') => oneShot(name, { resource: 'request', operation: 'generateOtp' });
const sign = (name = 'Sign', extra: Record<string, unknown> = {}) =>
	oneShot(name, {
		resource: 'request',
		operation: 'sign',
		secret: '={{ $json.code }}',
		waitForCompletion: false,
		...extra,
	});

test('wrong OTP: 403 with the Optimizer message and what to do', async () => {
	const { nodes, connections } = prepared(
		[otp(), signerInbox('Signer', sim.url, true), sign()],
		['OTP', 'Signer', 'Sign'],
	);
	const { run } = await runner.run(nodes, connections);
	const error = failure(run, 'Sign');
	expect(error.message).toBe('Confirmation Code invalid');
	expect(error.httpCode).toBe('403');
	expect(error.description).toMatch(/code is wrong or has expired/);
});

test('OTP asked again within a minute: 412 explained', async () => {
	const { nodes, connections } = prepared([otp('OTP'), otp('OTP again')], ['OTP', 'OTP again']);
	const { run } = await runner.run(nodes, connections);
	const error = failure(run, 'OTP again');
	expect(error.message).toMatch(/less than a minute ago/);
	expect(error.httpCode).toBe('412');
	expect(error.description).toMatch(/Wait a minute/);
});

test('signing twice: 412 already signed, and the second sign never reaches the documents', async () => {
	const { nodes, connections } = prepared(
		[
			otp(),
			signerInbox('Signer', sim.url),
			sign('Sign'),
			sign('Sign again', { secret: "={{ $('Signer').item.json.code }}" }),
		],
		['OTP', 'Signer', 'Sign', 'Sign again'],
	);
	const { run } = await runner.run(nodes, connections);
	expect(outputOf(run, 'Sign')[0].json.signed).toBe(true);
	const error = failure(run, 'Sign again');
	expect(error.message).toMatch(/already in ISSUED status/);
	expect(error.httpCode).toBe('412');
	expect(error.description).toMatch(/already signed/);
});

test('a non-PDF upload is refused before calling the Optimizer, naming the file', async () => {
	const nodes = [
		trigger,
		fixture('Documents', [
			{
				json: {},
				binary: {
					data: binaryEntry(
						Buffer.from('PK\u0003\u0004 docx bytes'),
						'offer.docx',
						'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
					),
				},
			},
		]),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Documents', 'Create', 'Upload'));
	const error = failure(run, 'Upload');
	expect(error.message).toBe('"offer.docx" (binary field "data") is not a PDF');
	expect(error.description).toMatch(/Only PDF documents/);
	expect(sim.requestLog.some((r) => r.method === 'POST' && r.path.includes('/document/'))).toBe(
		false,
	);
});

test('a non-PDF that reaches the Optimizer (415) is explained too', async () => {
	// the Optimizer is the judge when our check passes but its does not: a "PDF" header on garbage
	sim.injectFault({ route: 'POST /oneshot/api/v1/document', kind: '5xx', status: 415, times: 1 });
	const { nodes, connections } = prepared([], []);
	const { run } = await runner.run(nodes, connections);
	const error = failure(run, 'Upload');
	expect(error.httpCode).toBe('415');
	expect(error.description).toMatch(/Only PDF documents/);
});

test('unknown request: 404 with a hint about the request ID', async () => {
	const nodes = [
		trigger,
		oneShot('OTP', { resource: 'request', operation: 'generateOtp', requestPk: '999999999' }),
	];
	const { run } = await runner.run(nodes, chain('Start', 'OTP'));
	const error = failure(run, 'OTP');
	expect(error.httpCode).toBe('404');
	expect(error.message).toMatch(/999999999/);
	expect(error.description).toMatch(/requestPk returned by Create/);
});

test('unknown document: 404 with a hint about the document UID', async () => {
	const { nodes, connections } = prepared(
		[
			oneShot('Download', {
				resource: 'document',
				operation: 'download',
				documentUid: 'no-such-uid',
				documentType: 'original',
			}),
		],
		['Download'],
	);
	const { run } = await runner.run(nodes, connections);
	const error = failure(run, 'Download');
	expect(error.httpCode).toBe('404');
	expect(error.description).toMatch(/UID returned by Upload/);
});

test('missing billing credentials: the message says where to set them', async () => {
	const nodes = [
		trigger,
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Create'), {
		billingUsername: '',
		billingPassword: '',
	});
	const error = failure(run, 'Create');
	expect(error.message).toMatch(/billing/i);
	expect(error.description).toMatch(/Billing Username/);
});

test('missing RAO credentials are reported before calling the Optimizer', async () => {
	const nodes = [
		trigger,
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Create'), { token: '' });
	const error = failure(run, 'Create');
	expect(error.message).toBe('No RAO credentials to approve the request');
	expect(error.description).toMatch(/RAO Token/);
	expect(sim.requestLog).toHaveLength(0);
});

test.each([
	['mobilePhoneNumber', '600123123', /needs its international prefix/],
	['email', 'maria.example.com', /not a valid e-mail address/],
	['idDocumentType', 'XYZ', /not a valid ID document type/],
	['idDocumentCountry', 'Spain', /not a two-letter country code/],
	['givenName', '  ', /"Given Name" is empty/],
])('create validates %s before calling the Optimizer', async (field, value, message) => {
	const nodes = [
		trigger,
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER, [field]: value }),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Create'));
	expect(failure(run, 'Create').message).toMatch(message);
	expect(sim.requestLog).toHaveLength(0);
});

test('continueOnFail: a failing item becomes an error item paired with its input, the others go on', async () => {
	const nodes = [
		trigger,
		fixture('Signers', [
			{ json: { phone: '+34600123123' } },
			{ json: { phone: '600123123' } },
			{ json: { phone: '+48500100200' } },
		]),
		oneShot(
			'Create',
			{
				resource: 'request',
				operation: 'create',
				...SIGNER,
				mobilePhoneNumber: '={{ $json.phone }}',
			},
			{ continueOnFail: true, onError: 'continueRegularOutput' },
		),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Signers', 'Create'));
	expect(run.status).toBe('success');
	const out = outputOf(run, 'Create') as INodeExecutionData[];
	expect(out).toHaveLength(3);
	expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(typeof out[0].json.requestPk).toBe('number');
	expect(out[1].json.error).toMatch(/needs its international prefix/);
	expect(typeof out[2].json.requestPk).toBe('number');
});

describe('retries', () => {
	test('a read recovers from 503s and a dropped connection', async () => {
		const { nodes, connections } = prepared(
			[oneShot('Contract', { resource: 'document', operation: 'getContract' })],
			['Contract'],
		);
		sim.injectFault({ route: 'GET /oneshot/api/v1/contract', kind: '5xx', status: 503, times: 2 });
		sim.injectFault({ route: 'GET /oneshot/api/v1/contract', kind: 'drop', times: 1 });
		const { run } = await runner.run(nodes, connections);
		expect(run.status).toBe('success');
		expect(outputOf(run, 'Contract')[0].binary!.data.mimeType).toBe('application/pdf');
	});

	test('a read gives up after a bounded number of attempts with a clear error', async () => {
		const { nodes, connections } = prepared(
			[oneShot('Contract', { resource: 'document', operation: 'getContract' })],
			['Contract'],
		);
		sim.injectFault({ route: 'GET /oneshot/api/v1/contract', kind: '5xx', status: 503, times: 10 });
		const { run } = await runner.run(nodes, connections);
		const error = failure(run, 'Contract');
		expect(error.httpCode).toBe('503');
		expect(error.description).toMatch(/internal problem/);
		expect(sim.requestLog.filter((r) => r.path.includes('/contract/'))).toHaveLength(4);
	});

	test('sign is never retried: a 503 fails at once and exactly one sign call was made', async () => {
		const { nodes, connections } = prepared(
			[otp(), signerInbox('Signer', sim.url), sign()],
			['OTP', 'Signer', 'Sign'],
		);
		sim.injectFault({ route: 'POST /oneshot/api/v1/sign', kind: '5xx', status: 503, times: 1 });
		const { run } = await runner.run(nodes, connections);
		expect(failure(run, 'Sign').httpCode).toBe('503');
		expect(sim.requestLog.filter((r) => r.path.includes('/sign/'))).toHaveLength(1);
	});

	test('create is never retried: a dropped connection says the call may have taken effect', async () => {
		sim.injectFault({ route: 'POST /oneshot/api/v1/create', kind: 'drop', times: 1 });
		const nodes = [
			trigger,
			oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		];
		const { run } = await runner.run(nodes, chain('Start', 'Create'));
		const error = failure(run, 'Create');
		expect(error.message).toMatch(/connection to the Optimizer .* failed|did not answer/);
		expect(error.description).toMatch(/may or may not have taken effect/);
		expect(sim.requestLog.filter((r) => r.path.endsWith('/create'))).toHaveLength(1);
	});
});

test('no secret appears in the execution data, even when the Optimizer echoes it', async () => {
	const { nodes, connections } = prepared(
		[otp(), signerInbox('Signer', sim.url, true), sign('Sign', {})],
		['OTP', 'Signer', 'Sign'],
	);
	(nodes[nodes.length - 1] as { onError?: string; continueOnFail?: boolean }).continueOnFail = true;
	const { run } = await runner.run(nodes, connections);
	const text = JSON.stringify(run.data.resultData);
	for (const secret of [
		sim.sandboxToken,
		sim.billing.password,
		Buffer.from(sim.billing.password).toString('base64'),
	]) {
		expect(text).not.toContain(secret);
	}
	// the Optimizer repeating the billing password in an error is masked
	const encoded = Buffer.from(sim.billing.password).toString('base64');
	sim.injectFault({
		route: 'POST /oneshot/api/v1/create',
		kind: '5xx',
		status: 500,
		message: `billing password ${sim.billing.password} (${encoded}) rejected for token ${sim.sandboxToken}`,
	});
	const again = await runner.run(
		[trigger, oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER })],
		chain('Start', 'Create'),
	);
	const error = failure(again.run, 'Create');
	expect(error.message).toBe('billing password [hidden] ([hidden]) rejected for token [hidden]');
	const kept = JSON.stringify(again.run.data.resultData);
	for (const secret of [sim.billing.password, encoded, sim.sandboxToken])
		expect(kept).not.toContain(secret);
});
