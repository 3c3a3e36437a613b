'use strict';
/**
 * Sign with Wait for Completion (callback to this execution) and three items in the real n8n of
 * the end-to-end suite (issue 15, batch): the execution parks once after the three sign calls;
 * the Optimizer's notices for the first two keep it waiting (n8n keeps nothing the waiting
 * webhook changes: each notice recomputes the progress from what n8n stored and the Optimizer);
 * the third resumes it once, with three signed items in order, paired, each with its PDF.
 *
 * Registered by run.js: `require('./batch')({ test, ... })`; `npm run test:e2e -- --only batch`.
 */
const assert = require('assert/strict');
const { randomUUID } = require('crypto');

const n8n = require('../../scripts/n8n/instance');
const { CHROMIUM, browserUnavailable } = require('./browser');
const { ONE_SHOT, signingFlow } = require('./workflows');

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/** The parked signing flow of the suite, with the webhook's three signers split into items. */
function batchFlow(ctx) {
	const flow = signingFlow({
		name: 'E2E batch of three signers',
		path: 'e2e-batch',
		credential: ctx.credential,
		documentUrl: `${ctx.filesUrl}/loan.pdf`,
		simulatorUrl: ctx.sim.url,
		mode: 'async',
		callbackUrl: '={{ $execution.resumeUrl }}',
		completionSignal: 'callback',
		waitTimeoutMinutes: 5,
	});
	const split = {
		id: randomUUID(),
		name: 'One item per signer',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [110, 200],
		parameters: { fieldToSplitOut: 'body.signers', options: {} },
	};
	flow.nodes.splice(1, 0, split);
	flow.connections.Webhook = { main: [[{ node: split.name, type: 'main', index: 0 }]] };
	flow.connections[split.name] = { main: [[{ node: 'Get PDF', type: 'main', index: 0 }]] };
	return flow;
}

/** Three signers, each their own request and page (node version 2: each link opens its page only). */
function pagesFlow(ctx) {
	const flow = batchFlow(ctx);
	flow.name = 'E2E batch of three signing pages';
	const webhook = flow.nodes.find((n) => n.name === 'Webhook');
	webhook.parameters.path = 'e2e-batch-pages';
	const keep = ['Webhook', 'One item per signer', 'Get PDF', 'Create', 'Upload'];
	flow.nodes = flow.nodes.filter((n) => keep.includes(n.name));
	for (const n of flow.nodes) if (n.type === ONE_SHOT) n.typeVersion = 2;
	const create = flow.nodes.find((n) => n.name === 'Create');
	create.parameters.givenName = "={{ $('One item per signer').item.json.name }}";
	create.parameters.email = "={{ $('One item per signer').item.json.email }}";
	const page = {
		id: randomUUID(),
		name: 'Sign via page',
		type: ONE_SHOT,
		typeVersion: 2,
		position: [1320, 200],
		parameters: {
			resource: 'request',
			operation: 'signViaPage',
			requestPk: "={{ $('Create').item.json.requestPk }}",
			options: { title: 'Sign your agreement' },
		},
		credentials: create.credentials,
	};
	flow.nodes.push(page);
	flow.connections = {
		Webhook: { main: [[{ node: 'One item per signer', type: 'main', index: 0 }]] },
		'One item per signer': { main: [[{ node: 'Get PDF', type: 'main', index: 0 }]] },
		'Get PDF': { main: [[{ node: 'Create', type: 'main', index: 0 }]] },
		Create: { main: [[{ node: 'Upload', type: 'main', index: 0 }]] },
		Upload: { main: [[{ node: 'Sign via page', type: 'main', index: 0 }]] },
	};
	return flow;
}

/** Chromium as one signer's phone: reads, asks for the code, types it, signs. */
async function signInChromium(ctx, browser, link, pk) {
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		isMobile: true,
	});
	const origin = new URL(ctx.n8n.baseUrl).origin;
	await context.route('**/*', (route) =>
		route.request().url().startsWith(origin) ? route.continue() : route.abort(),
	);
	try {
		const page = await context.newPage();
		page.setDefaultTimeout(30_000);
		await page.goto(link);
		assert.equal(await page.getAttribute('.card', 'data-state'), 'review');
		await page.check('#read');
		await Promise.all([page.waitForNavigation(), page.click('#send')]);
		assert.equal(await page.getAttribute('.card', 'data-state'), 'codeSent');
		const otp = await n8n.http('GET', `${ctx.sim.url}/__simulator/otp/${pk}`);
		await page.fill('#code', String(otp.json.otp));
		await Promise.all([page.waitForNavigation({ timeout: 120_000 }), page.click('#sign')]);
		const state = await page.getAttribute('.card', 'data-state');
		assert.ok(['signed', 'signing'].includes(state), `after the code: ${state}`);
		return await page.innerText('body');
	} finally {
		await context.close().catch(() => {});
	}
}

function register({ test, deployWorkflow, triggerWebhook, outputOf, readBinary, log }) {
	async function execution(ctx, id, done, what, timeoutMs = 90_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = (await ctx.api.get(`/executions?workflowId=${id}&limit=5`)).data || [];
			if (list[0]) {
				const e = await ctx.api.get(`/executions/${list[0].id}?includeData=true`);
				if (!ctx.executionIds.includes(e.id)) ctx.executionIds.push(e.id);
				if (done(e)) return e;
				if (FINISHED.includes(e.status))
					throw new Error(
						`execution ${e.id} ended ${e.status} before "${what}": ${JSON.stringify(e.data?.resultData?.error || {}).slice(0, 500)}`,
					);
			}
			if (Date.now() > deadline) throw new Error(`no execution reached "${what}"`);
			await n8n.sleep(300);
		}
	}

	test('batch: Sign (callback to this execution) with three items parks once; the notices of two keep it waiting, the third resumes it once with three signed items in order, paired, each with its PDF', async (ctx) => {
		const saved = ctx.sim.options.asyncSignDelayMs;
		ctx.sim.options.asyncSignDelayMs = 600_000;
		try {
			const id = await deployWorkflow(ctx, batchFlow(ctx));
			await triggerWebhook(ctx, 'e2e-batch', { signers: ['first', 'second', 'third'] });
			const parked = await execution(
				ctx,
				id,
				(e) => e.status === 'waiting' && e.data.resultData.lastNodeExecuted === 'Sign',
				'parked at Sign',
			);
			const pks = outputOf(parked, 'Create').map((item) => item.json.requestPk);
			assert.equal(new Set(pks).size, 3, JSON.stringify(pks));
			for (const pk of pks) {
				const calls = ctx.sim.requestLog.filter((r) => r.path.endsWith(`/sign/${pk}`));
				assert.equal(calls.length, 1, `request ${pk}: not exactly one sign call`);
			}
			assert.ok(ctx.sim.signNow(pks[2]) && ctx.sim.signNow(pks[0]));
			await n8n.sleep(2000);
			const still = await ctx.api.get(`/executions/${parked.id}`);
			assert.equal(still.status, 'waiting', 'resumed before every request was signed');
			assert.ok(ctx.sim.signNow(pks[1]));
			const done = await execution(ctx, id, (e) => e.status === 'success', 'success');
			assert.equal(done.id, parked.id);
			const items = outputOf(done, 'Sign');
			assert.deepEqual(
				items.map((item) => item.json.requestPk),
				pks,
			);
			assert.deepEqual(
				items.map((item) => item.pairedItem),
				pks.map((_, item) => ({ item })),
			);
			for (const item of items) {
				assert.equal(item.json.status, 'signed', JSON.stringify(item.json));
				const pdf = readBinary(ctx, item.binary.signed_0);
				assert.ok(pdf.toString('latin1').includes('/Type /Sig'), 'no signed PDF');
			}
			// the notices of the two first signatures were taken (200) without resuming it
			const accepted = ctx.sim.callbacks.filter(
				(c) => String(c.url).includes(`/webhook-waiting/${parked.id}`) && c.statusCode === 200,
			);
			assert.ok(accepted.length >= 3, `notices accepted: ${accepted.length}`);
			log(`       execution ${parked.id}: requests ${pks.join(', ')} signed, one resume`);
		} finally {
			ctx.sim.options.asyncSignDelayMs = saved;
		}
	});

	test("batch: Sign via Signing Page with three items: three signers' pages in Chromium, each link opens its own page; the execution parks once and resumes once, three signed items in order, paired", async (ctx) => {
		const problem = browserUnavailable();
		if (problem) throw new Error(problem);
		const id = await deployWorkflow(ctx, pagesFlow(ctx));
		const signers = ['Ana', 'Bruno', 'Carla'].map((name) => ({
			name,
			email: `${name.toLowerCase()}.pages@example.com`,
		}));
		await triggerWebhook(ctx, 'e2e-batch-pages', { signers });
		const parked = await execution(
			ctx,
			id,
			(e) => e.status === 'waiting' && e.data.resultData.lastNodeExecuted === 'Sign via page',
			'parked at the pages',
		);
		const created = outputOf(parked, 'Create');
		const pks = created.map((item) => item.json.requestPk);
		const links = created.map((item) => item.json.signingPageUrl);
		assert.equal(new Set(links).size, 3, 'the signers do not have three different links');
		const { chromium } = require('playwright-core');
		const browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
		});
		try {
			// the third signer first, then the first: the execution keeps waiting for the second
			for (const n of [2, 0]) {
				const text = await signInChromium(ctx, browser, links[n], pks[n]);
				assert.match(text, new RegExp(signers[n].name), `page ${n + 1} does not greet its signer`);
			}
			const still = await ctx.api.get(`/executions/${parked.id}`);
			assert.equal(still.status, 'waiting', 'resumed before every signer signed');
			await signInChromium(ctx, browser, links[1], pks[1]);
		} finally {
			await browser.close().catch(() => {});
		}
		const done = await execution(ctx, id, (e) => e.status === 'success', 'success');
		assert.equal(done.id, parked.id);
		const items = outputOf(done, 'Sign via page');
		assert.deepEqual(
			items.map((item) => item.json.requestPk),
			pks,
		);
		assert.deepEqual(
			items.map((item) => item.pairedItem),
			pks.map((_, item) => ({ item })),
		);
		for (const item of items) {
			assert.equal(item.json.status, 'signed', JSON.stringify(item.json));
			assert.ok(readBinary(ctx, item.binary.signed_0).toString('latin1').includes('/Type /Sig'));
		}
		log(`       execution ${parked.id}: three pages signed in Chromium, one resume`);
	});
}

module.exports = register;
