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
 */
const assert = require('assert/strict');
const path = require('path');

const session = require('./lib/session');
const wf = require('./lib/workflows');

const { n8n, errorOf } = session;

const API = '/oneshot/api/v1';
const CALLBACK = {
	status: 'CANCELLED',
	date: '2026-07-20T08:08:21.132394',
	previous_status: 'ENROLLREADY',
	request: 46760,
	registration_authority: 139,
};

/** The trigger version the editor gives a new node: the default of the package installed in n8n. */
function defaultTriggerVersion(ctx) {
	const installed = path.join(ctx.n8n.home, '.n8n', 'nodes', 'node_modules', n8n.PACKAGE_NAME);
	const file = path.join(installed, 'dist/nodes/UanatacaOneShotTrigger/UanatacaOneShotTrigger.node.js');
	const { UanatacaOneShotTrigger } = require(file);
	const { description } = new UanatacaOneShotTrigger();
	return description.defaultVersion ?? Math.max(...[description.version].flat());
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
}

module.exports = { register };
