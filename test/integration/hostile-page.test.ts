/**
 * Issue 13 ("Secure by default"), the signing page faced as an attacker would, in process: n8n-core's
 * engine, the simulator over real HTTP and the stand-in of n8n's WaitingWebhooks. The same points
 * against a real n8n: test/reliability/hostile.js.
 */
import type { IRun } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { request } from 'undici';

import type { Simulator } from '../simulator';
import { chain, outputOf } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, trigger } from '../support/nodes';
import { openPage, submit } from '../support/page-client';
import { DOCUMENT_STREAM } from '../../nodes/UanatacaOneShot/waiting/signingPage/documents';
import {
	PAGE_LIMITS,
	PAGE_TIMING,
	forgetPages,
} from '../../nodes/UanatacaOneShot/waiting/signingPage/memory';
import { PAGE_TOKEN_MAX_AGE_MS } from '../../nodes/UanatacaOneShot/waiting/signingPage/state';
import { SIGNER } from './common';
import type { ParkedRunner, Waiting } from './parked';
import { asyncSigningSteps, parkedSuite } from './parked';

const suite = parkedSuite({ asyncSignDelayMs: 300, callbackDelayMs: 5 });
let sim: Simulator;
let waiting: Waiting;
let runner: ParkedRunner;
beforeAll(() => {
	({ sim, waiting, runner } = suite);
});
const TIMING = { ...PAGE_TIMING };
const LIMITS = { ...PAGE_LIMITS };
const STREAM = { ...DOCUMENT_STREAM };
beforeEach(() => {
	Object.assign(PAGE_TIMING, TIMING);
	Object.assign(PAGE_LIMITS, LIMITS);
	Object.assign(DOCUMENT_STREAM, STREAM);
	sim.reset();
	sim.options.asyncSignDelayMs = 300;
	forgetPages();
});
afterEach(() => {
	jest.restoreAllMocks();
});

const API = '/oneshot/api/v1';

function pageFlow(page: Record<string, unknown> = {}) {
	return {
		nodes: [
			trigger,
			fixture('Documents', [
				{ json: {}, binary: { data: binaryEntry(pdf('Hostile page', 300), 'loan.pdf') } },
			]),
			oneShot('Create', {
				resource: 'request',
				operation: 'create',
				...SIGNER,
				asyncMode: true,
				callbackUrl: '={{ $execution.resumeUrl }}',
			}),
			oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data' }),
			{
				...fixture('Send the link', []),
				parameters: {
					items:
						'=[{"json":{"link":"{{ $execution.resumeUrl }}/page","requestPk":{{ $json.requestPk }}}}]',
				},
			},
			oneShot('Sign via page', {
				resource: 'request',
				operation: 'signViaPage',
				options: { maxAttempts: 3, waitTimeoutMinutes: 120, ...page },
			}),
		],
		connections: chain('Start', 'Documents', 'Create', 'Upload', 'Send the link', 'Sign via page'),
	};
}

async function startPage(page: Record<string, unknown> = {}) {
	const parked = await runner.start(pageFlow(page));
	const link = outputOf(parked.run, 'Send the link')[0].json.link as string;
	return { ...parked, link };
}

async function reachCodeSent(link: string) {
	const review = await openPage(link);
	expect(review.page.state).toBe('review');
	const sent = await submit(link, { token: review.page.token, action: 'send', read: '1' });
	expect(sent.page.state).toBe('codeSent');
	return sent;
}

const signCalls = (pk: number) =>
	sim.requestLog.filter((r) => r.method === 'POST' && r.path === `${API}/sign/${pk}`);
const otpCalls = (pk: number) =>
	sim.requestLog.filter((r) => r.method === 'POST' && r.path === `${API}/otp/${pk}`);

describe('point 3: every refused code counts as a wrong attempt, whatever the wording', () => {
	test.each<[number, string]>([
		[400, 'Invalid OTP'],
		[401, 'Unauthorized'],
		[422, 'Unprocessable Entity'],
		[403, 'Forbidden'],
		[403, 'The confirmation code is not valid'],
	])('a %s "%s" answer to Sign takes one attempt', async (status, message) => {
		const parked = await startPage();
		const sent = await reachCodeSent(parked.link);
		sim.injectFault({
			route: `POST ${API}/sign/${parked.requestPk}`,
			kind: '5xx',
			status,
			message,
		});
		const answer = await submit(parked.link, { token: sent.page.token, action: 'sign', code: '1' });
		expect(answer.page.state).toBe('codeSent');
		expect(answer.page.notice).toMatch(/Attempts left: 2\./);
	});

	test('a script trying codes through every shape is locked out after the limit', async () => {
		const parked = await startPage({ maxAttempts: 3 });
		let token = (await reachCodeSent(parked.link)).page.token;
		const resumed = waiting.waitForResume(parked.executionId, 20_000);
		let last;
		for (const [status, message] of [
			[400, 'Invalid OTP'],
			[422, 'Unprocessable Entity'],
			[401, 'Unauthorized'],
		] as const) {
			sim.injectFault({
				route: `POST ${API}/sign/${parked.requestPk}`,
				kind: '5xx',
				status,
				message,
			});
			last = await submit(parked.link, { token, action: 'sign', code: '123456' });
			token = last.page.token;
		}
		expect(last!.page.state).toBe('locked');
		expect(outputOf((await resumed) as IRun, 'Sign via page')[0].json).toMatchObject({
			status: 'locked',
			attempts: 3,
		});
		expect(signCalls(parked.requestPk)).toHaveLength(3);
	});

	test('an Optimizer that cannot answer (503, 429) costs no attempt', async () => {
		const parked = await startPage();
		const sent = await reachCodeSent(parked.link);
		sim.injectFault({ route: `POST ${API}/sign/${parked.requestPk}`, kind: '5xx', status: 503 });
		const failed = await submit(parked.link, { token: sent.page.token, action: 'sign', code: '1' });
		expect(failed.status).toBe(502);
		sim.injectFault({ route: `POST ${API}/sign/${parked.requestPk}`, kind: '429' });
		const again = await openPage(parked.link);
		await submit(parked.link, { token: again.page.token, action: 'sign', code: '1' });
		const page = await openPage(parked.link);
		expect(page.page.text).not.toMatch(/Attempts left: [0-2]\b/);
		const wrong = await submit(parked.link, { token: page.page.token, action: 'sign', code: '1' });
		expect(wrong.page.notice).toMatch(/Attempts left: 2\./);
	});
});

describe('point 4: page tokens have a bounded age', () => {
	test('a page token older than its validity acts no more (a replay after a restart): no code sent', async () => {
		const parked = await startPage();
		const review = await openPage(parked.link);
		forgetPages(); // the process restarted: it no longer knows which tokens were used
		const real = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(real + PAGE_TOKEN_MAX_AGE_MS + 60_000);
		const replay = await submit(parked.link, {
			token: review.page.token,
			action: 'send',
			read: '1',
		});
		jest.restoreAllMocks();
		expect(replay.status).toBe(403);
		expect(replay.page.state).toBe('invalid');
		expect(otpCalls(parked.requestPk)).toHaveLength(0);
		// the link itself still works: a fresh page, a fresh token
		const fresh = await openPage(parked.link);
		expect(fresh.page.state).toBe('review');
		expect(
			(await submit(parked.link, { token: fresh.page.token, action: 'send', read: '1' })).page
				.state,
		).toBe('codeSent');
	});
});

describe('point 5: a page in use is never forgotten', () => {
	test('at the memory cap a page whose Sign is in flight stays; the new page is refused with a clear message', async () => {
		PAGE_LIMITS.maxEntries = 1;
		const a = await startPage();
		const sent = await reachCodeSent(a.link);
		sim.injectFault({ route: `POST ${API}/sign/${a.requestPk}`, kind: 'slow', delayMs: 2500 });
		const resumed = waiting.waitForResume(a.executionId, 30_000);
		const signing = submit(a.link, {
			token: sent.page.token,
			action: 'sign',
			code: sim.getOtp(a.requestPk),
		});
		await sleep(500);
		const b = await startPage();
		const refused = await request(b.link, { method: 'GET' });
		const text = await refused.body.text();
		expect(refused.statusCode).toBe(503);
		expect(text).toMatch(/Too many signing pages are open on this n8n right now/);
		// a second submission of A's page, while its Sign runs: no second Sign
		const again = await submit(a.link, { token: sent.page.token, action: 'sign', code: '000000' });
		expect(['signing', 'signed', 'codeSent']).toContain(again.page.state);
		expect((await signing).page.state).toMatch(/signed|signing/);
		await resumed;
		expect(signCalls(a.requestPk)).toHaveLength(1);
		// A is done: its place is free for B
		expect((await openPage(b.link)).page.state).toBe('review');
	});
});

describe('point 6: a document stream that stalls mid-way ends the answer in bounded time', () => {
	test.each<[string, number | undefined]>([
		['stalls for good', undefined],
		['breaks after a pause', 1500],
	])(
		'the contract download %s: the signer’s request ends within seconds',
		async (_name, delayMs) => {
			DOCUMENT_STREAM.idleMs = 1000;
			const parked = await startPage();
			const review = await openPage(parked.link);
			sim.injectFault({ route: `GET ${API}/contract/${parked.requestPk}`, kind: 'stall', delayMs });
			const url = new URL(review.page.links[0].href, parked.link).href;
			const started = Date.now();
			let complete = false;
			try {
				const res = await request(url, {
					method: 'GET',
					headersTimeout: 15_000,
					bodyTimeout: 15_000,
				});
				const body = Buffer.from(await res.body.arrayBuffer());
				complete = body.subarray(-6).toString('latin1').includes('%%EOF');
			} catch {
				// the connection was ended: what a browser sees as a failed download
			}
			expect(Date.now() - started).toBeLessThan(6000);
			expect(complete).toBe(false);
			// the page goes on
			expect((await openPage(parked.link)).page.state).toBe('review');
		},
	);
});

async function post(url: string, body: unknown) {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.statusCode, text: await res.body.text() };
}

const cancelled = (pk: number) => [
	{
		status: 'CANCELLED',
		previous_status: 'ENROLLREADY',
		request: pk,
		registration_authority: 1000,
		date: new Date().toISOString().replace('Z', ''),
	},
	{
		event_type: 'REQUEST_CANCELED',
		sent_at: '20261125083633',
		request: { pk, status: 'CANCELLED', registration_authority: 1000, profile: 'PFnubeNC' },
		certificates: [],
	},
];

/** Create (Callback URL = resume URL) → Upload → OTP → Signer → Sign, parked until the notice. */
function parkedSignFlow() {
	return {
		nodes: [
			trigger,
			fixture('Documents', [
				{ json: {}, binary: { data: binaryEntry(pdf('Hostile sign', 200), 'deal.pdf') } },
			]),
			...asyncSigningSteps(sim, {
				callbackUrl: '={{ $execution.resumeUrl }}',
				signOptions: { returnSignedDocuments: false, waitTimeoutMinutes: 5 },
			}),
		],
		connections: chain('Start', 'Documents', 'Create', 'Upload', 'OTP', 'Signer', 'Sign'),
	};
}

describe('point 1: a cancellation must come from the Optimizer', () => {
	test('signing page: forged cancellations through the page link (with and without /page stripped) change nothing', async () => {
		const parked = await startPage();
		const pk = parked.requestPk;
		const withoutPage = parked.link.replace(/\/page$/, '');
		expect(withoutPage).toBe(parked.resumeUrl);
		for (const body of cancelled(pk)) {
			for (const url of [withoutPage, `${withoutPage}&oneshotKey=guessed-guessed-guessed-1`]) {
				const forged = await post(url, body);
				expect(forged.status).toBe(403);
				expect(forged.text).toContain('Cancellation not confirmed');
			}
			// posting the notice to the page itself is a page action without a token
			expect((await post(parked.link, body)).status).toBe(403);
		}
		expect(waiting.state(parked.executionId)).toBe('waiting');
		expect((await openPage(parked.link)).page.state).toBe('review');
		// the Optimizer's own notice (it carries the key Create gave it) still ends the page
		const resumed = waiting.waitForResume(parked.executionId, 20_000);
		sim.cancelRequest(pk);
		expect(outputOf((await resumed) as IRun, 'Sign via page')[0].json).toMatchObject({
			status: 'cancelled',
			signed: false,
		});
	});

	test('the callback key is only in what Create sent the Optimizer: not in the page link, not in any output', async () => {
		const parked = await startPage();
		const callbackUrl = sim.getRequest(parked.requestPk)!.callback!;
		const key = new URL(callbackUrl).searchParams.get('oneshotKey')!;
		expect(key.length).toBeGreaterThanOrEqual(24);
		expect(parked.link).not.toContain(key);
		expect(JSON.stringify(parked.run.data.resultData.runData)).not.toContain(key);
		const page = await openPage(parked.link);
		expect(page.text).not.toContain(key);
	});

	test('parked Sign: a forged cancellation changes nothing; the Optimizer’s own one resumes it', async () => {
		sim.options.asyncSignDelayMs = 600_000;
		const parked = await runner.start(parkedSignFlow());
		expect(parked.run.status).toBe('waiting');
		for (const body of cancelled(parked.requestPk)) {
			expect((await post(parked.resumeUrl, body)).status).toBe(403);
		}
		expect(waiting.state(parked.executionId)).toBe('waiting');
		const resumed = waiting.waitForResume(parked.executionId, 20_000);
		const genuine = await post(
			sim.getRequest(parked.requestPk)!.callback!,
			cancelled(parked.requestPk)[0],
		);
		expect(genuine.status).toBe(200);
		expect(outputOf((await resumed) as IRun, 'Sign')[0].json).toMatchObject({
			status: 'cancelled',
		});
	});

	test('the contract offered for download does not carry the request number in its fallback name', async () => {
		const parked = await startPage();
		const review = await openPage(parked.link);
		sim.options.downloadHeaders = 'bare';
		try {
			const res = await request(new URL(review.page.links[0].href, parked.link).href);
			await res.body.arrayBuffer();
			expect(String(res.headers['content-disposition'])).toContain('service_contract.pdf');
			expect(String(res.headers['content-disposition'])).not.toContain(String(parked.requestPk));
		} finally {
			sim.options.downloadHeaders = 'named';
		}
	});
});

describe('point 2: each page opens only with its own link', () => {
	/** Two signers' requests in one execution (A, then B as "Create"); B's page waits (node version 2). */
	function twoSignersFlow() {
		const create = (name: string, email: string) =>
			oneShot(name, {
				resource: 'request',
				operation: 'create',
				...SIGNER,
				email,
				asyncMode: true,
				callbackUrl: '={{ $execution.resumeUrl }}',
			});
		return {
			nodes: [
				trigger,
				fixture('Documents', [
					{ json: {}, binary: { data: binaryEntry(pdf('Two signers', 200), 'deal.pdf') } },
				]),
				create('Create A', 'a@example.com'),
				create('Create', 'b@example.com'),
				oneShot('Upload B', {
					resource: 'document',
					operation: 'upload',
					binaryPropertyName: 'data',
				}),
				{
					...fixture('Send the links', []),
					parameters: {
						items:
							'=[{"json":{"a":"{{ $(\'Create A\').item.json.signingPageUrl }}","b":"{{ $(\'Create\').item.json.signingPageUrl }}","plain":"{{ $execution.resumeUrl }}/page","requestPk":{{ $(\'Create\').item.json.requestPk }}}}]',
					},
				},
				oneShot(
					'Sign via page',
					{ resource: 'request', operation: 'signViaPage', options: { waitTimeoutMinutes: 60 } },
					{ typeVersion: 2 },
				),
			],
			connections: chain(
				'Start',
				'Documents',
				'Create A',
				'Create',
				'Upload B',
				'Send the links',
				'Sign via page',
			),
		};
	}

	test("signer A's link does not open signer B's page (nor does the plain resume link); B's own link does", async () => {
		const parked = await runner.start(twoSignersFlow());
		expect(parked.run.status).toBe('waiting');
		const links = outputOf(parked.run, 'Send the links')[0].json as Record<string, string>;
		const pkB = parked.requestPk;
		expect(links.a).toMatch(/\/page&pageKey=/);
		expect(links.a).not.toBe(links.b);
		for (const link of [links.a, links.plain, links.b.replace(/pageKey=[^&]+/, 'pageKey=x')]) {
			const page = await openPage(link);
			expect(page.status).toBe(403);
			expect(page.page.state).toBe('invalid');
			const action = await submit(link, { action: 'send', read: '1', token: 'x' });
			expect(action.status).toBe(403);
		}
		expect(otpCalls(pkB)).toHaveLength(0);
		const own = await openPage(links.b);
		expect(own.page.state).toBe('review');
		// the page's own links (documents, forms) keep its key
		const contract = await request(new URL(own.page.links[0].href, links.b).href);
		expect(contract.statusCode).toBe(200);
		await contract.body.arrayBuffer();
		const sent = await submit(links.b, { token: own.page.token, action: 'send', read: '1' });
		expect(sent.page.state).toBe('codeSent');
		expect(otpCalls(pkB)).toHaveLength(1);
	});
});
