/**
 * Issue 12, "Faithful to the vendor": each rule of the vendor's documents that a real Optimizer
 * enforces, driven through n8n-core over real HTTP against the strict simulator. Every test here
 * fails on the code before the issue.
 */
import type { ICredentialDataDecryptedObject, INode, IRun } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { request } from 'undici';

import { UanatacaOneShotApi } from '../../credentials/UanatacaOneShotApi.credentials';
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator';
import { chain, cleanupN8nCore, errorOf, outputOf } from '../support/harness';
import {
	binaryEntry,
	fixture,
	nodeTypes,
	oneShot,
	pdf,
	signerInbox,
	trigger,
} from '../support/nodes';
import { startRecordingProxy } from '../support/recording-proxy';
import { startRedirector } from '../support/redirector';
import { SIGNER, makeRunner } from './common';

let sim: Simulator;
let runner: ReturnType<typeof makeRunner>;

beforeAll(async () => {
	sim = await startSimulator({ signDelayMs: 5, callbackDelayMs: 5 });
	runner = makeRunner(sim);
});
afterAll(async () => {
	await sim.close();
	await cleanupN8nCore();
});
beforeEach(() => sim.reset({ options: true }));

interface NodeError {
	message: string;
	description?: string;
}

async function run(nodes: unknown[], credentials: Record<string, unknown> = {}) {
	const names = (nodes as Array<{ name: string }>).map((n) => n.name);
	const { run: result } = await runner.run(nodes, chain(...names), credentials);
	return result;
}

function failure(result: IRun, node: string): NodeError {
	const error = errorOf(result, node) as NodeError | undefined;
	if (!error) throw new Error(`${node} did not fail`);
	return error;
}

const create = oneShot('Create', { resource: 'request', operation: 'create', ...SIGNER });
const legacy = () => ({ baseUrl: sim.legacyBaseUrl, apiGeneration: 'legacy' });
const PK = "={{ $('Create').item.json.requestPk }}";

/** A token that stores the RAO's username only (Token → Create without password and PIN). */
async function usernameOnlyToken(): Promise<string> {
	const res = await request(`${sim.currentBaseUrl}/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: sim.rao.username, env: 'sandbox' }),
	});
	const body = (await res.body.json()) as { details: { token_uid: string } };
	return body.details.token_uid;
}

/** A Video ID waiting for a RAO's decision (VIDEOREVIEW); its two numbers. */
async function videoIdInReview(credentials: Record<string, unknown> = {}) {
	const result = await run(
		[
			trigger,
			oneShot('Create Video ID', {
				resource: 'videoId',
				operation: 'create',
				mobilePhoneNumber: '+34 600 111 222',
				email: 'signer@example.com',
			}),
		],
		credentials,
	);
	const json = outputOf(result, 'Create Video ID')[0].json as {
		requestPk: number;
		videoIdPk: number;
	};
	expect(sim.completeVideoId(json.requestPk)).toBe(true);
	return { requestPk: json.requestPk, videoIdPk: json.videoIdPk };
}

/**
 * What n8n's credential tester does with the declarative test: resolve the request's
 * expressions, send it, apply the response-code rules on failure and the body rules on success.
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
	const node = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
	const resolve = (value: unknown) =>
		workflow.expression.getSimpleParameterValue(
			node as INode,
			value as string,
			'internal',
			{ $credentials: values },
			undefined,
			'',
		);
	const url = `${resolve(credential.test.request.baseURL)}${resolve(credential.test.request.url)}`;
	const response = await request(url, { method: 'GET' });
	const text = await response.body.text();
	const rules = (credential.test.rules ?? []) as Array<{
		type: string;
		properties: { key?: string; value: unknown; message: string };
	}>;
	if (response.statusCode >= 300) {
		const rule = rules.find(
			(r) => r.type === 'responseCode' && r.properties.value === response.statusCode,
		);
		return { status: 'Error', url, message: rule?.properties.message };
	}
	const body = JSON.parse(text) as Record<string, unknown>;
	const at = (key: string) =>
		key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], body);
	const rule = rules.find(
		(r) => r.type === 'responseSuccessBody' && at(r.properties.key ?? '') === r.properties.value,
	);
	return rule ? { status: 'Error', url, message: rule.properties.message } : { status: 'OK', url };
}

describe('rule 1: a token without stored password or PIN', () => {
	test("Create sends the credential's password and PIN with the token", async () => {
		const token = await usernameOnlyToken();
		const result = await run([trigger, create], {
			token,
			password: sim.rao.password,
			pin: sim.rao.pin,
		});
		expect(result.status).toBe('success');
		const pk = outputOf(result, 'Create')[0].json.requestPk as number;
		expect(sim.getRequest(pk)).toMatchObject({ tokenUid: token, status: 'ENROLLREADY' });
	});

	test('without them, the error says the token stores neither and which fields to fill', async () => {
		const token = await usernameOnlyToken();
		const error = failure(await run([trigger, create], { token }), 'Create');
		expect(error.message).toMatch(/RAO token does not store the password or PIN/);
		expect(error.description).toMatch(/Fill "RAO Password" and "RAO PIN" in the credential/);
		expect(error.description).toMatch(/Invalid RAO Credentials/);
	});

	test('Video ID Approve sends them too; Token → Get tells what the token stores', async () => {
		const token = await usernameOnlyToken();
		const target = await videoIdInReview();
		const credentials = { token, password: sim.rao.password, pin: sim.rao.pin };
		const result = await run(
			[
				trigger,
				oneShot('Approve', { resource: 'videoId', operation: 'approve', ...target }),
				oneShot('Token', { resource: 'token', operation: 'get', tokenUid: token }),
			],
			credentials,
		);
		expect(result.status).toBe('success');
		expect(sim.getRequest(target.requestPk)!.status).toBe('ENROLLREADY');
		expect(outputOf(result, 'Token')[0].json).toMatchObject({
			username: sim.rao.username,
			passwordStored: false,
			pinStored: false,
		});
	});

	test('the credential test says when the token lacks them and the credential too', async () => {
		const token = await usernameOnlyToken();
		const lacking = await credentialTest({ baseUrl: sim.currentBaseUrl, token });
		expect(lacking.status).toBe('Error');
		expect(lacking.message).toMatch(/does not store the RAO password.*Fill "RAO Password"/);
		const filled = await credentialTest({
			baseUrl: sim.currentBaseUrl,
			token,
			password: sim.rao.password,
			pin: sim.rao.pin,
		});
		expect(filled.status).toBe('OK');
		const stored = await credentialTest({ baseUrl: sim.currentBaseUrl, token: sim.sandboxToken });
		expect(stored).toMatchObject({
			status: 'OK',
			url: `${sim.currentBaseUrl}/token/${sim.sandboxToken}`,
		});
	});
});

describe('rule 2: registration authority and profile', () => {
	test('FastAPI field errors name the credential field to fill', async () => {
		const error = failure(
			await run([trigger, create], { registrationAuthority: '', profile: '' }),
			'Create',
		);
		expect(error.message).toMatch(
			/^The Optimizer needs "Registration Authority" and "Profile", and none was sent/,
		);
		expect(error.description).toMatch(/Fill "Registration Authority" in the credential/);
		expect(error.description).toMatch(/Fill "Profile" in the credential/);
	});

	test('the same for Video ID, the other error shapes and an invalid value', async () => {
		const video = oneShot('Create Video ID', {
			resource: 'videoId',
			operation: 'create',
			mobilePhoneNumber: '+34 600 111 222',
			email: 'signer@example.com',
		});
		let error = failure(await run([trigger, video], { profile: '' }), 'Create Video ID');
		expect(error.message).toMatch(/needs "Profile"/);
		sim.options.errorStyle = 'envelope';
		error = failure(await run([trigger, create], { registrationAuthority: '' }), 'Create');
		expect(error.message).toMatch(/needs "Registration Authority"/);
		error = failure(
			await run([trigger, create], { ...legacy(), registrationAuthority: 'RA-1' }),
			'Create',
		);
		expect(error.message).toMatch(/did not accept "Registration Authority"/);
		expect(error.message).toMatch(/Invalid request fields: registration_authority/);
	});

	test('the credential sends them whenever known, and promises nothing the documents do not', async () => {
		const result = await run([trigger, create], {
			registrationAuthority: '1000',
			profile: 'PFnubeNC',
		});
		expect(result.status).toBe('success');
		const pk = outputOf(result, 'Create')[0].json.requestPk as number;
		expect(sim.getRequest(pk)).toMatchObject({ registrationAuthority: 1000, profile: 'PFnubeNC' });
		const fields = new UanatacaOneShotApi().properties;
		for (const name of ['registrationAuthority', 'profile']) {
			const hint = fields.find((p) => p.name === name)?.description ?? '';
			expect(hint).toMatch(/current Optimizer needs it/);
			expect(hint).not.toMatch(/Leave empty/);
		}
	});
});

describe('rule 4: environment values', () => {
	test('"Optimizer Default" sends no env; the Optimizer uses its own (an older one: test)', async () => {
		sim.options.environments = ['test', 'prod'];
		sim.options.defaults = { ...sim.options.defaults, env: 'test' };
		const result = await run([trigger, create], { environment: 'default' });
		expect(result.status).toBe('success');
		const pk = outputOf(result, 'Create')[0].json.requestPk as number;
		expect(sim.getRequest(pk)).toMatchObject({ env: 'test' });
		expect(sim.getRequest(pk)!.fields.env).toBeUndefined();
	});

	test("a refused value: the Optimizer's answer, plainly, and what to choose", async () => {
		sim.options.environments = ['test', 'prod'];
		const error = failure(await run([trigger, create], { environment: 'sandbox' }), 'Create');
		expect(error.message).toBe(
			'The Optimizer did not accept "Environment" (it answered: Environment sandbox does not exist)',
		);
		expect(error.description).toMatch(/"Optimizer Default" to send none/);
	});

	test('saved credentials keep working: sandbox and prod are sent as they are', async () => {
		const result = await run([trigger, create], { environment: 'prod' });
		const pk = outputOf(result, 'Create')[0].json.requestPk as number;
		expect(sim.getRequest(pk)).toMatchObject({ env: 'prod' });
	});
});

describe('rule 5: Video ID decisions send rao', () => {
	test("current: with a token, the token's RAO is sent as rao", async () => {
		const target = await videoIdInReview();
		const result = await run([
			trigger,
			oneShot('Approve', { resource: 'videoId', operation: 'approve', ...target }),
		]);
		expect(result.status).toBe('success');
		expect(sim.getRequest(target.requestPk)!.status).toBe('ENROLLREADY');
	});

	test('legacy: with username, password and PIN, the username is the RAO id', async () => {
		const rao = {
			token: '',
			username: sim.rao.username,
			password: sim.rao.password,
			pin: sim.rao.pin,
		};
		const target = await videoIdInReview({ ...legacy(), ...rao });
		const result = await run(
			[
				trigger,
				oneShot('Refuse', {
					resource: 'videoId',
					operation: 'refuse',
					reason: 'Blurred document',
					...target,
				}),
			],
			{ ...legacy(), ...rao },
		);
		expect(result.status).toBe('success');
		expect(sim.getRequest(target.requestPk)!.status).toBe('CANCELLED');
	});
});

describe('rule 9: path values outside the documented alphabet', () => {
	test.each([
		[
			'Document → Delete, ".."',
			{ resource: 'document', operation: 'delete', requestPk: '388141', documentUid: '..' },
			/"Document UID" is not valid: "\.\."/,
		],
		[
			'Token → Get, "."',
			{ resource: 'token', operation: 'get', tokenUid: '.' },
			/"Token UID" is not valid/,
		],
		[
			'Token → Get, a slash',
			{ resource: 'token', operation: 'get', tokenUid: 'abc/../tokens' },
			/"Token UID" is not valid/,
		],
		[
			'Image → Delete, a query',
			{ resource: 'image', operation: 'delete', imageUid: 'x?y=1' },
			/"Image UID" is not valid/,
		],
	])('%s is refused before any call', async (_name, parameters, message) => {
		const result = await run([trigger, oneShot('Call', parameters)]);
		const error = failure(result, 'Call');
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/Nothing was sent/);
		expect(sim.requestLog).toHaveLength(0);
	});
});

describe('rule 10: calls carrying secrets never follow redirects', () => {
	let redirector: { url: string; close: () => Promise<void> };
	let redirectorUrl: string;
	beforeAll(async () => {
		// An address that forwards every call to the simulator with a 307 (the method and body kept).
		redirector = await startRedirector(sim.url);
		redirectorUrl = redirector.url;
	});
	afterAll(async () => {
		await redirector.close();
	});

	test('Create is not sent on: the redirect is reported with what to do', async () => {
		const error = failure(
			await run([trigger, create], { baseUrl: `${redirectorUrl}/oneshot/api/v1` }),
			'Create',
		);
		expect(error.message).toMatch(/HTTP 307/);
		expect(error.description).toMatch(/redirect.*Set "Optimizer URL"/);
		expect(sim.requestLog).toHaveLength(0);
	});

	test('Video ID Approve and Token → Create are not sent on either; a plain read is', async () => {
		const baseUrl = `${redirectorUrl}/oneshot/api/v1`;
		const approve = oneShot('Approve', {
			resource: 'videoId',
			operation: 'approve',
			videoIdPk: '16673',
			requestPk: '388141',
		});
		const tokenCreate = oneShot('Token', {
			resource: 'token',
			operation: 'create',
			username: sim.rao.username,
			password: sim.rao.password,
			pin: sim.rao.pin,
		});
		expect(
			failure(
				await run([trigger, approve], {
					baseUrl,
					token: '',
					username: sim.rao.username,
					password: 'x',
					pin: 'y',
				}),
				'Approve',
			).message,
		).toMatch(/HTTP 307/);
		expect(failure(await run([trigger, tokenCreate], { baseUrl }), 'Token').message).toMatch(
			/HTTP 307/,
		);
		expect(sim.requestLog).toHaveLength(0);
		const list = await run(
			[trigger, oneShot('List', { resource: 'token', operation: 'getMany' })],
			{ baseUrl },
		);
		expect(list.status).toBe('success');
	});
});

describe('rule 8: OTP without options sends no body', () => {
	test('no body and no content type; with a delivery method, the JSON body', async () => {
		const proxy = await startRecordingProxy(sim.url);
		try {
			const baseUrl = `${proxy.url}/oneshot/api/v1`;
			const otp = (name: string, options = {}) =>
				oneShot(name, {
					resource: 'request',
					operation: 'generateOtp',
					requestPk: "={{ $('Create').item.json.requestPk }}",
					options,
				});
			const result = await run([trigger, create, otp('OTP')], { baseUrl });
			expect(result.status).toBe('success');
			sim.options.otpCooldownMs = 0;
			await run([trigger, create, otp('OTP', { deliveryMethod: 'whatsapp' })], { baseUrl });
			const calls = proxy.requests.filter((r) => /\/otp\//.test(r.path));
			expect(calls.map((c) => [c.bodyBytes, c.headers['content-type']])).toEqual([
				[0, undefined],
				[JSON.stringify({ delivery_method: 'whatsapp' }).length, 'application/json'],
			]);
		} finally {
			await proxy.close();
		}
	});
});

describe('rule 6: legacy Delete Document deletes the signed copy too', () => {
	const flow = (deleteOptions: Record<string, unknown>) => [
		trigger,
		fixture('Files', [{ json: {}, binary: { data: binaryEntry(pdf('Deal'), 'deal.pdf') } }]),
		create,
		oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp', requestPk: PK }),
		signerInbox('Signer', sim.url),
		oneShot('Sign', {
			resource: 'request',
			operation: 'sign',
			requestPk: PK,
			secret: '={{ $json.code }}',
			waitForCompletion: false,
		}),
		oneShot('Delete', {
			resource: 'document',
			operation: 'delete',
			requestPk: PK,
			documentUid: "={{ $('Upload').item.json.documents[0].uid }}",
			options: deleteOptions,
		}),
	];

	test('"Signed" removes the signed copy and keeps the original', async () => {
		const result = await run(flow({ documentType: 'signed' }), legacy());
		expect(result.status).toBe('success');
		expect(outputOf(result, 'Delete')[0].json).toMatchObject({
			documentType: 'signed',
			deleted: true,
		});
		const pk = outputOf(result, 'Create')[0].json.requestPk as number;
		const [doc] = sim.getRequest(pk)!.documents;
		expect(doc.original.length).toBeGreaterThan(0);
		expect(doc.signed).toBeUndefined();
	});

	test('without the option, the original as before; the current Optimizer says it cannot choose', async () => {
		const result = await run(flow({}), legacy());
		const pk = outputOf(result, 'Create')[0].json.requestPk as number;
		expect(sim.getRequest(pk)!.documents).toHaveLength(0);
		const current = await run(flow({ documentType: 'signed' }));
		const error = failure(current, 'Delete');
		expect(error.message).toMatch(
			/Deleting only the signed copy is not possible on the current Optimizer/,
		);
		const deletes = sim.requestLog.filter((r) => r.method === 'DELETE');
		expect(deletes.map((r) => r.path.split('/').slice(0, 4).join('/'))).toEqual([
			'/api/v1/document',
		]);
	});
});

describe('rule 7: several files on the current Optimizer go one per call', () => {
	const upload = (generationCredentials: Record<string, unknown>) =>
		run(
			[
				trigger,
				fixture('Files', [
					{
						json: {},
						binary: {
							data: binaryEntry(pdf('Deal'), 'deal.pdf'),
							annex: binaryEntry(pdf('Annex'), 'annex.pdf'),
						},
					},
				]),
				create,
				oneShot('Upload', {
					resource: 'document',
					operation: 'upload',
					requestPk: PK,
					binaryPropertyName: 'data, annex',
				}),
			],
			generationCredentials,
		);

	test('current: each UID read from a documented one-file answer, matched to its file', async () => {
		const result = await upload({});
		expect(result.status).toBe('success');
		const pk = outputOf(result, 'Create')[0].json.requestPk as number;
		const documents = outputOf(result, 'Upload')[0].json.documents as Array<{
			uid: string;
			fileName: string;
		}>;
		const stored = sim.getRequest(pk)!.documents;
		expect(documents.map((d) => [d.fileName, d.uid])).toEqual(
			stored.map((d) => [d.filename, d.uid]),
		);
		expect(documents.map((d) => d.fileName)).toEqual(['deal.pdf', 'annex.pdf']);
		const posts = sim.requestLog.filter(
			(r) => r.method === 'POST' && r.path.includes('/document/'),
		);
		expect(posts).toHaveLength(2);
	});

	test('legacy: its documented several-file answer, in one call as before', async () => {
		const result = await upload(legacy());
		expect(result.status).toBe('success');
		expect((outputOf(result, 'Upload')[0].json.documents as unknown[]).length).toBe(2);
		const posts = sim.requestLog.filter(
			(r) => r.method === 'POST' && r.path.includes('/document/'),
		);
		expect(posts).toHaveLength(1);
	});
});
