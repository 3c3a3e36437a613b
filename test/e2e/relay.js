'use strict';
/**
 * End-to-end tests of the trigger's "Resume Waiting Executions" (docs/relay.md) in the real n8n.
 * Registered by run.js (`npm run test:e2e -- --only relay`).
 *
 * A published trigger workflow (Uanataca One-Shot Trigger version 2, callback credential with a
 * token, Resume Waiting Executions with a "Uanataca One-Shot N8n API" credential holding an API
 * key of this n8n) receives the Optimizer's notices; a signing flow whose Create sends its
 * callbacks to that trigger parks at Sign (How to Detect Completion: Callback to This Execution).
 * - the simulator's ISSUED notice reaches the trigger, which hands it to the parked execution:
 *   it resumes signed, and the trigger's own workflow never runs for ISSUED;
 * - a notice that arrives before the execution is parked (while it runs and n8n stores it) is
 *   answered at once, kept by the trigger and delivered once the execution waits: not lost.
 * Every wait is bounded.
 */
const assert = require('assert/strict');
const { randomUUID } = require('crypto');

const n8n = require('../../scripts/n8n/instance');
const { signingFlow } = require('./workflows');

const TRIGGER = 'n8n-nodes-uanataca-oneshot.uanatacaOneShotTrigger';

/** The relay's credentials and published trigger workflow, made once per run. */
async function relaySetup(ctx, deployWorkflow) {
	if (ctx.relay) return ctx.relay;
	const token = `relay${randomUUID().replace(/-/g, '')}`;
	const apiKey = await n8n.createApiKey(ctx.n8n.baseUrl, ctx.cookie, 'relay');
	ctx.secrets.push(['relay API key', apiKey]);
	// the token goes into Create's Callback URL (a node parameter the user writes), so n8n keeps it
	// in each execution's workflow snapshot by design: checked in the run data and the logs
	ctx.triggerTokens.push(['relay callback token', token]);
	const auth = await ctx.api.post('/credentials', {
		name: 'Relay callback token',
		type: 'uanatacaOneShotCallbackAuthApi',
		data: { method: 'token', token },
	});
	const api = await ctx.api.post('/credentials', {
		name: 'This n8n (relay)',
		type: 'uanatacaOneShotN8nApi',
		data: { baseUrl: ctx.n8n.baseUrl, apiKey },
	});
	const webhookId = randomUUID();
	const workflow = {
		name: 'E2E relay trigger',
		nodes: [
			{
				id: randomUUID(),
				name: 'One-Shot notices',
				type: TRIGGER,
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: {
					callbackAuthentication: 'credential',
					resumeWaitingExecutions: true,
					options: {},
				},
				credentials: {
					uanatacaOneShotCallbackAuthApi: { id: auth.id, name: auth.name },
					uanatacaOneShotN8nApi: { id: api.id, name: api.name },
				},
			},
		],
		connections: {},
		settings: {},
	};
	const workflowId = await deployWorkflow(ctx, workflow);
	const url = `${ctx.n8n.baseUrl}/webhook/${webhookId}/oneshot?token=${token}`;
	// wait until the production route answers (a notice for an unknown request starts the workflow)
	const deadline = Date.now() + 15_000;
	for (;;) {
		const res = await n8n.http('POST', url, {
			body: { status: 'CREATED', request: 1, registration_authority: 1000 },
		});
		if (res.status === 200) break;
		if (Date.now() > deadline) throw new Error(`relay trigger never answered: ${res.status}`);
		await n8n.sleep(300);
	}
	ctx.relay = { workflowId, url };
	return ctx.relay;
}

/** Statuses of the notices that started the trigger's own workflow. */
async function startedStatuses(ctx, workflowId) {
	const list = await ctx.api.get(`/executions?workflowId=${workflowId}&limit=100&includeData=true`);
	const statuses = [];
	for (const e of list.data || []) {
		const run = e.data?.resultData?.runData?.['One-Shot notices'];
		for (const item of run?.[0]?.data?.main?.[0] ?? []) statuses.push(item.json.status);
	}
	return statuses;
}

module.exports = function registerRelayTests({
	test,
	deployWorkflow,
	triggerWebhook,
	waitForExecution,
	outputOf,
}) {
	function relayedFlow(ctx, name, path, callbackUrl) {
		return signingFlow({
			name,
			path,
			credential: ctx.credential,
			documentUrl: `${ctx.filesUrl}/loan.pdf`,
			simulatorUrl: ctx.sim.url,
			mode: 'async',
			callbackUrl,
			completionSignal: 'callback',
			waitTimeoutMinutes: 5,
		});
	}

	test('relay: the trigger (Resume Waiting Executions) hands the ISSUED notice to the execution parked for that request', async (ctx) => {
		const relay = await relaySetup(ctx, deployWorkflow);
		const id = await deployWorkflow(ctx, relayedFlow(ctx, 'E2E relayed', 'e2e-relayed', relay.url));
		await triggerWebhook(ctx, 'e2e-relayed');
		const execution = await waitForExecution(ctx, id);
		assert.ok(execution.seen.includes('waiting'), `never seen waiting (saw ${execution.seen})`);
		assert.equal(execution.status, 'success', `execution ended ${execution.status}`);
		const [signed] = outputOf(execution, 'Sign');
		assert.equal(signed.json.signed, true, JSON.stringify(signed.json));
		assert.equal(signed.json.confirmed, true, JSON.stringify(signed.json));
		const pk = signed.json.requestPk;
		// the registration was kept with the execution (custom data), the resume URL with its token
		assert.equal(execution.customData?.uanatacaOneShotRelayPks, String(pk));
		const issued = ctx.sim.callbacks.filter(
			(c) => c.pk === pk && c.requestStatus === 'ISSUED' && c.url === relay.url,
		);
		assert.ok(issued.length === 1 && issued[0].statusCode === 200, JSON.stringify(issued));
		await n8n.sleep(1000);
		assert.ok(
			!(await startedStatuses(ctx, relay.workflowId)).includes('ISSUED'),
			'the ISSUED notice also started the trigger workflow',
		);
	});

	test('relay: a notice that arrives while the execution is still running (before n8n stored it parked) is held and delivered, not lost', async (ctx) => {
		const relay = await relaySetup(ctx, deployWorkflow);
		const id = await deployWorkflow(
			ctx,
			relayedFlow(ctx, 'E2E relayed early', 'e2e-relayed-early', relay.url),
		);
		const saved = ctx.sim.options.asyncSignDelayMs;
		ctx.sim.options.asyncSignDelayMs = 600_000;
		// the sign call takes 4 s: the execution is still running when the notice comes
		ctx.sim.injectFault({ route: 'POST /oneshot/api/v1/sign/', kind: 'slow', delayMs: 4000 });
		try {
			const started = Date.now();
			await triggerWebhook(ctx, 'e2e-relayed-early');
			const pk = await waitForCreated(ctx, relay.url, started);
			// the registration authority reports the cancellation while the execution still runs
			const sent = Date.now();
			const res = await n8n.http('POST', relay.url, {
				body: {
					status: 'CANCELLED',
					date: new Date().toISOString().replace('Z', '000'),
					previous_status: 'ENROLLREADY',
					request: pk,
					registration_authority: 1000,
				},
				timeoutMs: 60_000,
			});
			assert.equal(res.status, 200, `trigger answered ${res.status} ${res.text}`);
			// answered at once, while the execution still runs (its sign call takes 4 s): the
			// trigger keeps the notice and hands it over once n8n has stored the execution parked
			assert.ok(Date.now() - sent < 3000, `answered after ${Date.now() - sent} ms`);
			// (n8n's API lists running executions only when asked for status=running)
			const running = await ctx.api.get(`/executions?workflowId=${id}&status=running`);
			assert.equal(running.data.length, 1, 'the execution was parked before the notice came');
			const execution = await waitForExecution(ctx, id);
			const [out] = outputOf(execution, 'Sign');
			assert.equal(out.json.status, 'cancelled', JSON.stringify(out.json));
			assert.ok(
				!(await startedStatuses(ctx, relay.workflowId)).includes('CANCELLED'),
				'the CANCELLED notice also started the trigger workflow',
			);
		} finally {
			ctx.sim.clearFaults();
			ctx.sim.options.asyncSignDelayMs = saved;
		}
	});
};

/** The request the running flow created: its CREATED notice to the trigger (bounded wait). */
async function waitForCreated(ctx, url, since) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const created = ctx.sim.callbacks.filter(
			(c) => c.url === url && c.requestStatus === 'CREATED' && c.at >= since,
		);
		if (created.length) return created.at(-1).pk;
		if (Date.now() > deadline) throw new Error('the running flow created no request');
		await n8n.sleep(50);
	}
}
