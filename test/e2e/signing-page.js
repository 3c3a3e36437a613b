'use strict';
/**
 * End-to-end tests of "Sign via Signing Page" in the real n8n, with headless Chromium as the
 * signer's phone. Registered by run.js (`npm run test:e2e`, `-- --only "signing page"`).
 *
 * The workflow: Webhook → HTTP Request (the PDF) → Create (asynchronous, Callback URL =
 * {{ $execution.resumeUrl }}) → Upload → HTTP Request POSTing {{ $execution.resumeUrl }}/page to a
 * catcher started here (what an e-mail or SMS node would send) → Sign via Signing Page → Delete
 * All. The browser opens the link the catcher received, opens the contract, asks for the code,
 * enters a wrong one, then the right one read from the simulator (/__simulator/otp/<pk>), sees the
 * confirmation; the execution resumes with the signed PDF. A second run, in a browser without
 * JavaScript, enters wrong codes until the page locks. Screenshots of every page state go to
 * docs/images/signing-page-*.png with --update-screenshots (else to the run folder).
 *
 * Loopback only: the catcher listens on 127.0.0.1 (a free port, never 5679); the browser may
 * reach nothing but the n8n under test and the catcher. Every wait is bounded.
 */
const assert = require('assert/strict');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { randomUUID } = require('crypto');

const n8n = require('../../scripts/n8n/instance');
const { CHROMIUM, browserUnavailable } = require('./browser');
const { ONE_SHOT, SIGNER } = require('./workflows');

const ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic',
];
const PHONE = { width: 390, height: 844 };
const LOGO_SVG =
	'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40"><rect width="40" height="40" rx="8" fill="#0b6e4f"/><path d="M11 21l6 6 13-14" stroke="#fff" stroke-width="4" fill="none"/><text x="48" y="27" font-family="Arial" font-size="18" font-weight="700" fill="#0b6e4f">Acme Loans</text></svg>';

/** The look of the example pages: the user's title, message, logo and accent colour. */
const LOOK = (catcherUrl) => ({
	title: 'Sign your loan agreement',
	message:
		'Acme Loans has prepared your loan agreement. Please read it, and the service contract of your signature certificate, before signing.',
	logoUrl: `${catcherUrl}/logo.svg`,
	accentColor: '#0b6e4f',
});

/** A loopback server that records the links n8n sends (POST /link) and serves a logo. */
async function startCatcher() {
	const port = await n8n.freePort();
	const received = [];
	const waiters = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > 64 * 1024) req.destroy();
			else chunks.push(c);
		});
		req.on('end', () => {
			if (req.method === 'GET' && req.url === '/logo.svg') {
				res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(LOGO_SVG);
				return;
			}
			if (req.method !== 'POST' || req.url !== '/link') {
				res.writeHead(404).end();
				return;
			}
			let body = {};
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				body = {};
			}
			received.push(body);
			for (const w of waiters.splice(0)) w();
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, n8n.HOST, resolve);
	});
	const url = `http://${n8n.HOST}:${port}`;
	return {
		url,
		received,
		/** The first link received for which `match(body)` holds (bounded wait). */
		async waitForLink(match = () => true, timeoutMs = 90_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = received.find(match);
				if (found) return found;
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`no link reached the catcher within ${timeoutMs / 1000} s`);
				await new Promise((resolve) => {
					const timer = setTimeout(resolve, Math.min(left, 1000));
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
		},
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

function node(name, type, typeVersion, parameters, x, extra = {}) {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

/** The signing-page workflow (see the top of this file). */
function pageWorkflow(ctx, { name, webhookPath, catcherUrl, page = {} }) {
	const credentials = {
		uanatacaOneShotApi: { id: ctx.credential.id, name: ctx.credential.name },
	};
	const x = (i) => 220 * i;
	const nodes = [
		node(
			'Webhook',
			'n8n-nodes-base.webhook',
			2.1,
			{ httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			0,
			{ webhookId: randomUUID() },
		),
		node(
			'Get PDF',
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				method: 'GET',
				url: `${ctx.filesUrl}/loan.pdf`,
				options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
			},
			x(1),
		),
		node(
			'Create',
			ONE_SHOT,
			1,
			{
				resource: 'request',
				operation: 'create',
				...SIGNER,
				asyncMode: true,
				callbackUrl: '={{ $execution.resumeUrl }}',
			},
			x(2),
			{ credentials },
		),
		node(
			'Upload',
			ONE_SHOT,
			1,
			{ resource: 'document', operation: 'upload', binaryPropertyName: 'data' },
			x(3),
			{ credentials },
		),
		node(
			'Send the link',
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				method: 'POST',
				url: `${catcherUrl}/link`,
				sendBody: true,
				contentType: 'json',
				specifyBody: 'keypair',
				bodyParameters: {
					parameters: [
						{ name: 'link', value: '={{ $execution.resumeUrl }}/page' },
						{ name: 'requestPk', value: "={{ $('Create').item.json.requestPk }}" },
						{ name: 'email', value: "={{ $('Create').item.json.signer.email }}" },
						{ name: 'workflow', value: name },
					],
				},
				options: {},
			},
			x(4),
		),
		node(
			'Sign via page',
			ONE_SHOT,
			1,
			{
				resource: 'request',
				operation: 'signViaPage',
				requestPk: "={{ $('Create').item.json.requestPk }}",
				options: page,
			},
			x(5),
			{ credentials },
		),
		node(
			'Delete All',
			ONE_SHOT,
			1,
			{
				resource: 'document',
				operation: 'deleteAll',
				requestPk: "={{ $('Create').item.json.requestPk }}",
			},
			x(6),
			{ credentials },
		),
	];
	const names = nodes.map((n) => n.name);
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** Long secrets as substrings; short ones (e.g. a PIN) only as a whole token. */
function containsSecret(text, secret) {
	if (secret.length >= 8) return text.includes(secret);
	const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^A-Za-z0-9+/=_-])${escaped}($|[^A-Za-z0-9+/=_-])`).test(text);
}

async function otpOf(ctx, pk) {
	const res = await n8n.http('GET', `${ctx.sim.url}/__simulator/otp/${pk}`);
	assert.equal(res.status, 200, `simulator OTP: ${res.status} ${res.text}`);
	return String(res.json.otp);
}

function wrongOf(otp) {
	return String((Number(otp) + 1) % 1_000_000).padStart(otp.length, '0');
}

/** Chromium as the signer's phone: only n8n and the catcher are reachable. */
async function phoneBrowser(ctx, catcherUrl) {
	const { chromium } = require('playwright-core');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ARGS,
		timeout: 60_000,
	});
	const allowed = [new URL(ctx.n8n.baseUrl).origin, new URL(catcherUrl).origin];
	async function newPhone({ javaScriptEnabled = true } = {}) {
		const context = await browser.newContext({
			viewport: PHONE,
			deviceScaleFactor: 2,
			isMobile: true,
			hasTouch: true,
			locale: 'en-GB',
			timezoneId: 'Europe/Madrid',
			javaScriptEnabled,
		});
		await context.route('**/*', (route) => {
			const url = route.request().url();
			if (allowed.some((o) => url.startsWith(o)) || url.startsWith('data:'))
				return route.continue();
			return route.abort();
		});
		const page = await context.newPage();
		page.setDefaultTimeout(30_000);
		page.setDefaultNavigationTimeout(60_000);
		const errors = [];
		page.on('pageerror', (e) => errors.push(String(e && e.message)));
		page.on('console', (m) => {
			if (m.type() === 'error') errors.push(m.text());
		});
		return { context, page, errors };
	}
	return { browser, newPhone, close: () => browser.close().catch(() => {}) };
}

/** A screenshot of the page's content (`main`), or of the whole window (the editor). */
async function shoot(ctx, page, name, { whole = false } = {}) {
	const file = path.join(ctx.screenshotsDir, name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	if (whole) await page.screenshot({ path: file });
	else await page.locator('main').screenshot({ path: file });
	ctx.screenshots = ctx.screenshots || [];
	ctx.screenshots.push(file);
}

/** The state the page shows (data-state of its card). */
async function stateOf(page) {
	return page.getAttribute('.card', 'data-state');
}

function register({
	test,
	deployWorkflow,
	triggerWebhook,
	waitForExecution,
	outputOf,
	readBinary,
	editor,
	FINISHED,
	log,
}) {
	test('signing page: the signer opens the link in a browser, opens the contract, asks for the code, enters a wrong one (message shown), then the right one from the simulator, sees the confirmation; the execution resumes and downloads the signed PDF (screenshots docs/images/signing-page-*.png)', async (ctx) => {
		const problem = browserUnavailable();
		if (problem) throw new Error(problem);
		const catcher = await startCatcher();
		const phone = await phoneBrowser(ctx, catcher.url);
		const saved = ctx.sim.options.asyncSignDelayMs;
		try {
			const name = 'E2E signing page';
			const id = await deployWorkflow(
				ctx,
				pageWorkflow(ctx, {
					name,
					webhookPath: 'e2e-signing-page',
					catcherUrl: catcher.url,
					page: { ...LOOK(catcher.url), maxAttempts: 3 },
				}),
			);
			ctx.signingPageWorkflowId = id;
			await triggerWebhook(ctx, 'e2e-signing-page');
			const sent = await catcher.waitForLink((b) => b.workflow === name);
			const pk = Number(sent.requestPk);
			assert.ok(pk > 0, `the link message carries no requestPk: ${JSON.stringify(sent)}`);
			assert.equal(sent.email, SIGNER.email);
			const waiting = await waitForExecution(ctx, id, { statuses: ['waiting', ...FINISHED] });
			assert.equal(
				waiting.status,
				'waiting',
				`execution ${waiting.id} is ${waiting.status}, not waiting`,
			);
			// {{ $execution.resumeUrl }}/page, with the execution's resume token
			const link = String(sent.link);
			assert.match(link, new RegExp(`/webhook-waiting/${waiting.id}\\?signature=[^&]+/page$`));
			const resumeUrl = link.replace(/\/page$/, '');
			// the Optimizer got the resume URL plus the execution's callback key (issue 13: only a
			// notice carrying it, or confirmed by the Optimizer, may cancel); the link does not carry it
			const given = new URL(ctx.sim.getRequest(pk).callback);
			assert.match(given.searchParams.get('oneshotKey') || '', /^[A-Za-z0-9_-]{24,}$/);
			given.searchParams.delete('oneshotKey');
			assert.equal(given.href, new URL(resumeUrl).href);
			assert.ok(!link.includes('oneshotKey'), 'the page link carries the callback key');

			// the raw answer: headers n8n lets through from the node
			const raw = await n8n.http('GET', link);
			assert.equal(raw.status, 200, raw.text.slice(0, 300));
			assert.match(raw.headers.get('content-type') || '', /^text\/html/);
			assert.match(raw.headers.get('content-security-policy') || '', /default-src 'none'/);
			assert.equal(raw.headers.get('x-frame-options'), 'DENY');
			const htmls = [raw.text];

			const { page, context, errors } = await phone.newPhone();
			await page.goto(link);
			assert.equal(await stateOf(page), 'review');
			const body = await page.innerText('body');
			for (const expected of [
				'Sign your loan agreement',
				'Hello María García,',
				'+34 ••• ••• 123',
				'Service contract for your signature certificate',
				'loan.pdf',
				'Acme Loans has prepared your loan agreement.',
			])
				assert.ok(body.includes(expected), `the page lacks "${expected}": ${body}`);
			assert.ok(
				await page.$eval('img.logo', (img) => img.complete && img.naturalWidth > 0),
				'the logo did not load',
			);
			await shoot(ctx, page, 'signing-page-1-review.png');
			htmls.push(await page.content());

			// the contract opens in a new tab, streamed from the Optimizer through n8n
			const contractHref = await page.getAttribute('a[href*="doc=contract"]', 'href');
			const contractUrl = new URL(contractHref, page.url()).href;
			const responses = [];
			context.on('response', (r) => {
				if (r.url().includes('doc=')) responses.push(r);
			});
			const [tab] = await Promise.all([
				context.waitForEvent('page', { timeout: 30_000 }),
				page.click('a[href*="doc=contract"]'),
			]);
			const deadline = Date.now() + 30_000;
			while (!responses.length && Date.now() < deadline) await page.waitForTimeout(200);
			assert.ok(responses.length > 0, 'opening the contract made no request');
			assert.equal(responses[0].status(), 200);
			assert.equal(responses[0].headers()['content-type'], 'application/pdf');
			await tab.close().catch(() => {});
			const contract = await context.request.get(contractUrl);
			assert.equal(contract.status(), 200);
			assert.equal((await contract.body()).subarray(0, 5).toString(), '%PDF-');
			const loan = await context.request.get(
				new URL(await page.getAttribute('a[href*="doc=0"]', 'href'), page.url()).href,
			);
			const original = Buffer.from(await (await fetch(`${ctx.filesUrl}/loan.pdf`)).arrayBuffer());
			assert.ok((await loan.body()).equals(original), 'the document shown is not the one uploaded');

			// an intermediate notice of the Optimizer to the resume URL does not disturb the page
			const notice = await n8n.http('POST', resumeUrl, {
				body: {
					status: 'ENROLLREADY',
					previous_status: 'CREATED',
					request: pk,
					registration_authority: 1000,
					date: new Date().toISOString().replace('Z', ''),
				},
			});
			assert.equal(notice.status, 200, `intermediate notice: ${notice.status} ${notice.text}`);

			// confirm having read them, ask for the code
			await page.check('#read');
			await Promise.all([page.waitForNavigation(), page.click('#send')]);
			assert.equal(await stateOf(page), 'codeSent');
			const resend = page.locator('#resend');
			assert.ok(await resend.isDisabled(), 'the resend button is enabled within the minute');
			assert.match(await resend.innerText(), /available in (1:00|0:[0-5]\d)\)/);
			assert.match(await page.innerText('body'), /We sent a one-time code to \+34 ••• ••• 123 at/);
			await shoot(ctx, page, 'signing-page-2-code-sent.png');
			htmls.push(await page.content());

			// a wrong code: the message, and the signer can try again
			const otp = await otpOf(ctx, pk);
			await page.fill('#code', wrongOf(otp));
			await Promise.all([page.waitForNavigation(), page.click('#sign')]);
			assert.equal(await stateOf(page), 'codeSent');
			assert.equal(
				(await page.innerText('#notice')).trim(),
				'The code is not correct or has expired. Check the latest text message and try again. Attempts left: 2.',
			);
			await shoot(ctx, page, 'signing-page-3-wrong-code.png');
			htmls.push(await page.content());

			// the right code: the confirmation
			await page.fill('#code', await otpOf(ctx, pk));
			await Promise.all([page.waitForNavigation({ timeout: 120_000 }), page.click('#sign')]);
			assert.equal(await stateOf(page), 'signed', await page.innerText('body'));
			assert.match(
				await page.innerText('body'),
				/Thank you, María García\. Your documents were signed on/,
			);
			await shoot(ctx, page, 'signing-page-4-signed.png');
			htmls.push(await page.content());
			assert.deepEqual(errors, [], 'JavaScript or console errors on the page');

			// the execution went on: the signed PDF, the outcome, the next node
			const done = await waitForExecution(ctx, id);
			assert.equal(done.status, 'success', `execution ${done.id} ended ${done.status}`);
			const [out] = outputOf(done, 'Sign via page');
			assert.equal(out.json.requestPk, pk);
			assert.equal(out.json.signed, true, JSON.stringify(out.json));
			assert.equal(out.json.status, 'signed');
			assert.equal(out.json.attempts, 2);
			assert.equal(out.json.codesSent, 1);
			assert.equal(out.json.asyncMode, true);
			assert.ok(Date.parse(out.json.signedAt) > 0, `signedAt: ${out.json.signedAt}`);
			assert.ok(out.binary && out.binary.signed_0, 'no signed_0 binary');
			assert.equal(out.binary.signed_0.mimeType, 'application/pdf');
			const signed = readBinary(ctx, out.binary.signed_0);
			assert.equal(signed.subarray(0, 5).toString(), '%PDF-');
			assert.ok(signed.toString('latin1').includes('/Type /Sig'), 'the PDF carries no signature');
			assert.equal(outputOf(done, 'Delete All')[0].json.deleted, true);
			assert.equal(ctx.sim.getRequest(pk).status, 'ISSUED');
			const signCalls = ctx.sim.requestLog.filter(
				(r) => r.method === 'POST' && r.path === `/oneshot/api/v1/sign/${pk}`,
			);
			assert.equal(signCalls.length, 2, 'Sign was called once per code entered');

			// the link after the end: n8n answers for the finished execution
			const after = await n8n.http('GET', link);
			assert.equal(after.status, 409, `the link after the end: ${after.status}`);

			// nothing secret in any page
			const all = htmls.join('\n');
			for (const [label, secret] of ctx.secrets) {
				assert.ok(!containsSecret(all, secret), `${label} appears in the signing page`);
			}
			assert.ok(!all.includes(SIGNER.serialNumber), 'the ID number appears in the signing page');
			await context.close();
		} finally {
			ctx.sim.options.asyncSignDelayMs = saved;
			await phone.close();
			await catcher.close();
		}
	});

	test('signing page without JavaScript: the forms work; wrong codes up to the limit lock the page and the execution goes on with status "locked" (screenshot docs/images/signing-page-5-locked.png)', async (ctx) => {
		const problem = browserUnavailable();
		if (problem) throw new Error(problem);
		const catcher = await startCatcher();
		const phone = await phoneBrowser(ctx, catcher.url);
		try {
			const name = 'E2E signing page locked';
			const id = await deployWorkflow(
				ctx,
				pageWorkflow(ctx, {
					name,
					webhookPath: 'e2e-signing-page-locked',
					catcherUrl: catcher.url,
					page: { ...LOOK(catcher.url), maxAttempts: 2 },
				}),
			);
			await triggerWebhook(ctx, 'e2e-signing-page-locked');
			const sent = await catcher.waitForLink((b) => b.workflow === name);
			const pk = Number(sent.requestPk);
			const { page, context } = await phone.newPhone({ javaScriptEnabled: false });
			await page.goto(String(sent.link));
			assert.equal(await stateOf(page), 'review');
			await page.check('#read');
			await Promise.all([page.waitForNavigation(), page.click('#send')]);
			assert.equal(await stateOf(page), 'codeSent');
			// without JavaScript: the button stays usable and the page says from when
			assert.ok(!(await page.locator('#resend').isDisabled()));
			assert.match(
				await page.innerText('body'),
				/You can ask for a new code from \d\d:\d\d:\d\d\./,
			);
			const wrong = wrongOf(await otpOf(ctx, pk));
			await page.fill('#code', wrong);
			await Promise.all([page.waitForNavigation(), page.click('#sign')]);
			assert.match(await page.innerText('#notice'), /Attempts left: 1\./);
			await page.fill('#code', wrong);
			await Promise.all([page.waitForNavigation(), page.click('#sign')]);
			assert.equal(await stateOf(page), 'locked');
			assert.match(await page.innerText('body'), /Too many incorrect codes were entered/);
			await shoot(ctx, page, 'signing-page-5-locked.png');
			const done = await waitForExecution(ctx, id);
			assert.equal(done.status, 'success', `execution ${done.id} ended ${done.status}`);
			const [out] = outputOf(done, 'Sign via page');
			assert.equal(out.json.status, 'locked', JSON.stringify(out.json));
			assert.equal(out.json.signed, false);
			assert.equal(out.json.attempts, 2);
			assert.notEqual(ctx.sim.getRequest(pk).status, 'ISSUED');
			await context.close();
		} finally {
			await phone.close();
			await catcher.close();
		}
	});

	test('signing page: the page of a closed link (expired) and of a signature being completed, rendered by the built package (screenshots docs/images/signing-page-6-expired.png, signing-page-7-completing.png); the node panel shows the link expression (docs/images/signing-page-node-panel.png)', async (ctx) => {
		const problem = browserUnavailable();
		if (problem) throw new Error(problem);
		// The live "expired" page lasts only until n8n's wait tracker resumes the execution (at the
		// time limit itself, or within a minute for short limits): its HTML comes from the same code.
		const { renderPage } = require(
			path.join(n8n.REPO_ROOT, 'dist/nodes/UanatacaOneShot/waiting/signingPage/render.js'),
		);
		const catcher = await startCatcher();
		const phone = await phoneBrowser(ctx, catcher.url);
		try {
			const { page, context } = await phone.newPhone();
			const look = LOOK(catcher.url);
			const base = {
				language: 'EN',
				look: { title: look.title, logoUrl: look.logoUrl, accentColour: look.accentColor },
				signerName: 'María García',
				maskedPhone: '+34 ••• ••• 123',
				documents: [],
				pageHref: '?signature=x',
				nonce: 'n',
			};
			for (const [kind, file] of [
				['expired', 'signing-page-6-expired.png'],
				['signing', 'signing-page-7-completing.png'],
			]) {
				await page.setContent(renderPage({ ...base, kind, refreshSeconds: 3600 }));
				assert.equal(await stateOf(page), kind);
				await page.waitForFunction(() => document.querySelector('img.logo').complete);
				await shoot(ctx, page, file);
			}
			await context.close();
		} finally {
			await phone.close();
			await catcher.close();
		}
		if (ctx.signingPageWorkflowId && editor) {
			const ed = await editor(ctx);
			await ed.openWorkflow(ctx.signingPageWorkflowId);
			await ed.page.setViewportSize({ width: 1600, height: 1100 });
			try {
				const text = await ed.openNode('Sign via page');
				assert.ok(
					text.includes('{{ $execution.resumeUrl }}/page'),
					`the panel does not show the link expression: ${text.slice(0, 500)}`,
				);
				for (const label of ['Request ID', 'Document UIDs', 'Options'])
					assert.ok(text.includes(label), `the panel lacks "${label}"`);
				await shoot(ctx, ed.page, 'signing-page-node-panel.png', { whole: true });
				await ed.closeNode();
			} finally {
				await ed.page.setViewportSize({ width: 1600, height: 900 });
			}
		} else {
			log('  (node panel check skipped: the first signing-page test did not deploy its workflow)');
		}
	});
}

module.exports = register;
