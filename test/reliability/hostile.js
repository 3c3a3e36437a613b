'use strict';
/**
 * Hostile: the public URLs of a real n8n (the trigger's webhook, the signing page and the resume
 * URL of a parked execution) faced as an attacker would (issue 13, "Secure by default"). Each
 * check fails on the code before that issue (see the report of the issue for how that was checked).
 *
 *   unprotected trigger   a trigger created with the package's defaults cannot be published
 *                         without protection; "None (Not Recommended)" must be chosen explicitly
 *   callback credential   forged callbacks (no token, wrong token) start nothing; the token lives in
 *                         an encrypted credential, never in the workflow or an execution's snapshot
 *   short, padded secrets an Optimizer echoing a padded billing password (Base64, as sent) and a
 *                         3-digit PIN: neither appears in the execution's error
 *   forged cancellation   a CANCELLED notice posted to the resume URL, with and without the page
 *                         link's /page, does not end the signing page; the Optimizer's own does
 *   cross-page link       two signers in one execution: A's link (and the plain resume link) do
 *                         not open B's page
 *   wrong codes           400 "Invalid OTP", 401, 422 (and 403) answers to Sign each cost an attempt
 *                         until the page locks
 *   stalled stream        a contract download that stalls half-way ends the signer's request
 *   restart               codes sent and wrong codes survive an n8n restart: the link opened
 *                         again, and the first page token replayed, give no fresh code and no
 *                         fresh attempts (Sign via Signing Page version 3, data table)
 *
 * A token past its age and eviction under a slow Sign need a clock or a memory cap a real n8n
 * does not let a test set: test/integration/hostile-page.test.ts covers them in process.
 */
const assert = require('assert/strict');
const path = require('path');

const session = require('./lib/session');
const wf = require('./lib/workflows');

const { openPage, submit } = require('../support/page-client');

const { n8n, errorOf, outputOf } = session;

const API = '/oneshot/api/v1';
const CALLBACK = {
	status: 'CANCELLED',
	date: '2026-07-20T08:08:21.132394',
	previous_status: 'ENROLLREADY',
	request: 46760,
	registration_authority: 139,
};

/** The version the editor gives a new node: the default of the package installed in n8n. */
function defaultVersion(ctx, node) {
	const installed = path.join(ctx.n8n.home, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE_NAME);
	const exports = require(path.join(installed, `dist/nodes/${node}/${node}.node.js`));
	const { description } = new exports[node]();
	return description.defaultVersion ?? Math.max(...[description.version].flat());
}

function defaultTriggerVersion(ctx) {
	return defaultVersion(ctx, 'UanatacaOneShotTrigger');
}

async function createCallbackCredential(ctx, name, data) {
	return await ctx.n8n.api.post('/credentials', { name, type: 'uanatacaOneShotCallbackAuthApi', data });
}

/** A trigger → No-Op workflow (not published). */
async function triggerWorkflow(ctx, name, parameters, { typeVersion, credentials } = {}) {
	const trigger = wf.oneShotTrigger(parameters, { name: 'One-Shot Trigger' });
	trigger.typeVersion = typeVersion ?? defaultTriggerVersion(ctx);
	if (credentials) trigger.credentials = credentials;
	const created = await ctx.n8n.api.post('/workflows', n8n.workflowForImport(wf.chainWorkflow(name, [trigger, wf.noOp()])));
	return { id: created.id, trigger, route: `${trigger.webhookId}/oneshot` };
}

async function postCallback(ctx, route, query = '', body = CALLBACK) {
	return await n8n.http('POST', `${ctx.n8n.webhookBaseUrl}/webhook/${route}${query}`, { body });
}


/** Webhook → Get PDF → Create(s) (asynchronous, Callback URL = resume URL) → Upload → Sign via Signing Page (the version a new node gets). */
function pageWorkflow(ctx, webhookPath, { signers = 1, page = {} } = {}) {
	const c = ctx.credential;
	const creates = [];
	for (let n = signers; n >= 1; n--) {
		const create = wf.oneShot(
			n === 1 ? 'Create' : `Create ${n}`,
			wf.createParameters({ asyncMode: true, callbackUrl: '={{ $execution.resumeUrl }}', signer: { email: `signer${n}@example.com` } }),
			c,
		);
		creates.push(create);
	}
	const pageNode = wf.oneShot(
		'Sign via page',
		{ resource: 'request', operation: 'signViaPage', requestPk: "={{ $('Create').item.json.requestPk }}", options: { maxAttempts: 3, waitTimeoutMinutes: 30, ...page } },
		c,
	);
	pageNode.typeVersion = defaultVersion(ctx, 'UanatacaOneShot');
	// version 3 keeps each signer's progress in a data table of this n8n, through its API
	pageNode.credentials.uanatacaOneShotN8nApi = ctx.n8nApiCredential;
	return wf.chainWorkflow(`Hostile ${webhookPath}`, [
		wf.webhook(webhookPath),
		wf.httpRequest('Get PDF', { url: `${ctx.filesUrl}/contract.pdf`, file: true }),
		...creates,
		wf.oneShot('Upload', { resource: 'document', operation: 'upload', binaryPropertyName: 'data', requestPk: "={{ $('Create').item.json.requestPk }}" }, c),
		pageNode,
	]);
}

/** Publishes a page workflow, runs it until it waits at the page; its links and request numbers. */
async function parkAtPage(ctx, webhookPath, options) {
	const id = await ctx.n8n.deploy(pageWorkflow(ctx, webhookPath, options));
	const after = await ctx.n8n.lastExecutionId();
	const res = await ctx.n8n.trigger(webhookPath, {});
	assert.equal(res.status, 200, `POST /webhook/${webhookPath} → ${res.status}`);
	const execution = await ctx.n8n.waitForExecution(id, { after, statuses: ['waiting', 'error', 'success'], timeoutMs: 60_000 });
	assert.equal(execution.status, 'waiting', `the execution did not wait at the page: ${JSON.stringify(session.runData(execution).error ?? {}).slice(0, 300)}`);
	const create = outputOf(execution, 'Create')[0].json;
	// without a page link from Create (the code before issue 13): the documented plain one
	const plain = `${ctx.n8n.baseUrl}/webhook-waiting/${execution.id}?signature=${execution.data.resumeToken}/page`;
	const link = create.signingPageUrl ?? plain;
	const resumeUrl = link.replace(/\/page(&pageKey=.*)?$/, '');
	const others = (options?.signers ?? 1) > 1 ? outputOf(execution, 'Create 2')[0].json : undefined;
	return { id, executionId: execution.id, pk: create.requestPk, link, resumeUrl, otherLink: others?.signingPageUrl };
}

async function statusOf(ctx, executionId) {
	return (await ctx.n8n.api.get(`/executions/${executionId}`)).status;
}

async function finished(ctx, executionId, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await ctx.n8n.execution(executionId);
		if (execution.status !== 'waiting' && execution.status !== 'running' && execution.status !== 'new') return execution;
		assert.ok(Date.now() < deadline, `execution ${executionId} still ${execution.status}`);
		await n8n.sleep(300);
	}
}

function register(test) {
	test('unprotected trigger: a new trigger without protection is refused at publish time; "None" must be explicit', async (ctx) => {
		const version = defaultTriggerVersion(ctx);
		const open = await triggerWorkflow(ctx, 'Hostile: trigger with defaults', {});
		let refusal;
		try {
			await n8n.publishWorkflow(ctx.n8n.api, open.id);
		} catch (error) {
			refusal = error;
		}
		assert.ok(refusal, `a trigger (version ${version}) with no protection was published: anyone knowing its URL could start the workflow`);
		// n8n refuses first (the callback credential is required unless "None" is chosen); the
		// trigger's own check (activation) says "Callbacks are not protected" should it get that far
		assert.match(
			String(refusal.message),
			/Missing required credential: uanatacaOneShotCallbackAuthApi|not protected/,
			`the refusal does not say why: ${refusal.message}`,
		);
		const forged = await postCallback(ctx, open.route);
		assert.equal(forged.status, 404, `a callback into the refused trigger was answered ${forged.status}`);

		const explicit = await triggerWorkflow(ctx, 'Hostile: trigger with None', { callbackAuthentication: 'none' });
		await n8n.publishWorkflow(ctx.n8n.api, explicit.id);
		ctx.n8n.workflowIds.push(explicit.id);
		const after = await ctx.n8n.lastExecutionId();
		let res;
		for (const deadline = Date.now() + 20_000; ; ) {
			res = await postCallback(ctx, explicit.route);
			if (res.status !== 404 || Date.now() > deadline) break;
			await n8n.sleep(300);
		}
		assert.equal(res.status, 200, `"None (Not Recommended)" chosen explicitly: ${res.status} ${res.text.slice(0, 200)}`);
		await ctx.n8n.waitForExecution(explicit.id, { after, timeoutMs: 30_000 });
		await ctx.n8n.unpublish(explicit.id);
	});

	test('callback credential: forged callbacks start nothing; the token is in no workflow or execution snapshot', async (ctx) => {
		const token = 'hostile-callback-token-9d4e2b7a61c3';
		ctx.secrets.push(['callback credential token', token]);
		const credential = await createCallbackCredential(ctx, 'Hostile callback token', { method: 'token', token });
		const flow = await triggerWorkflow(
			ctx,
			'Hostile: protected trigger',
			{ callbackAuthentication: 'credential', statuses: [] },
			{ credentials: { uanatacaOneShotCallbackAuthApi: { id: credential.id, name: credential.name } } },
		);
		await n8n.publishWorkflow(ctx.n8n.api, flow.id);
		ctx.n8n.workflowIds.push(flow.id);
		const after = await ctx.n8n.lastExecutionId();
		for (const deadline = Date.now() + 20_000; ; ) {
			const probe = await postCallback(ctx, flow.route, '?token=wrong');
			if (probe.status !== 404) {
				assert.equal(probe.status, 401, `wrong token answered ${probe.status}`);
				break;
			}
			assert.ok(Date.now() < deadline, 'the protected trigger never registered');
			await n8n.sleep(300);
		}
		for (const query of ['', `?token=${token.slice(0, -1)}`, `?token=${token}&token=${token}`]) {
			const forged = await postCallback(ctx, flow.route, query);
			assert.equal(forged.status, 401, `forged callback (${query.replace(token, '<token>') || 'no token'}) answered ${forged.status}`);
		}
		const genuine = await postCallback(ctx, flow.route, `?token=${token}&crm=42`);
		assert.equal(genuine.status, 200, `genuine callback answered ${genuine.status} ${genuine.text.slice(0, 200)}`);
		const execution = await ctx.n8n.waitForExecution(flow.id, { after, timeoutMs: 30_000 });
		const executions = await ctx.n8n.executions({ workflowId: flow.id, includeData: true });
		assert.equal(executions.length, 1, `${executions.length} executions: forged callbacks started some`);
		assert.deepEqual(session.outputOf(execution, 'One-Shot Trigger')[0].json.correlation, { crm: '42' });
		const stored = JSON.stringify([await ctx.n8n.api.get(`/workflows/${flow.id}`), execution]);
		assert.ok(!stored.includes(token), 'the callback token is in the workflow or its execution snapshot');
		await ctx.n8n.unpublish(flow.id);
	});

	test('short and padded secrets: an Optimizer echoing them gets them masked in the error', async (ctx) => {
		const billingPassword = `  ${ctx.sim.billing.password} `;
		const sentBase64 = Buffer.from(billingPassword, 'utf8').toString('base64');
		const pin = '739';
		ctx.secrets.push(['padded billing password (Base64 as sent)', sentBase64]);
		const credential = await ctx.n8n.createCredential(
			'Hostile: padded billing password, 3-digit PIN',
			n8n.simulatorCredentialData(ctx.sim, {
				token: '',
				username: ctx.sim.rao.username,
				password: ctx.sim.rao.password,
				pin,
				billingPassword,
			}),
		);
		const webhookPath = 'hostile-echo';
		const id = await ctx.n8n.deploy(
			wf.chainWorkflow('Hostile: echoed secrets', [
				wf.webhook(webhookPath),
				wf.oneShot('Create', wf.createParameters(), credential, { continueOnFail: true }),
			]),
		);
		ctx.sim.injectFault({
			route: `POST ${API}/create`,
			kind: '5xx',
			status: 400,
			times: 1,
			message: `Billing credentials not valid: billing_password=${sentBase64}; pin=${pin}; "pin": ${pin}`,
		});
		const after = await ctx.n8n.lastExecutionId();
		const res = await ctx.n8n.trigger(webhookPath, {});
		assert.equal(res.status, 200);
		const execution = await ctx.n8n.waitForExecution(id, { after, timeoutMs: 60_000 });
		const item = session.outputOf(execution, 'Create')[0];
		const shown = JSON.stringify(item ?? errorOf(execution, 'Create'));
		assert.match(shown, /Billing credentials not valid/, `the Optimizer's message is not shown: ${shown.slice(0, 300)}`);
		assert.ok(!shown.includes(sentBase64), 'the padded billing password (Base64, as sent) is in the error');
		assert.ok(!/pin=739|"pin\\?": ?739/.test(shown), `the 3-digit PIN is in the error: ${shown.slice(0, 400)}`);
		await ctx.n8n.unpublish(id);
	});

	test('forged cancellation: a CANCELLED notice to the resume URL (page link with or without /page) changes nothing; the Optimizer\'s own one ends the page', async (ctx) => {
		const parked = await parkAtPage(ctx, 'hostile-cancel');
		const forgedBodies = [
			{ ...CALLBACK, request: parked.pk },
			{ event_type: 'REQUEST_CANCELED', sent_at: '20260720083633', request: { pk: parked.pk, status: 'CANCELLED', registration_authority: 1000, profile: 'PFnubeQAFCiudadano' }, certificates: [] },
		];
		for (const body of forgedBodies) {
			for (const url of [parked.resumeUrl, parked.link.replace('/page&', '&'), `${parked.resumeUrl}&oneshotKey=guess-guess-guess-guess-1`]) {
				const forged = await n8n.http('POST', url, { body });
				assert.notEqual(forged.status, 200, `forged cancellation to ${url.replace(/signature=[^&/]+/, 'signature=…')} answered 200`);
			}
		}
		await n8n.sleep(500);
		assert.equal(await statusOf(ctx, parked.executionId), 'waiting', 'a forged cancellation ended the execution');
		assert.equal((await openPage(parked.link)).page.state, 'review', 'the page no longer shows the review step');
		assert.ok(ctx.sim.cancelRequest(parked.pk), 'the simulator could not cancel the request');
		const execution = await finished(ctx, parked.executionId);
		assert.equal(outputOf(execution, 'Sign via page')[0].json.status, 'cancelled', 'the Optimizer\'s cancellation did not end the page');
		await ctx.n8n.unpublish(parked.id);
	});

	test('cross-page link: signer A\'s link (and the plain resume link) do not open signer B\'s page; B\'s does', async (ctx) => {
		const parked = await parkAtPage(ctx, 'hostile-two-signers', { signers: 2 });
		assert.ok(parked.otherLink && parked.otherLink !== parked.link, 'no separate link for signer A');
		for (const [what, link] of [["signer A's link", parked.otherLink], ['the plain resume link', `${parked.resumeUrl}/page`]]) {
			const page = await openPage(link);
			assert.equal(page.status, 403, `${what} opened signer B's page (${page.status} ${page.page.state})`);
			const action = await submit(link, { action: 'send', read: '1' });
			assert.equal(action.status, 403, `${what} could act on signer B's page`);
		}
		const own = await openPage(parked.link);
		assert.equal(own.page.state, 'review', `B's own link: ${own.status} ${own.page.state}`);
		const otp = ctx.sim.requestLog.filter((r) => r.method === 'POST' && r.path === `${API}/otp/${parked.pk}`);
		assert.equal(otp.length, 0, 'a code was sent to signer B');
		await ctx.n8n.api.post(`/executions/${parked.executionId}/stop`, {}, { expect: [200, 404, 409] }).catch(() => undefined);
		await ctx.n8n.unpublish(parked.id);
	});

	test('wrong codes of every shape (400 Invalid OTP, 401, 422) each cost an attempt until the page locks', async (ctx) => {
		const parked = await parkAtPage(ctx, 'hostile-wrong-codes');
		const review = await openPage(parked.link);
		let page = (await submit(parked.link, { token: review.page.token, action: 'send', read: '1' })).page;
		assert.equal(page.state, 'codeSent');
		const shapes = [[400, 'Invalid OTP'], [401, 'Unauthorized'], [422, 'Unprocessable Entity']];
		for (const [index, [status, message]] of shapes.entries()) {
			ctx.sim.injectFault({ route: `POST ${API}/sign/${parked.pk}`, kind: '5xx', status, message, times: 1 });
			page = (await submit(parked.link, { token: page.token, action: 'sign', code: '123456' })).page;
			const left = shapes.length - index - 1;
			if (left > 0) assert.match(String(page.notice), new RegExp(`Attempts left: ${left}\\.`), `a ${status} "${message}" did not count: ${page.state} ${page.notice}`);
		}
		assert.equal(page.state, 'locked', `after three refused codes the page is ${page.state}`);
		const execution = await finished(ctx, parked.executionId);
		assert.deepEqual(
			{ status: outputOf(execution, 'Sign via page')[0].json.status, attempts: outputOf(execution, 'Sign via page')[0].json.attempts },
			{ status: 'locked', attempts: 3 },
		);
		await ctx.n8n.unpublish(parked.id);
	});

	test('restart: codes sent and wrong codes survive an n8n restart; the link and the first page token give nothing fresh', async (ctx) => {
		const parked = await parkAtPage(ctx, 'hostile-restart');
		const otpCalls = () => ctx.sim.requestLog.filter((r) => r.method === 'POST' && r.path === `${API}/otp/${parked.pk}`).length;
		const signCalls = () => ctx.sim.requestLog.filter((r) => r.method === 'POST' && r.path === `${API}/sign/${parked.pk}`).length;
		const review = await openPage(parked.link);
		assert.equal(review.page.state, 'review');
		let page = (await submit(parked.link, { token: review.page.token, action: 'send', read: '1' })).page;
		assert.equal(page.state, 'codeSent');
		const codeToken = page.token;
		page = (await submit(parked.link, { token: page.token, action: 'sign', code: '9999999' })).page;
		assert.match(String(page.notice), /Attempts left: 2\./, `the wrong code did not count: ${page.state} ${page.notice}`);
		assert.equal(otpCalls(), 1);

		await ctx.n8n.restart();
		assert.equal(await statusOf(ctx, parked.executionId), 'waiting', 'the execution no longer waits after the restart');

		// the link opened again: where the signer was, not a fresh page
		const reopened = await openPage(parked.link);
		assert.equal(reopened.page.state, 'codeSent', `after the restart the link shows a ${reopened.page.state} page`);
		// the first page token replayed: no fresh code (the one-a-minute rule and the count are kept)
		const replay = await submit(parked.link, { token: review.page.token, action: 'send', read: '1' });
		assert.equal(otpCalls(), 1, `a replayed first token sent another code after the restart (${replay.status} ${replay.page.state})`);
		// no fresh attempts: the second wrong code (with a token from before the restart) leaves one
		page = (await submit(parked.link, { token: codeToken, action: 'sign', code: '9999998' })).page;
		assert.match(String(page.notice), /Attempts left: 1\./, `after the restart the attempts started again: ${page.state} ${page.notice}`);
		page = (await submit(parked.link, { token: reopened.page.token, action: 'sign', code: '9999997' })).page;
		assert.equal(page.state, 'locked', `three wrong codes across a restart did not lock the page: ${page.state}`);
		const execution = await finished(ctx, parked.executionId);
		const out = outputOf(execution, 'Sign via page')[0].json;
		assert.deepEqual({ status: out.status, attempts: out.attempts }, { status: 'locked', attempts: 3 });
		assert.equal(signCalls(), 3, 'Sign calls across the restart');
		// the progress is in a data table of this n8n, keyed without any of the page's secrets
		const tables = await ctx.n8n.api.get('/data-tables');
		const table = tables.data.find((t) => t.name === 'Uanataca One-Shot Signing Pages');
		assert.ok(table, 'no data table keeps the signers\' progress');
		const rows = await ctx.n8n.api.get(`/data-tables/${table.id}/rows?limit=250`);
		const row = rows.data.find((r) => String(r.page).startsWith(`${parked.executionId}.`));
		assert.ok(row, 'no row for the page');
		assert.deepEqual({ sends: row.sends, attempts: row.attempts }, { sends: 1, attempts: 3 });
		const key = new URL(parked.link).searchParams.get('pageKey');
		assert.ok(!JSON.stringify(rows.data).includes(key), 'the page key is in the data table');
		await ctx.n8n.unpublish(parked.id);
	});

	test('stalled document stream: a contract download that stalls half-way ends the signer\'s request', async (ctx) => {
		const parked = await parkAtPage(ctx, 'hostile-stall');
		const review = await openPage(parked.link);
		ctx.sim.injectFault({ route: `GET ${API}/contract/${parked.pk}`, kind: 'stall', times: 1 });
		const url = new URL(review.page.links[0].href, parked.link).href;
		const started = Date.now();
		let outcome;
		try {
			const res = await n8n.http('GET', url, { timeoutMs: 75_000 });
			outcome = `answered ${res.status} with ${res.text.length} characters`;
		} catch (error) {
			outcome = `ended: ${error.message}`;
		}
		const seconds = (Date.now() - started) / 1000;
		assert.ok(seconds < 60, `the download was still open after ${Math.round(seconds)} s (${outcome})`);
		assert.equal((await openPage(parked.link)).page.state, 'review', 'the page does not go on after the stalled download');
		await ctx.n8n.api.post(`/executions/${parked.executionId}/stop`, {}, { expect: [200, 404, 409] }).catch(() => undefined);
		await ctx.n8n.unpublish(parked.id);
	});
}

module.exports = { register };
