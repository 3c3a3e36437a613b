/**
 * The trigger's webhook() called through n8n-core's real WebhookContext, with requests prepared
 * the way n8n prepares them (test/support/callback-receiver.js), and the HTTP answer n8n would
 * send decided from the result.
 */
import { createTriggerHost } from '../support/callback-receiver';
import { WebhookContext, cleanupN8nCore, initN8nCore } from '../support/harness';

const TOKEN = 'tok-3f9a1c7e5b';

const FORMAT_A = {
	status: 'ISSUED',
	date: '2026-11-25T08:08:21.132394',
	previous_status: 'ENROLLREADY',
	request: 46760,
	registration_authority: 139,
};

const FORMAT_B = {
	event_type: 'REQUEST_APPROVED',
	sent_at: '20261125083633',
	request: {
		status: 'ENROLLREADY',
		profile: 'PFnubeNC',
		registration_authority: 7,
		scratchcard: '2678100',
		pk: 1012632,
	},
	certificates: [],
};

type Host = ReturnType<typeof createTriggerHost>;
type Call = Parameters<Host['invoke']>[0];

function host(parameters: Record<string, unknown> = {}, credentials?: Record<string, unknown>) {
	return createTriggerHost({ parameters: { secretToken: TOKEN, ...parameters }, credentials });
}

async function post(h: Host, body: unknown, call: Call = {}) {
	return await h.invoke({ query: `token=${TOKEN}`, body: body as string, ...call });
}

function onlyItem(result: Awaited<ReturnType<Host['invoke']>>) {
	expect(result.workflowData).toBeDefined();
	expect(result.workflowData).toHaveLength(1);
	expect(result.workflowData![0]).toHaveLength(1);
	return result.workflowData![0][0] as { json: Record<string, unknown>; binary?: unknown };
}

afterAll(async () => {
	await cleanupN8nCore();
});

describe('malformed bodies are answered 400 (413 when too large) and start nothing', () => {
	const nested = (depth: number) => {
		let value: unknown = 'leaf';
		for (let i = 0; i < depth; i++) value = { next: value };
		return value;
	};
	const json = (value: unknown) => ({
		body: JSON.stringify(value),
		contentType: 'application/json',
	});
	const text = (value: string, contentType = 'text/plain') => ({ body: value, contentType });
	const cases: Array<[string, { body: string; contentType: string }, number?]> = [
		['JSON null', json(null)],
		['a JSON number', json(42)],
		['a JSON boolean', json(true)],
		['a JSON string that is not JSON', json('just a string')],
		['an empty JSON list', json([])],
		['a list of callbacks', json([FORMAT_A])],
		['an empty object', json({})],
		['format A without status', json({ ...FORMAT_A, status: undefined })],
		['format A without request', json({ ...FORMAT_A, request: undefined })],
		['status as a number', json({ ...FORMAT_A, status: 5 })],
		['status empty', json({ ...FORMAT_A, status: '' })],
		['status with markup', json({ ...FORMAT_A, status: '<script>alert(1)</script>' })],
		['status far too long', json({ ...FORMAT_A, status: 'X'.repeat(41) })],
		['pk as a non-numeric string', json({ ...FORMAT_A, request: 'abc' })],
		['pk negative', json({ ...FORMAT_A, request: -5 })],
		['pk zero', json({ ...FORMAT_A, request: 0 })],
		['pk with decimals', json({ ...FORMAT_A, request: 1.5 })],
		['pk beyond safe integers', json({ ...FORMAT_A, request: 1e20 })],
		['pk as a boolean', json({ ...FORMAT_A, request: true })],
		['request object without pk', json({ ...FORMAT_A, request: { status: 'ISSUED' } })],
		['an impossible date', json({ ...FORMAT_A, date: '2026-02-30T00:00:00' })],
		['a date as a number', json({ ...FORMAT_A, date: 12345 })],
		['previous_status as a number', json({ ...FORMAT_A, previous_status: 7 })],
		[
			'registration_authority as an object',
			json({ ...FORMAT_A, registration_authority: { id: 1 } }),
		],
		['format B without request', json({ ...FORMAT_B, request: undefined })],
		['format B with request as a list', json({ ...FORMAT_B, request: [1012632] })],
		[
			'format B without request.pk',
			json({ ...FORMAT_B, request: { ...FORMAT_B.request, pk: undefined } }),
		],
		[
			'format B without request.status',
			json({ ...FORMAT_B, request: { ...FORMAT_B.request, status: undefined } }),
		],
		['format B with an invalid sent_at', json({ ...FORMAT_B, sent_at: '2026' })],
		['format B event_type as a number', json({ ...FORMAT_B, event_type: 3 })],
		['certificates not a list', json({ ...FORMAT_B, certificates: 'none' })],
		['certificates of numbers', json({ ...FORMAT_B, certificates: [1, 2] })],
		[
			'too many certificates',
			json({ ...FORMAT_B, certificates: Array.from({ length: 101 }, () => ({ status: 'VALID' })) }),
		],
		[
			'a __proto__ key',
			text(
				`{"__proto__":{"status":"ISSUED"},"request":1,"date":"2026-11-25T08:08:21"}`,
				'application/json',
			),
		],
		[
			'a __proto__ key beside a valid callback',
			text(`{"__proto__":{"admin":true},${JSON.stringify(FORMAT_A).slice(1)}`, 'application/json'),
		],
		[
			'a constructor.prototype key',
			json({ ...FORMAT_A, extra: { constructor: { prototype: { polluted: true } } } }),
		],
		['deeply nested garbage', json({ ...FORMAT_A, extra: nested(40) })],
		[
			'nested garbage in the request object',
			json({ ...FORMAT_B, request: { ...FORMAT_B.request, pk: { $gt: 0 } } }),
		],
		['plain text', text('hello world')],
		['truncated JSON as text/plain', text('{"status":"ISSUED","request":')],
		['XML', text('<callback><status>ISSUED</status></callback>', 'application/xml')],
		['an empty body', text('', 'application/json')],
		[
			'form fields that are not a callback',
			text('foo=bar&baz=1', 'application/x-www-form-urlencoded'),
		],
		['binary garbage', text('\u0000\u0001\u0002\u00ff', 'application/octet-stream')],
		['a 2 MB body', json({ ...FORMAT_A, padding: 'x'.repeat(2 * 1024 * 1024) }), 413],
	];

	test('the table has at least 30 cases', () => {
		expect(cases.length).toBeGreaterThanOrEqual(30);
	});

	test.each(cases)('%s', async (_name, { body, contentType }, expected = 400) => {
		const h = host();
		const result = await post(h, body, { headers: { 'content-type': contentType } });
		expect(result.status).toBe(expected);
		expect(result.workflowData).toBeUndefined();
		expect((result as { threw?: unknown }).threw).toBeUndefined();
		expect(JSON.parse(result.body!)).toEqual({ message: expect.any(String) });
		expect(result.body).not.toContain(TOKEN);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(({} as Record<string, unknown>).admin).toBeUndefined();
	});

	test('invalid JSON declared as application/json is refused by n8n itself (422) before the node', async () => {
		const result = await post(host(), '{"status":', {
			headers: { 'content-type': 'application/json' },
		});
		expect(result).toMatchObject({ status: 422, n8nAnswered: true, workflowData: undefined });
	});

	test('invalid JSON that n8n did not parse reaches the node: 400', async () => {
		const result = await post(host(), '{"status":', { parse: false });
		expect(result.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
	});

	test('a declared Content-Length over 1 MB is refused before reading: 413', async () => {
		const result = await post(host(), JSON.stringify(FORMAT_A), {
			parse: false,
			headers: { 'content-length': String(5 * 1024 * 1024) },
		});
		expect(result.status).toBe(413);
	});
});

describe('accepted callbacks: one item, empty 200', () => {
	const EXPECTED_A = {
		requestPk: 46760,
		status: 'ISSUED',
		previousStatus: 'ENROLLREADY',
		eventType: 'STATUS_CHANGED',
		occurredAt: '2026-11-25T08:08:21.132Z',
		occurredAtSource: 'sent',
		registrationAuthority: 139,
		certificates: [],
		correlation: { crm: '123' },
	};

	test('format A, exactly', async () => {
		const result = await post(host(), JSON.stringify(FORMAT_A), {
			query: `token=${TOKEN}&crm=123`,
		});
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(onlyItem(result).json).toEqual(EXPECTED_A);
	});

	test('format B, exactly', async () => {
		const result = await post(host(), JSON.stringify(FORMAT_B), {
			query: `token=${TOKEN}&crm=123`,
		});
		expect(result.status).toBe(200);
		expect(result.body).toBe('');
		expect(onlyItem(result).json).toEqual({
			requestPk: 1012632,
			status: 'ENROLLREADY',
			previousStatus: null,
			eventType: 'REQUEST_APPROVED',
			occurredAt: '2026-11-25T08:36:33.000Z',
			occurredAtSource: 'sent',
			registrationAuthority: 7,
			certificates: [],
			correlation: { crm: '123' },
		});
	});

	test('without a date (the webhook page lists it "when present"): occurredAt is when received, said so', async () => {
		const before = Date.now();
		const a = onlyItem(await post(host(), JSON.stringify({ ...FORMAT_A, date: undefined })));
		expect(a.json).toMatchObject({
			requestPk: 46760,
			status: 'ISSUED',
			occurredAtSource: 'received',
		});
		expect(Date.parse(a.json.occurredAt as string)).toBeGreaterThanOrEqual(before);
		expect(Date.parse(a.json.occurredAt as string)).toBeLessThanOrEqual(Date.now());
		const b = onlyItem(await post(host(), JSON.stringify({ ...FORMAT_B, sent_at: undefined })));
		expect(b.json).toMatchObject({ requestPk: 1012632, occurredAtSource: 'received' });
	});

	test.each<[string, Call]>([
		['application/json', { headers: { 'content-type': 'application/json' } }],
		[
			'application/json; charset=utf-8',
			{ headers: { 'content-type': 'application/json; charset=utf-8' } },
		],
		['text/plain', { headers: { 'content-type': 'text/plain' } }],
		['no Content-Type', { headers: { 'content-type': '' } }],
		[
			'application/octet-stream (raw bytes only)',
			{ headers: { 'content-type': 'application/octet-stream' } },
		],
		[
			'a form field with the JSON',
			{
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: `payload=${encodeURIComponent(JSON.stringify(FORMAT_A))}`,
			},
		],
		[
			'form fields of format A',
			{
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'status=ISSUED&date=2026-11-25T08%3A08%3A21.132394&previous_status=ENROLLREADY&request=46760&registration_authority=139',
			},
		],
		['a body n8n did not parse nor read (readRawBody used)', { parse: false }],
		[
			'a body n8n parsed without keeping the bytes',
			{ parse: false, rawBody: false, parsedBody: FORMAT_A, body: undefined },
		],
		[
			'a body n8n parsed as text without keeping the bytes',
			{ parse: false, rawBody: false, parsedBody: JSON.stringify(FORMAT_A), body: undefined },
		],
	])('%s', async (_name, call) => {
		const result = await post(host(), JSON.stringify(FORMAT_A), {
			query: `token=${TOKEN}&crm=123`,
			...call,
		});
		expect(result.status).toBe(200);
		const json = onlyItem(result).json;
		expect(json).toMatchObject({ ...EXPECTED_A, registrationAuthority: expect.anything() });
		expect(String(json.registrationAuthority)).toBe('139');
	});

	test('correlation: every query parameter except token; repeated ones as a list; never the secret', async () => {
		const result = await post(host(), JSON.stringify(FORMAT_A), {
			query: `crm=C-42&token=${TOKEN}&tag=a&tag=b&empty=&__proto__=x&echo=${TOKEN}&documentUids=u1,u2`,
		});
		const json = onlyItem(result).json;
		expect(json.correlation).toEqual({
			crm: 'C-42',
			tag: ['a', 'b'],
			empty: '',
			echo: '[hidden]',
			documentUids: 'u1,u2',
		});
		expect(JSON.stringify(result.workflowData)).not.toContain(TOKEN);
	});

	test('raw body only on request, with the token masked when the sender echoes it', async () => {
		const body = JSON.stringify({
			...FORMAT_A,
			callback: `https://n8n.example.com/webhook/x/oneshot?token=${TOKEN}&crm=1`,
		});
		const without = onlyItem(await post(host(), body)).json;
		expect(without).not.toHaveProperty('rawBody');
		const withRaw = onlyItem(await post(host({ options: { includeRawBody: true } }), body)).json;
		expect(withRaw.rawBody).toBe(body.replace(TOKEN, '[hidden]'));
		expect(JSON.stringify(withRaw)).not.toContain(TOKEN);
	});

	test('"confirmed" is absent when confirmation is off', async () => {
		expect(onlyItem(await post(host(), JSON.stringify(FORMAT_A))).json).not.toHaveProperty(
			'confirmed',
		);
	});
});

describe('filters', () => {
	test.each<[string, Record<string, unknown>, unknown, boolean]>([
		['no filter', {}, FORMAT_A, true],
		['status selected', { statuses: ['ISSUED'] }, FORMAT_A, true],
		['status not selected', { statuses: ['CANCELLED'] }, FORMAT_A, false],
		['event selected, status not', { statuses: ['REQUEST_APPROVED'] }, FORMAT_B, true],
		['status selected, event not', { statuses: ['ENROLLREADY'] }, FORMAT_B, true],
		['neither selected', { statuses: ['ISSUED', 'REQUEST_ENROLLED'] }, FORMAT_B, false],
		['format A has no event type to select', { statuses: ['REQUEST_ENROLLED'] }, FORMAT_A, false],
		['request listed', { requestPks: '1, 46760 ,3' }, FORMAT_A, true],
		['request not listed', { requestPks: '1,2' }, FORMAT_A, false],
		['authority matches (number vs text)', { registrationAuthority: '139' }, FORMAT_A, true],
		['authority in a list', { registrationAuthority: '5, 7' }, FORMAT_B, true],
		['authority differs', { registrationAuthority: '140' }, FORMAT_A, false],
		[
			'authority required but absent',
			{ registrationAuthority: '139' },
			{ ...FORMAT_A, registration_authority: undefined },
			false,
		],
		[
			'all filters together',
			{ statuses: ['ISSUED'], requestPks: '46760', registrationAuthority: '139' },
			FORMAT_A,
			true,
		],
	])('%s', async (_name, parameters, body, passes) => {
		const result = await post(host(parameters), JSON.stringify(body));
		expect(result.status).toBe(200);
		if (passes) onlyItem(result);
		else {
			expect(result.workflowData).toBeUndefined();
			// an empty answer, not n8n's default {"message":"Webhook call received"}
			expect(result.body).toBe('');
		}
	});
});

describe('authentication', () => {
	const body = JSON.stringify(FORMAT_A);
	const basic = (user: string, password: string) =>
		`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

	test.each<[string, string | undefined, number]>([
		['right token', `token=${TOKEN}`, 200],
		['wrong token of the same length', `token=${TOKEN.replace(/.$/, 'X')}`, 401],
		['shorter token', 'token=tok', 401],
		['longer token', `token=${TOKEN}${TOKEN}`, 401],
		['missing token', undefined, 401],
		['empty token', 'token=', 401],
		['token given twice', `token=${TOKEN}&token=${TOKEN}`, 401],
		['token in another case', `token=${TOKEN.toUpperCase()}`, 401],
	])('%s → %i', async (_name, query, status) => {
		const result = await host().invoke({ query, body });
		expect(result.status).toBe(status);
		if (status === 401) {
			expect(result.workflowData).toBeUndefined();
			expect(JSON.parse(result.body!)).toEqual({ message: 'Unauthorized' });
		}
	});

	test('without a configured token any caller is accepted (token parameter still hidden)', async () => {
		const h = createTriggerHost({ parameters: {} });
		const json = onlyItem(await h.invoke({ query: 'token=whatever&crm=1', body })).json;
		expect(json.correlation).toEqual({ crm: '1' });
	});

	const header = {
		authentication: 'header',
		headerName: 'X-Proxy-Secret',
		headerValue: 'proxy-secret-value',
	};
	test.each<[string, Record<string, string>, number]>([
		['right header', { 'x-proxy-secret': 'proxy-secret-value' }, 200],
		['header name in another case', { 'X-PROXY-SECRET': 'proxy-secret-value' }, 200],
		['wrong header value', { 'x-proxy-secret': 'proxy-secret-valuX' }, 401],
		['header value of another length', { 'x-proxy-secret': 'short' }, 401],
		['missing header', {}, 401],
	])('%s → %i', async (_name, headers, status) => {
		const result = await host(header).invoke({ query: `token=${TOKEN}`, body, headers });
		expect(result.status).toBe(status);
		if (status === 401) expect(result.workflowData).toBeUndefined();
	});

	test('header and token are both required', async () => {
		const result = await host(header).invoke({
			query: 'token=nope-nope-nope',
			body,
			headers: { 'x-proxy-secret': 'proxy-secret-value' },
		});
		expect(result.status).toBe(401);
	});

	const basicAuth = {
		authentication: 'basic',
		basicUser: 'oneshot',
		basicPassword: 'pa55-w0rd:with-colon',
	};
	test.each<[string, string | undefined, number]>([
		['right user and password', basic('oneshot', 'pa55-w0rd:with-colon'), 200],
		[
			'scheme in lower case',
			basic('oneshot', 'pa55-w0rd:with-colon').replace('Basic', 'basic'),
			200,
		],
		['wrong password', basic('oneshot', 'pa55-w0rd:with-colom'), 401],
		['wrong user', basic('0neshot', 'pa55-w0rd:with-colon'), 401],
		['password of another length', basic('oneshot', 'x'), 401],
		['no colon', `Basic ${Buffer.from('oneshot').toString('base64')}`, 401],
		['another scheme', 'Bearer abc', 401],
		['missing header', undefined, 401],
	])('basic: %s → %i', async (_name, authorization, status) => {
		const headers: Record<string, string> = authorization ? { authorization } : {};
		const result = await host(basicAuth).invoke({ query: `token=${TOKEN}`, body, headers });
		expect(result.status).toBe(status);
		if (status === 401) {
			expect(result.headers['www-authenticate']).toBe('Basic realm="Uanataca One-Shot Trigger"');
			expect(result.workflowData).toBeUndefined();
		}
	});

	test('authorisation is checked before the body: a bad body without token is 401, not 400', async () => {
		const result = await host().invoke({
			body: 'garbage',
			headers: { 'content-type': 'text/plain' },
		});
		expect(result.status).toBe(401);
	});
});

describe('de-duplication', () => {
	test('a repeated callback is answered 200 and starts nothing', async () => {
		const h = host();
		onlyItem(await post(h, JSON.stringify(FORMAT_A)));
		const again = await post(h, JSON.stringify(FORMAT_A));
		expect(again.status).toBe(200);
		expect(again.body).toBe('');
		expect(again.workflowData).toBeUndefined();
	});

	test('the key is request + status + event type + timestamp', async () => {
		const h = host();
		onlyItem(await post(h, JSON.stringify(FORMAT_A)));
		onlyItem(await post(h, JSON.stringify({ ...FORMAT_A, date: '2026-11-25T08:08:21.132395' })));
		onlyItem(await post(h, JSON.stringify({ ...FORMAT_A, request: 46761 })));
		onlyItem(await post(h, JSON.stringify({ ...FORMAT_A, status: 'CANCELLED' })));
		// same callback in another encoding: still a duplicate
		const form = `payload=${encodeURIComponent(JSON.stringify(FORMAT_A))}`;
		const dup = await post(h, form, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(dup.workflowData).toBeUndefined();
	});

	test('callbacks without a date: the same notice again is a duplicate, another transition is not', async () => {
		const h = host();
		const undated = { ...FORMAT_A, date: undefined };
		onlyItem(await post(h, JSON.stringify(undated)));
		expect((await post(h, JSON.stringify(undated))).workflowData).toBeUndefined();
		onlyItem(await post(h, JSON.stringify({ ...undated, previous_status: 'VIDEOREVIEW' })));
		onlyItem(await post(h, JSON.stringify({ ...undated, status: 'CANCELLED' })));
	});

	test('filtered and refused callbacks are not remembered', async () => {
		const h = host({ statuses: ['CANCELLED'] });
		await post(h, JSON.stringify(FORMAT_A));
		h.setParameters({ secretToken: TOKEN });
		onlyItem(await post(h, JSON.stringify(FORMAT_A)));
	});

	test('off: every delivery starts the workflow', async () => {
		const h = host({ options: { deduplicate: false } });
		onlyItem(await post(h, JSON.stringify(FORMAT_A)));
		onlyItem(await post(h, JSON.stringify(FORMAT_A)));
	});

	test('the memory keeps the newest 500 callbacks', async () => {
		const h = host();
		onlyItem(await post(h, JSON.stringify({ ...FORMAT_A, request: 1 })));
		for (let pk = 2; pk <= 501; pk++)
			onlyItem(await post(h, JSON.stringify({ ...FORMAT_A, request: pk })));
		const seen = h.staticData().seenCallbacks as unknown[];
		expect(seen).toHaveLength(500);
		// pk 1 was forgotten, pk 501 is still known
		onlyItem(await post(h, JSON.stringify({ ...FORMAT_A, request: 1 })));
		expect(
			(await post(h, JSON.stringify({ ...FORMAT_A, request: 501 }))).workflowData,
		).toBeUndefined();
	});

	test('entries older than 7 days are forgotten', async () => {
		const h = host();
		onlyItem(await post(h, JSON.stringify(FORMAT_A)));
		const data = h.staticData();
		const [[key]] = data.seenCallbacks as Array<[string, number]>;
		data.seenCallbacks = [[key, Date.now() - 7 * 24 * 3600 * 1000 - 1000]];
		// the in-process memory forgets by age too: eight days later
		const later = Date.now() + 8 * 24 * 3600 * 1000;
		const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
		try {
			onlyItem(await post(h, JSON.stringify(FORMAT_A)));
		} finally {
			clock.mockRestore();
		}
	});

	test('the in-process memory catches duplicates even when static data is not persisted (n8n 2.41)', async () => {
		const h = host();
		onlyItem(await post(h, JSON.stringify(FORMAT_A)));
		// what n8n 2.41 does: the static data the webhook changed is never saved
		delete h.staticData().seenCallbacks;
		expect((await post(h, JSON.stringify(FORMAT_A))).workflowData).toBeUndefined();
	});

	test('simultaneous identical callbacks start one execution', async () => {
		const h = host();
		const results = await Promise.all(
			Array.from({ length: 5 }, () => post(h, JSON.stringify({ ...FORMAT_A, request: 77 }))),
		);
		expect(results.filter((r) => r.workflowData).length).toBe(1);
	});
});

describe('lifecycle and configuration', () => {
	test('checkExists is false until create stored a registration; delete forgets it and the memory', async () => {
		const h = host();
		expect(await h.lifecycle('checkExists')).toBe(false);
		expect(await h.lifecycle('create')).toBe(true);
		const registration = h.staticData().registrationId;
		expect(registration).toMatch(/^[0-9a-f]{32}$/);
		expect(await h.lifecycle('checkExists')).toBe(true);
		onlyItem(await post(h, JSON.stringify(FORMAT_A)));
		expect(h.staticData().seenCallbacks).toHaveLength(1);
		expect(await h.lifecycle('delete')).toBe(true);
		expect(h.staticData()).toEqual({});
		expect(await h.lifecycle('checkExists')).toBe(false);
		await h.lifecycle('create');
		expect(h.staticData().registrationId).not.toBe(registration);
	});

	test.each<[string, Record<string, unknown>, RegExp]>([
		[
			'confirmation without credential',
			{ options: { confirmWithOptimizer: true } },
			/need a Uanataca One-Shot API credential/,
		],
		[
			'downloads without credential',
			{ options: { downloadSignedDocuments: true } },
			/need a Uanataca One-Shot API credential/,
		],
		['a short token', { secretToken: 'short' }, /too short/],
		[
			'header auth without name',
			{ authentication: 'header', headerValue: 'v' },
			/valid header name/,
		],
		['header auth without value', { authentication: 'header', headerName: 'X-A' }, /header value/],
		[
			'basic auth without password',
			{ authentication: 'basic', basicUser: 'u' },
			/user and a password/,
		],
		['request numbers that are not numbers', { requestPks: '12, abc' }, /not a request number/],
	])(
		'activation refuses %s with a clear message; callbacks then get 500 and start nothing',
		async (_name, parameters, message) => {
			const h = host(parameters);
			await expect(h.lifecycle('create')).rejects.toThrow(message);
			const result = await post(h, JSON.stringify(FORMAT_A));
			expect(result.status).toBe(500);
			expect(JSON.parse(result.body!)).toEqual({
				message: 'The trigger is not configured correctly',
			});
			expect(result.workflowData).toBeUndefined();
		},
	);

	test('the node description keeps its public contract', () => {
		const { description } = host().nodeType;
		expect(description).toMatchObject({
			name: 'uanatacaOneShotTrigger',
			displayName: 'Uanataca One-Shot Trigger',
			group: ['trigger'],
			inputs: [],
			credentials: [
				{ name: 'uanatacaOneShotApi', required: false },
				// version 2: the callback protection (test/unit/trigger-v2.test.ts)
				{ name: 'uanatacaOneShotCallbackAuthApi', required: true },
				// version 2, "Resume Waiting Executions": this n8n's API (docs/relay.md)
				{ name: 'uanatacaOneShotN8nApi', required: true },
			],
			webhooks: [
				{
					name: 'default',
					httpMethod: 'POST',
					responseMode: 'onReceived',
					responseData: 'noData',
					path: 'oneshot',
				},
			],
		});
		expect(description).not.toHaveProperty('usableAsTool');
		const names = description.properties.map((p) => p.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'notice',
				'statuses',
				'requestPks',
				'registrationAuthority',
				'secretToken',
				'authentication',
				'options',
			]),
		);
		const options = description.properties
			.find((p) => p.name === 'options')!
			.options!.map((o) => (o as { name: string }).name);
		expect(options.sort()).toEqual(
			[
				'confirmWithOptimizer',
				'deduplicate',
				'downloadSignedDocuments',
				'includeRawBody',
				'simplify',
				'unconfirmedEvents',
			].sort(),
		);
		const statuses = description.properties
			.find((p) => p.name === 'statuses')!
			.options!.map((o) => (o as { value: string }).value);
		expect(statuses.sort()).toEqual(
			[
				'CREATED',
				'ENROLLREADY',
				'ISSUED',
				'CANCELLED',
				'VIDEOPENDING',
				'VIDEOINCOMPLETE',
				'VIDEOERROR',
				'VIDEOREVIEW',
				'RENEWED',
				'REQUEST_CREATED',
				'REQUEST_CANCELED',
				'REQUEST_APPROVED',
				'REQUEST_ENROLLED',
				'CERTIFICATE_SUSPENDED',
				'CERTIFICATE_REVOKED',
				'VIDEOID_UPDATED',
				'VIDEOID_FAILED',
				'VIDEOID_REFUSED',
			].sort(),
		);
	});
});

describe('nothing escapes webhook()', () => {
	test('no response object at all (cannot answer): n8n is handed a message instead of an exception', async () => {
		await initN8nCore();
		const h = host();
		const request = {
			url: '/webhook/x/oneshot',
			headers: { 'content-type': 'text/plain' },
			query: {},
			params: {},
			body: 'not a callback',
			rawBody: Buffer.from('not a callback'),
		};
		const additionalData = {
			httpRequest: request,
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			variables: {},
		};
		const context = new WebhookContext(
			h.workflow(),
			h.node,
			additionalData as never,
			'webhook',
			{} as never,
			[],
			null,
		);
		const result = await h.nodeType.webhook.call(context as never);
		expect(result).toEqual({ webhookResponse: { message: 'The callback could not be processed' } });
	});
});
