/**
 * The credential's test request against the simulator, ID document photos on Create, and the
 * whole classic flow on a legacy Optimizer (/api/v1) through the same operations.
 */
import type { ICredentialDataDecryptedObject, INode, IRun } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { request } from 'undici';

import { UanatacaOneShotApi } from '../../credentials/UanatacaOneShotApi.credentials';
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, outputOf, readBinaryFile } from '../support/harness';
import {
	binaryEntry,
	fixture,
	nodeTypes,
	oneShot,
	pdf,
	signerInbox,
	trigger,
} from '../support/nodes';
import { SIGNER, makeRunner } from './common';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;

beforeAll(async () => {
	sim = await startSimulator({ callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => sim.reset());

/**
 * What n8n's credential tester does with a declarative `test`: resolve the expressions against
 * the credential, send the request, and on failure show the message of the matching rule.
 */
async function credentialTest(data: Record<string, unknown>) {
	const credential = new UanatacaOneShotApi();
	const values = {
		...Object.fromEntries(credential.properties.map((p) => [p.name, p.default])),
		...data,
	} as ICredentialDataDecryptedObject;
	const workflow = new Workflow({
		nodes: [],
		connections: {},
		active: false,
		nodeTypes: nodeTypes(),
	});
	const node = {
		id: 'n',
		name: 'n',
		type: 't',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	} as INode;
	const resolve = (value: unknown) =>
		workflow.expression.getSimpleParameterValue(
			node,
			value as string,
			'internal',
			{ $credentials: values },
			undefined,
			'',
		);
	const url = `${resolve(credential.test.request.baseURL)}${resolve(credential.test.request.url)}`;
	const response = await request(url, { method: 'GET' });
	await response.body.text();
	if (response.statusCode < 300) return { status: 'OK', url };
	const rule = credential.test.rules?.find(
		(r) => r.type === 'responseCode' && r.properties.value === response.statusCode,
	);
	return {
		status: 'Error',
		url,
		message: rule?.properties.message ?? `HTTP ${response.statusCode}`,
	};
}

describe('credential test', () => {
	test('a known token: the Optimizer answers and the token works', async () => {
		const result = await credentialTest({
			baseUrl: `${sim.currentBaseUrl}/`,
			token: sim.sandboxToken,
		});
		expect(result).toMatchObject({
			status: 'OK',
			url: `${sim.currentBaseUrl}/token/${sim.sandboxToken}`,
		});
	});

	test('an unknown token: told in plain words which field to check', async () => {
		const result = await credentialTest({ baseUrl: sim.currentBaseUrl, token: 'not-a-token' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/does not know this RAO token/);
	});

	test('no token: the token list is asked for instead', async () => {
		const result = await credentialTest({ baseUrl: sim.currentBaseUrl, token: '' });
		expect(result).toMatchObject({ status: 'OK', url: `${sim.currentBaseUrl}/tokens` });
	});

	test('a wrong path: the same message points at the URL', async () => {
		const result = await credentialTest({
			baseUrl: `${sim.url}/wrong/api/v1`,
			token: sim.sandboxToken,
		});
		expect(result.message).toMatch(/Optimizer URL/);
	});
});

test('ID document photos from binary fields are sent with Create; a non-image is refused first', async () => {
	const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
	const png = Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		Buffer.alloc(100, 1),
	]);
	const nodes = [
		trigger,
		fixture('Photos', [
			{
				json: {},
				binary: {
					front: binaryEntry(jpeg, 'front.jpg', 'image/jpeg'),
					back: binaryEntry(png, 'back.png', 'image/png'),
				},
			},
		]),
		oneShot('Create', {
			resource: 'request',
			operation: 'create',
			...SIGNER,
			additionalFields: {
				documentFront: 'front',
				documentRear: 'back',
				surname2: 'López',
				communicationLanguage: 'ES',
			},
		}),
	];
	const { run } = await runner.run(nodes, chain('Start', 'Photos', 'Create'));
	expect(run.status).toBe('success');
	const request = sim.getRequest(outputOf(run, 'Create')[0].json.requestPk)!;
	expect(request.idImages.map((i) => [i.field, i.filename, i.size])).toEqual([
		['document_front', 'front.jpg', jpeg.length],
		['document_rear', 'back.png', png.length],
	]);
	expect(request.fields.surname_2).toBe('López');
	expect(request.communicationLanguage).toBe('ES');

	const bad = [
		trigger,
		fixture('Photos', [{ json: {}, binary: { front: binaryEntry(pdf('x'), 'front.pdf') } }]),
		oneShot('Create', {
			resource: 'request',
			operation: 'create',
			...SIGNER,
			additionalFields: { documentFront: 'front' },
		}),
	];
	const failed = await runner.run(bad, chain('Start', 'Photos', 'Create'));
	expect((failed.run as IRun).status).toBe('error');
	expect(() => outputOf(failed.run, 'Create')).toThrow(/is not a JPEG or PNG image/);
});

test('the same workflow works on a legacy Optimizer (/api/v1): paths, envelopes and answers differ', async () => {
	const original = pdf('Legacy contract', 300);
	const nodes = [
		trigger,
		fixture('Documents', [
			{
				json: {},
				binary: { data: binaryEntry(original, 'a.pdf'), more: binaryEntry(pdf('b'), 'b.pdf') },
			},
		]),
		oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER }),
		oneShot('Upload', {
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data,more',
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
			options: { returnSignedDocuments: true, pollIntervalSeconds: 1 },
		}),
		oneShot('Delete All', { resource: 'document', operation: 'deleteAll' }),
	];
	const { run } = await runner.run(
		nodes,
		chain(
			'Start',
			'Documents',
			'Create',
			'Upload',
			'Contract',
			'OTP',
			'Signer',
			'Sign',
			'Delete All',
		),
		{ baseUrl: sim.legacyBaseUrl, apiGeneration: 'legacy' },
	);
	expect(run.data.resultData.error?.message).toBeUndefined();
	const pk = outputOf(run, 'Create')[0].json.requestPk;
	expect(typeof pk).toBe('number');
	expect(outputOf(run, 'Upload')[0].json.documents).toHaveLength(2);
	const [signed] = outputOf(run, 'Sign');
	expect(signed.json.signed).toBe(true);
	const bytes = await readBinaryFile(signed.binary!.signed_0);
	expect(bytes.subarray(0, original.length).equals(original)).toBe(true);
	expect(signed.binary!.signed_0.mimeType).toBe('application/pdf');
	const paths = sim.requestLog.map((r) => `${r.method} ${r.path}`);
	expect(paths).toEqual(
		expect.arrayContaining([
			'POST /api/v1/request',
			`POST /api/v1/document/${pk}`,
			`GET /api/v1/document/${pk}/contract`,
			`POST /api/v1/otp/${pk}`,
			`POST /api/v1/sign/${pk}`,
			`DELETE /api/v1/documents/${pk}`,
		]),
	);
	expect(paths.some((p) => p.startsWith(`GET /api/v1/document/${pk}/signed/`))).toBe(true);
	expect(paths.every((p) => p.includes(' /api/v1/'))).toBe(true);
});
