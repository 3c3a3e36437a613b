/**
 * Sign via Signing Page through n8n-core's real engine, the simulator over real HTTP, and the
 * stand-in of n8n's WaitingWebhooks (GET and POST, suffix /page): the execution parks, a "browser
 * without JavaScript" (test/support/page-client.js) reads the page, opens the documents, asks for
 * the code, signs; the execution resumes with the outcome.
 */
import type { IRun } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { request } from 'undici';

import type { Simulator } from '../simulator';
import { chain, outputOf, readBinaryFile } from '../support/harness';
import { binaryEntry, fixture, oneShot, pdf, signerInbox, trigger } from '../support/nodes';
import { openPage, submit } from '../support/page-client';
import {
	PAGE_TIMING,
	forgetPages,
	pageMemory,
} from '../../nodes/UanatacaOneShot/waiting/signingPage/memory';
import { SIGNER } from './common';
import type { ParkedRunner, Waiting } from './parked';
import { parkedSuite } from './parked';

const suite = parkedSuite({ asyncSignDelayMs: 300, callbackDelayMs: 5 });
let sim: Simulator;
let waiting: Waiting;
let runner: ParkedRunner;
beforeAll(() => {
	({ sim, waiting, runner } = suite);
});
const TIMING = { ...PAGE_TIMING };
beforeEach(() => {
	Object.assign(PAGE_TIMING, TIMING);
	sim.reset();
	sim.options.asyncSignDelayMs = 300;
	sim.options.otpCooldownMs = 60_000;
	forgetPages();
});

const DOC = pdf('Loan agreement for the signing page', 400);
const ANNEX = pdf('Annex', 100);

interface FlowOptions {
	asyncMode?: boolean;
	page?: Record<string, unknown>;
	communicationLanguage?: string;
}

function pageFlow({ asyncMode = true, page = {}, communicationLanguage }: FlowOptions = {}) {
	const nodes = [
		trigger,
		fixture('Documents', [
			{
				json: {},
				binary: { data: binaryEntry(DOC, 'loan.pdf'), annex: binaryEntry(ANNEX, 'annex.pdf') },
			},
		]),
		oneShot('Create', {
			resource: 'request',
			operation: 'create',
			...SIGNER,
			asyncMode,
			callbackUrl: asyncMode ? '={{ $execution.resumeUrl }}' : '',
			additionalFields: communicationLanguage ? { communicationLanguage } : {},
		}),
		oneShot('Upload', {
			resource: 'document',
			operation: 'upload',
			binaryPropertyName: 'data, annex',
		}),
		// what an e-mail or SMS node would send: the documented expression
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
			options: { maxAttempts: 3, ...page },
		}),
		oneShot('Delete All', { resource: 'document', operation: 'deleteAll' }),
	];
	return {
		nodes,
		connections: chain(
			'Start',
			'Documents',
			'Create',
			'Upload',
			'Send the link',
			'Sign via page',
			'Delete All',
		),
	};
}

async function startPage(options: FlowOptions = {}) {
	const parked = await runner.start(pageFlow(options));
	const link = outputOf(parked.run, 'Send the link')[0].json.link as string;
	return { ...parked, link };
}

const signCalls = (pk: number) =>
	sim.requestLog.filter((r) => r.method === 'POST' && r.path === `/oneshot/api/v1/sign/${pk}`);
const otpCalls = (pk: number) =>
	sim.requestLog.filter((r) => r.method === 'POST' && r.path === `/oneshot/api/v1/otp/${pk}`);

/** A code that is not the one "sent by SMS". */
function wrongCode(pk: number) {
	const otp = sim.getOtp(pk) ?? '000000';
	return String((Number(otp) + 1) % 1_000_000).padStart(otp.length, '0');
}

async function reachCodeSent(link: string) {
	const review = await openPage(link);
	expect(review.page.state).toBe('review');
	const sent = await submit(link, { token: review.page.token, action: 'send', read: '1' });
	expect(sent.status).toBe(200);
	expect(sent.page.state).toBe('codeSent');
	return sent;
}

test('the signer reads, opens the documents, gets the code, enters a wrong one, then the right one: the execution resumes signed with the PDFs', async () => {
	const parked = await startPage();
	expect(parked.run.status).toBe('waiting');
	expect(parked.run.data.resultData.runData['Delete All']).toBeUndefined();
	// {{ $execution.resumeUrl }}/page, as the nodes before the page see it
	expect(parked.link).toBe(`${parked.resumeUrl}/page`);
	const pk = parked.requestPk;

	// the page: who signs, which documents, in English (no language given), safe headers
	const first = await openPage(parked.link);
	expect(first.status).toBe(200);
	expect(first.headers['content-type']).toMatch(/^text\/html/);
	expect(String(first.headers['content-security-policy'])).toContain("default-src 'none'");
	expect(first.headers['x-frame-options']).toBe('DENY');
	expect(first.headers['referrer-policy']).toBe('no-referrer');
	expect(first.page).toMatchObject({ state: 'review', lang: 'en', title: 'Sign your documents' });
	expect(first.page.text).toContain('Hello María García,');
	expect(first.page.text).toContain('+34 ••• ••• 123');
	expect(first.page.links.map((l: { label: string }) => l.label)).toEqual([
		'Service contract for your signature certificate',
		'loan.pdf',
		'annex.pdf',
	]);
	// nothing secret in the page
	for (const secret of [sim.sandboxToken, sim.billing.password, sim.billing.username]) {
		expect(first.text).not.toContain(secret);
	}
	expect(first.text).not.toContain(SIGNER.serialNumber);

	// the documents open, streamed from the Optimizer
	const contract = await openPage(parked.link, first.page.links[0].href);
	expect(contract.status).toBe(200);
	expect(contract.headers['content-type']).toBe('application/pdf');
	expect(String(contract.headers['content-disposition'])).toMatch(/^inline; filename=/);
	expect(contract.bytes.subarray(0, 5).toString()).toBe('%PDF-');
	const loan = await openPage(parked.link, first.page.links[1].href);
	expect(loan.bytes.equals(DOC)).toBe(true);
	expect(String(loan.headers['content-disposition'])).toContain('loan.pdf');

	// "Send me the code" without confirming having read them: asked to confirm, nothing sent
	const unread = await submit(parked.link, { token: first.page.token, action: 'send' });
	expect(unread.page).toMatchObject({
		state: 'review',
		notice: 'Please confirm that you have read the documents.',
	});
	expect(otpCalls(pk)).toHaveLength(0);

	const sent = await submit(parked.link, { token: unread.page.token, action: 'send', read: '1' });
	expect(sent.page.state).toBe('codeSent');
	expect(Number(sent.page.cooldown)).toBeGreaterThan(55);
	expect(sent.page.text).toMatch(/We sent a one-time code to \+34 ••• ••• 123 at/);
	expect(otpCalls(pk)).toHaveLength(1);

	// a reload shows the same step
	expect((await openPage(parked.link)).page.state).toBe('codeSent');

	const wrong = await submit(parked.link, {
		token: sent.page.token,
		action: 'sign',
		code: wrongCode(pk),
	});
	expect(wrong.status).toBe(200);
	expect(wrong.page.state).toBe('codeSent');
	expect(wrong.page.notice).toBe(
		'The code is not correct or has expired. Check the latest text message and try again. Attempts left: 2.',
	);
	expect(waiting.state(parked.executionId)).toBe('waiting');

	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	const right = await submit(parked.link, {
		token: wrong.page.token,
		action: 'sign',
		code: sim.getOtp(pk),
	});
	expect(right.status).toBe(200);
	expect(right.page.state).toBe('signed');
	expect(right.page.text).toMatch(/Thank you, María García\. Your documents were signed on/);

	const run = (await resumed) as IRun;
	expect(run.status).toBe('success');
	const [out] = outputOf(run, 'Sign via page');
	expect(out.json).toMatchObject({
		requestPk: pk,
		signed: true,
		status: 'signed',
		attempts: 2,
		codesSent: 1,
		confirmed: true,
		asyncMode: true,
	});
	expect(Date.parse(out.json.signedAt as string)).toBeGreaterThan(Date.now() - 60_000);
	expect(Date.parse(out.json.readConfirmedAt as string)).toBeLessThanOrEqual(
		Date.parse(out.json.signedAt as string),
	);
	const signed = await readBinaryFile(out.binary!.signed_0);
	expect(signed.subarray(0, DOC.length).equals(DOC)).toBe(true);
	expect(signed.toString('latin1')).toContain('/Type /Sig');
	expect(out.binary!.signed_1).toBeDefined();
	expect(outputOf(run, 'Delete All')[0].json.deleted).toBe(true);
	// Sign was called once per code entered, never more
	expect(signCalls(pk)).toHaveLength(2);
	expect(sim.getRequest(pk)?.status).toBe('ISSUED');
	// once resumed, the link answers like n8n does for a finished execution
	await sleep(100);
	expect((await openPage(parked.link)).status).toBe(409);
});

test('classic mode: the code signs at once and the execution resumes; the request language (ES) is the page language', async () => {
	const parked = await startPage({ asyncMode: false, communicationLanguage: 'ES' });
	const review = await openPage(parked.link);
	expect(review.page).toMatchObject({ state: 'review', lang: 'es', title: 'Firma tus documentos' });
	expect(review.page.text).toContain('Hola, María García:');
	const sent = await submit(parked.link, { token: review.page.token, action: 'send', read: '1' });
	expect(sent.page.text).toContain('Hemos enviado un código de un solo uso al +34 ••• ••• 123');
	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	const done = await submit(parked.link, {
		token: sent.page.token,
		action: 'sign',
		code: sim.getOtp(parked.requestPk),
	});
	expect(done.page).toMatchObject({ state: 'signed', title: 'Documentos firmados' });
	const [out] = outputOf((await resumed) as IRun, 'Sign via page');
	expect(out.json).toMatchObject({ signed: true, status: 'signed', attempts: 1, asyncMode: false });
});

test('repeated and concurrent submissions never call Sign twice', async () => {
	const parked = await startPage({ asyncMode: false });
	const sent = await reachCodeSent(parked.link);
	const code = sim.getOtp(parked.requestPk);
	// the same form sent twice at once (double click), and another tab's form at the same time
	const other = await openPage(parked.link);
	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	const answers = await Promise.all([
		submit(parked.link, { token: sent.page.token, action: 'sign', code }),
		submit(parked.link, { token: sent.page.token, action: 'sign', code }),
		submit(parked.link, { token: other.page.token, action: 'sign', code }),
	]);
	expect(answers.map((a) => a.page.state)).toEqual(['signed', 'signed', 'signed']);
	expect(signCalls(parked.requestPk)).toHaveLength(1);
	const [out] = outputOf((await resumed) as IRun, 'Sign via page');
	expect(out.json).toMatchObject({ signed: true, attempts: 1 });
	// "Send me the code" twice in a row: one code, the second press shows the countdown
	expect(otpCalls(parked.requestPk)).toHaveLength(1);
});

test('a second "Send me the code" within the minute does not call the Optimizer; the page says to wait', async () => {
	const parked = await startPage();
	const sent = await reachCodeSent(parked.link);
	const again = await submit(parked.link, { token: sent.page.token, action: 'send', read: '1' });
	expect(again.page.state).toBe('codeSent');
	expect(again.page.notice).toMatch(/less than a minute ago/);
	expect(otpCalls(parked.requestPk)).toHaveLength(1);
	// the same token again (back button): not acted upon, the current step is shown
	const stale = await submit(parked.link, { token: sent.page.token, action: 'send', read: '1' });
	expect(stale.page).toMatchObject({
		state: 'codeSent',
		notice: 'This page was out of date. Here is the current step.',
	});
	// a process that forgot the page still knows from the token that a code went out just now
	forgetPages();
	const first = sim.getOtp(parked.requestPk);
	const resend = await submit(parked.link, { token: again.page.token, action: 'send', read: '1' });
	expect(resend.page.notice).toMatch(/less than a minute ago/);
	expect(sim.getOtp(parked.requestPk)).toBe(first);
	expect(otpCalls(parked.requestPk)).toHaveLength(1);
});

test('once the minute has passed, "Send a new code" sends a new one (the countdown starts again)', async () => {
	const parked = await startPage();
	const sent = await reachCodeSent(parked.link);
	const first = sim.getOtp(parked.requestPk);
	// as if a minute had passed: the page's memory and the Optimizer's rule both allow it
	sim.options.otpCooldownMs = 0;
	forgetPages();
	const review = await openPage(parked.link);
	expect(review.page.state).toBe('review');
	const again = await submit(parked.link, { token: review.page.token, action: 'send', read: '1' });
	expect(again.page.state).toBe('codeSent');
	expect(Number(again.page.cooldown)).toBeGreaterThan(55);
	expect(otpCalls(parked.requestPk)).toHaveLength(2);
	expect(sim.getOtp(parked.requestPk)).not.toBe(first);
	expect(sent.page.token).not.toBe(again.page.token);
});

test('wrong codes up to the limit lock the page: the execution resumes with status "locked", nothing signed', async () => {
	const parked = await startPage({ page: { maxAttempts: 2 } });
	let page = (await reachCodeSent(parked.link)).page;
	const first = await submit(parked.link, {
		token: page.token,
		action: 'sign',
		code: wrongCode(parked.requestPk),
	});
	expect(first.page.notice).toMatch(/Attempts left: 1\./);
	page = first.page;
	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	const second = await submit(parked.link, {
		token: page.token,
		action: 'sign',
		code: wrongCode(parked.requestPk),
	});
	expect(second.page).toMatchObject({ state: 'locked', title: 'Signature stopped' });
	const run = (await resumed) as IRun;
	const [out] = outputOf(run, 'Sign via page');
	expect(out.json).toMatchObject({ signed: false, status: 'locked', attempts: 2, codesSent: 1 });
	expect(out.binary).toBeUndefined();
	expect(sim.getRequest(parked.requestPk)?.status).not.toBe('ISSUED');
	expect(signCalls(parked.requestPk)).toHaveLength(2);
});

test('the attempts survive a process that forgot the page: the page token carries them', async () => {
	const parked = await startPage({ page: { maxAttempts: 2 } });
	const sent = await reachCodeSent(parked.link);
	const wrong = await submit(parked.link, {
		token: sent.page.token,
		action: 'sign',
		code: wrongCode(parked.requestPk),
	});
	forgetPages();
	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	const last = await submit(parked.link, {
		token: wrong.page.token,
		action: 'sign',
		code: wrongCode(parked.requestPk),
	});
	expect(last.page.state).toBe('locked');
	expect(outputOf((await resumed) as IRun, 'Sign via page')[0].json).toMatchObject({
		status: 'locked',
		attempts: 2,
	});
});

test('only the holder of the link acts: wrong resume token 401, POST without or with a forged page token 403, nothing sent', async () => {
	const parked = await startPage();
	const forgedLink = parked.link.replace(/signature=[^/]+/, 'signature=forged');
	expect((await openPage(forgedLink)).status).toBe(401);
	const review = await openPage(parked.link);
	const none = await submit(parked.link, { action: 'send', read: '1' });
	expect(none.status).toBe(403);
	expect(none.page.state).toBe('invalid');
	const [payload] = String(review.page.token).split('.');
	const forged = await submit(parked.link, { token: `${payload}.AAAA`, action: 'send', read: '1' });
	expect(forged.status).toBe(403);
	// a genuine token of another execution's page
	const other = await startPage();
	const foreign = (await openPage(other.link)).page.token;
	expect((await submit(parked.link, { token: foreign, action: 'send', read: '1' })).status).toBe(
		403,
	);
	expect(otpCalls(parked.requestPk)).toHaveLength(0);
	// the page path also answers in its path form: /webhook-waiting/<id>/page?signature=<token>
	const pathForm = parked.resumeUrl.replace('?', '/page?');
	expect((await openPage(pathForm)).page.state).toBe('review');
	// an unknown document
	expect(
		(await openPage(parked.link, `${review.page.links[0].href.replace('contract', '9')}`)).status,
	).toBe(404);
	expect(waiting.state(parked.executionId)).toBe('waiting');
});

async function notify(url: string, body: unknown) {
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.statusCode, text: await res.body.text() };
}

const flat = (pk: number, status: string, previous = 'ENROLLREADY') => ({
	status,
	previous_status: previous,
	request: pk,
	registration_authority: 1000,
	date: new Date().toISOString().replace('Z', ''),
});

test("the Optimizer's notices to the resume URL do not disturb the page; a CANCELLED notice ends it", async () => {
	const parked = await startPage();
	const pk = parked.requestPk;
	const sent = await reachCodeSent(parked.link);
	expect((await notify(parked.resumeUrl, flat(pk, 'ENROLLREADY', 'CREATED'))).status).toBe(200);
	expect((await notify(parked.resumeUrl, flat(pk + 1000, 'ISSUED'))).status).toBe(200);
	// a claim that it is signed, which the Optimizer does not back
	expect((await notify(parked.resumeUrl, flat(pk, 'ISSUED'))).status).toBe(200);
	expect((await notify(parked.resumeUrl, { hello: 'world' })).status).toBe(400);
	expect(waiting.state(parked.executionId)).toBe('waiting');
	// the page goes on where it was
	expect((await openPage(parked.link)).page.state).toBe('codeSent');
	expect(sent.page.token).toBeTruthy();

	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	// issue 13: a cancellation needs the callback key Create gave the Optimizer (forged ones:
	// test/integration/hostile-page.test.ts)
	const callbackUrl = sim.getRequest(pk)!.callback!;
	expect((await notify(callbackUrl, flat(pk, 'CANCELLED'))).status).toBe(200);
	const [out] = outputOf((await resumed) as IRun, 'Sign via page');
	expect(out.json).toMatchObject({ signed: false, status: 'cancelled', requestPk: pk });
});

test('the time limit: the page says the link expired, and the execution goes on with status "timedOut" and its input', async () => {
	const parked = await startPage({ page: { waitTimeoutMinutes: 0.1 } });
	expect((parked.run.waitTill as Date).getTime()).toBeLessThanOrEqual(Date.now() + 6_500);
	const review = await openPage(parked.link);
	expect(review.page.state).toBe('review');
	await sleep(Math.max(0, (parked.run.waitTill as Date).getTime() - Date.now()) + 100);
	const expired = await openPage(parked.link);
	expect(expired.status).toBe(410);
	expect(expired.page).toMatchObject({ state: 'expired', title: 'This link has expired' });
	expect(expired.page.links).toEqual([]);
	const late = await submit(parked.link, { token: review.page.token, action: 'send', read: '1' });
	expect(late.page.state).toBe('expired');
	expect(otpCalls(parked.requestPk)).toHaveLength(0);
	// what n8n's WaitTracker does when waitTill has passed
	const run = (await parked.resume()) as IRun;
	const [out] = outputOf(run, 'Sign via page');
	expect(out.json).toMatchObject({
		requestPk: parked.requestPk,
		signed: false,
		status: 'timedOut',
		signedAt: null,
		link: parked.link,
	});
	expect(out.json.message).toMatch(/did not sign request \d+ within 0.1 minutes/);
	expect((out.json.documents as Array<{ fileName: string }>).map((d) => d.fileName)).toEqual([
		'loan.pdf',
		'annex.pdf',
	]);
});

test('the look: title, message, logo and accent colour are shown escaped; an invalid colour or logo fails the node before parking', async () => {
	const parked = await startPage({
		page: {
			title: 'Firmar <b>préstamo</b>',
			message: 'Hola <script>alert(1)</script>\n\nSegunda línea',
			logoUrl: 'https://cdn.example.com/logo.png',
			accentColor: '#FFCC00',
			language: 'PL',
			signerName: 'Anna "Ania" Nowak',
		},
	});
	const res = await openPage(parked.link);
	expect(res.page).toMatchObject({ lang: 'pl', title: 'Firmar <b>préstamo</b>' });
	expect(res.text).toContain('Firmar &lt;b&gt;préstamo&lt;/b&gt;');
	expect(res.text).toContain('Hola &lt;script&gt;alert(1)&lt;/script&gt;');
	expect(res.text).not.toContain('<script>alert');
	expect(res.text).toContain('<img class="logo" src="https://cdn.example.com/logo.png" alt="">');
	expect(String(res.headers['content-security-policy'])).toContain(
		'img-src https://cdn.example.com',
	);
	expect(res.text).toContain('--accent:#ffcc00;--on-accent:#111827');
	expect(res.page.text).toContain('Dzień dobry, Anna "Ania" Nowak!');

	const { nodes, connections } = pageFlow({ page: { accentColor: 'red; } body { display:none' } });
	const bad = await runner.runOnce({ nodes, connections });
	expect(bad.run.status).toBe('error');
	const error = bad.run.data.resultData.runData['Sign via page'][0].error;
	expect(error?.message).toMatch(/is not a colour/);
});

test('while an asynchronous signature completes the page says so and refreshes itself; the ISSUED notice leaves the confirmation to the page', async () => {
	sim.options.asyncSignDelayMs = 2_000;
	PAGE_TIMING.signingWaitMs = 300;
	PAGE_TIMING.signingPollMs = 100;
	const parked = await startPage();
	const sent = await reachCodeSent(parked.link);
	const signing = await submit(parked.link, {
		token: sent.page.token,
		action: 'sign',
		code: sim.getOtp(parked.requestPk),
	});
	expect(signing.page).toMatchObject({ state: 'signing', title: 'Completing your signature…' });
	expect(signing.page.refresh).toMatch(/^3;url=\?signature=/);
	// the same code again from the same page: not sent to the Optimizer again
	const again = await submit(parked.link, {
		token: sent.page.token,
		action: 'sign',
		code: sim.getOtp(parked.requestPk),
	});
	expect(again.page.state).toBe('signing');
	expect(signCalls(parked.requestPk)).toHaveLength(1);
	// the Optimizer's ISSUED notice comes while the signer looks at the page: it does not resume
	await sim.waitForCallbacks(sim.callbacks.length + 1, 10_000).catch(() => undefined);
	const deadline = Date.now() + 10_000;
	while (
		!sim.callbacks.some((c) => (c.body as { status?: string }).status === 'ISSUED') &&
		Date.now() < deadline
	) {
		await sleep(100);
	}
	await sleep(200);
	expect(waiting.state(parked.executionId)).toBe('waiting');
	// the refresh (GET) confirms it and resumes the execution
	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	const done = await openPage(parked.link, signing.page.refresh.replace(/^3;url=/, ''));
	expect(done.page.state).toBe('signed');
	const [out] = outputOf((await resumed) as IRun, 'Sign via page');
	expect(out.json).toMatchObject({ signed: true, status: 'signed', attempts: 1, asyncMode: true });
	expect(out.binary?.signed_0).toBeDefined();
});

test('signed without the page (another channel): the ISSUED notice, confirmed with the Optimizer, resumes the execution', async () => {
	sim.options.asyncSignDelayMs = 100;
	const parked = await startPage();
	const pk = parked.requestPk;
	// the request is signed through the API directly, nobody at the page
	const api = async (path: string, body: unknown) =>
		request(`${sim.currentBaseUrl}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		}).then(async (r) => ({ status: r.statusCode, text: await r.body.text() }));
	const resumed = waiting.waitForResume(parked.executionId, 20_000);
	expect((await api(`/otp/${pk}`, {})).status).toBe(200);
	expect((await api(`/sign/${pk}`, { secret: sim.getOtp(pk) })).status).toBe(200);
	const [out] = outputOf((await resumed) as IRun, 'Sign via page');
	expect(out.json).toMatchObject({
		signed: true,
		status: 'signed',
		confirmed: true,
		notifiedStatus: 'ISSUED',
		attempts: 0,
		codesSent: 0,
	});
	expect(out.binary?.signed_0).toBeDefined();
});

test('a request already signed when the node runs is not offered again: no wait', async () => {
	const { nodes } = pageFlow({ asyncMode: false });
	const flow = [
		...nodes.slice(0, 4),
		oneShot('OTP', { resource: 'request', operation: 'generateOtp' }),
		signerInbox('Inbox', sim.url),
		oneShot('Sign now', {
			resource: 'request',
			operation: 'sign',
			secret: '={{ $json.code }}',
			waitForCompletion: false,
		}),
		oneShot('Sign via page', {
			resource: 'request',
			operation: 'signViaPage',
			requestPk: "={{ $('Create').item.json.requestPk }}",
		}),
	];
	const result = await runner.runOnce({
		nodes: flow,
		connections: chain(
			'Start',
			'Documents',
			'Create',
			'Upload',
			'OTP',
			'Inbox',
			'Sign now',
			'Sign via page',
		),
	});
	const { run } = result;
	expect(run.status).toBe('success');
	const [out] = outputOf(run, 'Sign via page');
	expect(out.json).toMatchObject({ signed: true, status: 'signed', attempts: 0 });
	expect(out.binary?.signed_0).toBeDefined();
});

test('a page sends at most five codes (each is a text message)', async () => {
	const parked = await startPage();
	const stored = JSON.parse(String(parked.run.data.resultData.metadata?.uanatacaOneShotPage)) as {
		k: string;
		x: number;
	};
	const review = await openPage(parked.link);
	// as if five codes had gone out, the last more than a minute ago
	const memory = pageMemory(`${parked.executionId}/${stored.k.slice(0, 12)}`, stored.x, Date.now());
	memory.progress = { ...memory.progress, sends: 5, sentAt: Date.now() - 120_000 };
	const refused = await submit(parked.link, {
		token: review.page.token,
		action: 'send',
		read: '1',
	});
	expect(refused.page).toMatchObject({
		state: 'codeSent',
		notice:
			'No more codes can be sent from this page. Use the last code you received, or contact the sender.',
	});
	expect(otpCalls(parked.requestPk)).toHaveLength(0);
});
