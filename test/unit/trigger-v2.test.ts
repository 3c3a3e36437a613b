/**
 * Issue 13, point 7: trigger version 2 takes its protection from a "Callback Authentication"
 * credential (encrypted by n8n), requires some protection unless "None (Not Recommended)" is picked
 * explicitly, and versions 1 / 1.1 with the `secretToken` parameter keep working unchanged.
 * Driven through n8n-core's real WebhookContext / HookContext (test/support/callback-receiver.js).
 */
import type { ICredentialTestFunctions, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { UanatacaOneShotCallbackAuthApi } from '../../credentials/UanatacaOneShotCallbackAuthApi.credentials';
import { UanatacaOneShotTrigger } from '../../nodes/UanatacaOneShotTrigger/UanatacaOneShotTrigger.node';
import { createTriggerHost } from '../support/callback-receiver';
import { cleanupN8nCore } from '../support/harness';

const GOOD_VALUE = 'cb-token-5e1d9a7c3b2f4e6a';
const BODY = JSON.stringify({
	status: 'CANCELLED',
	date: '2026-11-25T08:08:21.132394',
	previous_status: 'ENROLLREADY',
	request: 46760,
	registration_authority: 139,
});

type Host = ReturnType<typeof createTriggerHost>;

function v2(parameters: Record<string, unknown> = {}, callbackAuth?: Record<string, unknown>) {
	return createTriggerHost({ typeVersion: 2, parameters, callbackAuth });
}

async function post(h: Host, query = '', headers: Record<string, string> = {}) {
	return await h.invoke({ query, body: BODY, headers });
}

afterAll(async () => {
	await cleanupN8nCore();
});

describe('a new trigger is protected by default', () => {
	test('version 2 is the default for new nodes; 1 and 1.1 stay available', () => {
		const { description } = new UanatacaOneShotTrigger();
		expect(description.version).toEqual([1, 1.1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	test('without a credential, activation refuses with what to do, and callbacks start nothing', async () => {
		const h = v2();
		await expect(h.lifecycle('create')).rejects.toThrow(
			/Callbacks are not protected: no callback credential is selected/,
		);
		const result = await post(h, `token=${GOOD_VALUE}`);
		expect(result.status).toBe(500);
		expect(result.workflowData).toBeUndefined();
	});

	test('"None (Not Recommended)" must be picked explicitly; then callbacks are accepted, with a notice', async () => {
		const h = v2({ callbackAuthentication: 'none' });
		expect(await h.lifecycle('create')).toBe(true);
		const result = await post(h);
		expect(result.status).toBe(200);
		expect(result.workflowData?.[0]).toHaveLength(1);

		const { description } = new UanatacaOneShotTrigger();
		const notice = description.properties.find((p) => p.name === 'noProtectionNotice')!;
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/anyone who learns this URL can start this workflow/);
		const shown = (parameters: INodeParameters) =>
			NodeHelpers.displayParameter(parameters, notice, { typeVersion: 2 } as never, description);
		expect(shown({ callbackAuthentication: 'none' })).toBe(true);
		expect(shown({ callbackAuthentication: 'credential' })).toBe(false);
	});

	test('the version-1 parameters (secretToken in plain text) are not offered in version 2', () => {
		const { description } = new UanatacaOneShotTrigger();
		const visible = (version: number, name: string, parameters: INodeParameters = {}) => {
			const property = description.properties.find((p) => p.name === name) as INodeProperties;
			return NodeHelpers.displayParameter(
				parameters,
				property,
				{ typeVersion: version } as never,
				description,
			);
		};
		for (const name of ['secretToken', 'authentication', 'notice']) {
			expect(visible(1, name)).toBe(true);
			expect(visible(1.1, name)).toBe(true);
			expect(visible(2, name)).toBe(false);
		}
		expect(visible(1.1, 'headerValue', { authentication: 'header' })).toBe(true);
		expect(visible(2, 'headerValue', { authentication: 'header' })).toBe(false);
		expect(visible(2, 'callbackAuthentication')).toBe(true);
		expect(visible(1.1, 'callbackAuthentication')).toBe(false);
	});
});

describe('the callback credential', () => {
	test('secret token: callbacks without it or with a wrong one are refused 401, the right one starts the workflow', async () => {
		const h = v2({}, { method: 'token', token: GOOD_VALUE });
		expect(await h.lifecycle('create')).toBe(true);
		for (const query of ['', 'token=wrong-token-wrong-token', `token=${GOOD_VALUE}x`]) {
			const refused = await post(h, query);
			expect(refused.status).toBe(401);
			expect(refused.workflowData).toBeUndefined();
		}
		const accepted = await post(h, `token=${GOOD_VALUE}&crm=7`);
		expect(accepted.status).toBe(200);
		const json = accepted.workflowData![0][0].json as Record<string, unknown>;
		expect(json.correlation).toEqual({ crm: '7' });
		expect(JSON.stringify(json)).not.toContain(GOOD_VALUE);
	});

	test('a parameter secretToken left in a version-2 node is ignored: the credential decides', async () => {
		const h = v2({ secretToken: 'old-parameter-token' }, { method: 'token', token: GOOD_VALUE });
		expect((await post(h, 'token=old-parameter-token')).status).toBe(401);
		expect((await post(h, `token=${GOOD_VALUE}`)).status).toBe(200);
	});

	test('header and basic auth', async () => {
		const proxyValue = 'proxy-secret-0123456789';
		const header = v2(
			{},
			{ method: 'header', headerName: 'X-Proxy-Secret', headerSecret: proxyValue },
		);
		expect((await post(header, '', { 'x-proxy-secret': 'nope' })).status).toBe(401);
		expect((await post(header, '', { 'x-proxy-secret': proxyValue })).status).toBe(200);

		const basic = v2({}, { method: 'basic', user: 'optimizer', password: proxyValue });
		const auth = (user: string, password: string) => ({
			authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
		});
		const refused = await post(basic, '', auth('optimizer', 'wrong'));
		expect(refused.status).toBe(401);
		expect(refused.headers['WWW-Authenticate'] ?? refused.headers['www-authenticate']).toMatch(
			/^Basic realm=/,
		);
		expect((await post(basic, '', auth('optimizer', proxyValue))).status).toBe(200);
	});

	test.each<[string, Record<string, unknown>, RegExp]>([
		[
			'a token of 15 characters',
			{ method: 'token', token: 'a'.repeat(15) },
			/secret token .*too short.*at least 16/,
		],
		['an empty token', { method: 'token', token: '' }, /secret token .*too short/],
		[
			'a short header value',
			{ method: 'header', headerName: 'X-Secret', headerSecret: 'short' },
			/header value .*too short/,
		],
		[
			'an invalid header name',
			{ method: 'header', headerName: 'X Secret', headerSecret: 'x'.repeat(20) },
			/valid header name/,
		],
		['a short password', { method: 'basic', user: 'u', password: 'short' }, /password .*too short/],
		['no user', { method: 'basic', user: '', password: 'x'.repeat(20) }, /needs a user/],
	])('activation refuses %s with a clear message', async (_name, credential, message) => {
		const h = v2({}, credential);
		await expect(h.lifecycle('create')).rejects.toThrow(message);
		const result = await post(h, `token=${String(credential.token ?? '')}`);
		expect(result.status).toBe(500);
		expect(result.workflowData).toBeUndefined();
	});

	test('the credential test checks the values and says what to fix', async () => {
		const { methods } = new UanatacaOneShotTrigger();
		const test = methods.credentialTest.testCallbackCredential;
		const run = async (data: Record<string, unknown>) =>
			await test.call({} as ICredentialTestFunctions, {
				id: '1',
				name: 'c',
				type: 'uanatacaOneShotCallbackAuthApi',
				data: data as never,
			});
		expect(await run({ method: 'token', token: GOOD_VALUE })).toMatchObject({ status: 'OK' });
		const short = await run({ method: 'token', token: 'abc' });
		expect(short.status).toBe('Error');
		expect(short.message).toMatch(/too short \(at least 16 characters\)/);
		expect(short.message).not.toContain('abc');
	});

	test('the credential keeps its secrets as passwords (encrypted, masked in the editor)', () => {
		const credential = new UanatacaOneShotCallbackAuthApi();
		const secretFields = credential.properties.filter((p) => p.typeOptions?.password);
		expect(secretFields.map((p) => p.name).sort()).toEqual(['headerSecret', 'password', 'token']);
	});
});

describe('versions 1 and 1.1 keep working unchanged', () => {
	test.each([1, 1.1])('version %s with the secretToken parameter', async (typeVersion) => {
		const h = createTriggerHost({ typeVersion, parameters: { secretToken: 'tok-3f9a1c7e5b' } });
		expect(await h.lifecycle('create')).toBe(true);
		expect((await post(h, 'token=wrong')).status).toBe(401);
		expect((await post(h, 'token=tok-3f9a1c7e5b')).status).toBe(200);
	});

	test.each([1, 1.1])(
		'version %s without any protection is still accepted (as before)',
		async (typeVersion) => {
			const h = createTriggerHost({ typeVersion, parameters: {} });
			expect(await h.lifecycle('create')).toBe(true);
			expect((await post(h)).status).toBe(200);
		},
	);
});
