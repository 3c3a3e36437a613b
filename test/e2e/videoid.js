'use strict';
/**
 * Example 3 (examples/03-video-id-review.json) end to end in the real n8n of the end-to-end suite.
 *
 * The onboarding side is played by a small workflow of this suite (Webhook → Video ID → Create, on
 * the current Optimizer) and by the test itself, which stores the Video ID number in the CRM
 * stand-in (GET /api/video-ids/<requestPk>, where example 3 looks it up). The simulator's
 * `raWebhookUrl` (the registration authority's webhook, where the current Optimizer sends Video ID
 * notifications) points at example 3's published trigger, with its secret token; `completeVideoId`
 * is the signer finishing the video call (VIDEOPENDING → VIDEOREVIEW). Then example 3 runs as
 * published: the CRM lookup, the reviewer's e-mail (Send and Wait for Response, custom form) read
 * from the mailbox, the form opened and submitted from the e-mail's link, the If, Video ID →
 * Approve or Refuse, and the CRM update.
 *
 * Registered by run.js: `require('./videoid')(test)`.
 */
const assert = require('assert/strict');
const { randomUUID } = require('crypto');
const fs = require('fs');
const path = require('path');

const n8n = require('../../scripts/n8n/instance');
const { localizeExample } = require('../../scripts/n8n/crm');
const { ONE_SHOT } = require('./workflows');

const START_PATH = 'e2e-videoid-start';
const EXAMPLE = '03-video-id-review.json';
const TRIGGER = 'n8n-nodes-uanataca-oneshot.uanatacaOneShotTrigger';
const FINISHED = ['success', 'error', 'crashed', 'canceled'];

// Small helpers over ctx (the same as run.js's, kept here so that registering this file is one line)

const h = {
	async deployWorkflow(ctx, workflow) {
		const created = await ctx.api.post('/workflows', n8n.workflowForImport(workflow));
		await n8n.publishWorkflow(ctx.api, created.id);
		ctx.workflowIds.push(created.id);
		return created.id;
	},
	/** POSTs to /webhook/<path>, retrying (bounded) while n8n is still registering the route. */
	async triggerWebhook(ctx, webhookPath, body) {
		const deadline = Date.now() + 15_000;
		for (;;) {
			const res = await n8n.http('POST', `${ctx.n8n.baseUrl}/webhook/${webhookPath}`, { body });
			if (res.status === 200) return;
			if (res.status !== 404 || Date.now() > deadline)
				throw new Error(`POST /webhook/${webhookPath} → ${res.status} ${res.text.slice(0, 300)}`);
			await n8n.sleep(500);
		}
	},
	/** The executions of a workflow (newest first, at most 100: enough for this suite). */
	async executionsOf(ctx, workflowId) {
		const list = await ctx.api.get(`/executions?workflowId=${workflowId}&limit=100`);
		return list.data || [];
	},
	/** Polls one execution (bounded) until `predicate(execution)` holds; returns it with data. */
	async waitForState(ctx, executionId, predicate, what, timeoutMs = 60_000) {
		const until = Date.now() + timeoutMs;
		const seen = new Set();
		for (;;) {
			const e = await ctx.api.get(`/executions/${executionId}?includeData=true`);
			seen.add(`${e.status}@${e.data?.resultData?.lastNodeExecuted ?? '-'}`);
			if (predicate(e)) return e;
			if (Date.now() > until)
				throw new Error(`execution ${executionId} never reached ${what} (saw ${[...seen]})`);
			await n8n.sleep(200);
		}
	},
	runData(execution) {
		const data = execution.data;
		assert.ok(data && data.resultData, `execution ${execution.id} has no data`);
		return data.resultData;
	},
	/** The output items of a node in an execution (last run, first output). */
	outputOf(execution, node) {
		const runs = h.runData(execution).runData[node];
		assert.ok(
			runs && runs.length > 0,
			`node "${node}" did not run (nodes run: ${Object.keys(h.runData(execution).runData)})`,
		);
		const run = runs[runs.length - 1];
		assert.ok(!run.error, `node "${node}" failed: ${run.error && run.error.message}`);
		return run.data.main[0];
	},
	/** Example 3 with its placeholders filled in for this run (credentials, CRM URL). */
	loadExample(ctx) {
		const text = fs.readFileSync(path.join(n8n.REPO_ROOT, 'examples', EXAMPLE), 'utf8');
		return JSON.parse(
			localizeExample(text, {
				credentialId: ctx.credential.id,
				smtpCredentialId: ctx.smtpCredential.id,
				crmUrl: ctx.crm.url,
			}),
		);
	},
	/** The production URL of the One-Shot trigger of a workflow. */
	triggerUrl(ctx, workflow, query = '') {
		const node = workflow.nodes.find((n) => n.type === TRIGGER);
		return `${ctx.n8n.baseUrl}/webhook/${node.webhookId}/oneshot${query}`;
	},
};

/** Registers the tests with the runner's `test(name, fn, options)`. */
module.exports = function registerVideoIdTests(test) {
	const log = (line) => console.log(line);

	/** Example 3 as imported by the examples test, or imported and published here (--only). */
	async function reviewWorkflow(ctx) {
		if (!ctx.examples[EXAMPLE]) {
			const workflow = h.loadExample(ctx);
			const id = await h.deployWorkflow(ctx, workflow);
			ctx.examples[EXAMPLE] = { id, workflow };
		}
		return ctx.examples[EXAMPLE];
	}

	/** The onboarding workflow of this suite: Webhook → Video ID → Create (current Optimizer). */
	async function startWorkflow(ctx) {
		if (ctx.videoIdStart) return ctx.videoIdStart;
		const credentials = { uanatacaOneShotApi: ctx.credential };
		const workflow = {
			name: 'E2E Video ID onboarding',
			nodes: [
				{
					id: randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2.1,
					webhookId: randomUUID(),
					position: [0, 0],
					parameters: {
						httpMethod: 'POST',
						path: START_PATH,
						responseMode: 'onReceived',
						options: {},
					},
				},
				{
					id: randomUUID(),
					name: 'Create Video ID',
					type: ONE_SHOT,
					typeVersion: 1,
					position: [220, 0],
					credentials,
					parameters: {
						resource: 'videoId',
						operation: 'create',
						mobilePhoneNumber: '={{ $json.body.mobilePhoneNumber }}',
						email: '={{ $json.body.email }}',
					},
				},
			],
			connections: {
				Webhook: { main: [[{ node: 'Create Video ID', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		const id = await h.deployWorkflow(ctx, workflow);
		ctx.videoIdStart = { id, workflow };
		return ctx.videoIdStart;
	}

	/** Polls (bounded) until the workflow has an execution not in `before` with a status in `statuses`. */
	async function waitForNewExecution(ctx, workflowId, before, statuses, timeoutMs = 60_000) {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const list = await h.executionsOf(ctx, workflowId);
			const fresh = list.filter((e) => !before.has(e.id));
			const found = fresh.find((e) => statuses.includes(e.status));
			if (found) {
				if (!ctx.executionIds.includes(found.id)) ctx.executionIds.push(found.id);
				return ctx.api.get(`/executions/${found.id}?includeData=true`);
			}
			if (Date.now() > until)
				throw new Error(
					`no new execution of workflow ${workflowId} reached ${statuses.join('/')} within ${timeoutMs / 1000} s (new: ${fresh.map((e) => `${e.id}:${e.status}`).join(', ') || 'none'})`,
				);
			await n8n.sleep(300);
		}
	}

	/**
	 * One review: onboarding (Create Video ID), the CRM record, the signer's video call, the
	 * VIDEOREVIEW notification to example 3, the reviewer's e-mail and form. Returns what the
	 * checks need.
	 */
	async function review(ctx, { dealId, reviewerEmail, decision, reason }) {
		const example = await reviewWorkflow(ctx);
		const trigger = example.workflow.nodes.find((n) => n.type === TRIGGER);
		const token = trigger.parameters.secretToken;
		if (!ctx.triggerTokens.some(([, t]) => t === token))
			ctx.triggerTokens.push(['the secret token of example 3', token]);
		const onboarding = await startWorkflow(ctx);
		const before = new Set((await h.executionsOf(ctx, example.id)).map((e) => e.id));
		const startedBefore = new Set((await h.executionsOf(ctx, onboarding.id)).map((e) => e.id));

		// the registration authority's webhook → example 3's trigger (current Optimizer)
		const raWebhookUrl = h.triggerUrl(ctx, example.workflow, `?token=${encodeURIComponent(token)}`);
		ctx.sim.options.raWebhookUrl = raWebhookUrl;
		const startedAt = Date.now();
		try {
			// 1. onboarding: Create Video ID through the action node
			await h.triggerWebhook(ctx, START_PATH, {
				mobilePhoneNumber: '+34600111222',
				email: 'ana.e2e@example.com',
			});
			const started = await waitForNewExecution(ctx, onboarding.id, startedBefore, FINISHED);
			assert.equal(
				started.status,
				'success',
				`Create Video ID: ${JSON.stringify(h.runData(started).error || {}).slice(0, 600)}`,
			);
			const [created] = h.outputOf(started, 'Create Video ID');
			const { requestPk, videoIdPk, videoIdLink } = created.json;
			assert.equal(typeof requestPk, 'number', JSON.stringify(created.json));
			assert.equal(typeof videoIdPk, 'number', JSON.stringify(created.json));
			assert.ok(videoIdLink, `no videoIdLink: ${JSON.stringify(created.json)}`);
			assert.equal(ctx.sim.getRequest(requestPk).status, 'VIDEOPENDING');
			// ... which stores the Video ID number in the CRM, where example 3 looks it up
			ctx.crm.videoIds.set(requestPk, { videoIdPk, dealId, reviewerEmail });

			// 2. the signer finishes the video call: VIDEOREVIEW, notified to the RA webhook
			const callbacksBefore = ctx.sim.callbacks.length;
			assert.ok(ctx.sim.completeVideoId(requestPk), 'completeVideoId refused');
			assert.equal(ctx.sim.getRequest(requestPk).status, 'VIDEOREVIEW');
			const parked = await waitForNewExecution(ctx, example.id, before, ['waiting', ...FINISHED]);
			assert.equal(
				parked.status,
				'waiting',
				`example 3 ended ${parked.status} before the review: ${JSON.stringify(h.runData(parked).error || {}).slice(0, 800)}`,
			);
			assert.equal(h.runData(parked).lastNodeExecuted, 'Ask a RAO to review');
			const notified = ctx.sim.callbacks
				.slice(callbacksBefore)
				.filter((c) => c.url === raWebhookUrl && c.statusCode === 200);
			assert.ok(
				notified.some((c) => JSON.stringify(c.body).includes('VIDEOREVIEW')),
				`no accepted VIDEOREVIEW notification to the trigger: ${JSON.stringify(ctx.sim.callbacks.slice(callbacksBefore)).slice(0, 600)}`,
			);
			const [notice] = h.outputOf(parked, 'Video ID ready for review');
			assert.equal(notice.json.requestPk, requestPk);
			assert.equal(notice.json.status, 'VIDEOREVIEW');
			assert.equal(h.outputOf(parked, 'CRM: find the Video ID')[0].json.videoIdPk, videoIdPk);

			// 3. the reviewer's e-mail with the link of the review form
			const mail = await ctx.mailbox.waitFor(
				(m) =>
					m.to.includes(reviewerEmail) && m.subject === `Video ID ${videoIdPk} is ready for review`,
				20_000,
			);
			assert.match(mail.html, new RegExp(`request ${requestPk} \\(deal ${dealId}\\)`));
			const formUrl = (/href="([^"]+)"/.exec(mail.html) || [])[1]?.replace(/&amp;/g, '&');
			assert.ok(formUrl, `no link in the e-mail: ${mail.html.slice(0, 600)}`);
			assert.ok(
				formUrl.startsWith(`${ctx.n8n.baseUrl}/webhook-waiting/${parked.id}/`),
				`the link is not this execution's: ${formUrl}`,
			);
			const page = await n8n.http('GET', formUrl);
			assert.equal(
				page.status,
				200,
				`GET the review form: ${page.status} ${page.text.slice(0, 300)}`,
			);
			assert.match(page.text, /Video ID review/);
			assert.match(page.text, /Decision/);
			assert.match(page.text, /Reason for a refusal/);

			// 4. the reviewer decides
			const form = new FormData();
			form.append('field-0', decision);
			form.append('field-1', reason || '');
			const submitted = await fetch(formUrl, {
				method: 'POST',
				body: form,
				signal: AbortSignal.timeout(30_000),
				redirect: 'manual',
			});
			assert.equal(
				submitted.status,
				200,
				`form POST: ${submitted.status} ${(await submitted.text()).slice(0, 300)}`,
			);
			const done = await h.waitForState(
				ctx,
				parked.id,
				(e) => FINISHED.includes(e.status),
				'the end',
			);
			assert.equal(
				done.status,
				'success',
				`example 3 ended ${done.status}: ${JSON.stringify(h.runData(done).error || {}).slice(0, 800)}`,
			);
			const answer = h.outputOf(done, 'Ask a RAO to review')[0].json.data;
			assert.equal(answer.Decision, decision, JSON.stringify(answer));
			const crmCall = ctx.crm.calls.find(
				(c) => c.method === 'PATCH' && c.path === `/api/deals/${dealId}`,
			);
			assert.ok(crmCall, `the CRM was not updated: ${JSON.stringify(ctx.crm.calls.slice(-5))}`);
			// the other notifications of this request (VIDEOPENDING, then ENROLLREADY or CANCELLED)
			// reached the trigger too and were filtered: one execution for the one review
			await n8n.sleep(1000);
			const fresh = (await h.executionsOf(ctx, example.id)).filter((e) => !before.has(e.id));
			assert.deepEqual(
				fresh.map((e) => e.id),
				[parked.id],
				`executions of example 3 for one review: ${fresh.map((e) => `${e.id}:${e.status}`).join(', ')}`,
			);
			const accepted = ctx.sim.callbacks.filter(
				(c) => c.url === raWebhookUrl && c.statusCode === 200 && c.at >= startedAt,
			);
			assert.ok(
				accepted.length >= 3,
				`expected VIDEOPENDING, VIDEOREVIEW and the decision notified to the trigger, got ${JSON.stringify(accepted.map((c) => c.body))}`,
			);
			return { done, requestPk, videoIdPk, crmCall };
		} finally {
			ctx.sim.options.raWebhookUrl = '';
		}
	}

	test('example 3 end to end (approve): Create Video ID → signer finishes the video call → VIDEOREVIEW to the RA webhook = example 3\'s trigger → CRM lookup → reviewer e-mail → form "Approve" → Video ID approved (ENROLLREADY), CRM updated', async (ctx) => {
		const dealId = 'D-3301';
		const { done, requestPk, videoIdPk, crmCall } = await review(ctx, {
			dealId,
			reviewerEmail: 'rao.e2e@example.com',
			decision: 'Approve',
		});
		const runs = h.runData(done).runData;
		assert.ok(!runs['Refuse Video ID'], 'Refuse ran after an approval');
		const [approved] = h.outputOf(done, 'Approve Video ID');
		assert.equal(approved.json.approved, true, JSON.stringify(approved.json));
		assert.equal(approved.json.requestPk, requestPk);
		assert.equal(approved.json.videoIdPk, videoIdPk);
		assert.equal(ctx.sim.getRequest(requestPk).status, 'ENROLLREADY');
		assert.equal(crmCall.body.videoIdStatus, 'approved', JSON.stringify(crmCall.body));
		assert.equal(Number(crmCall.body.requestPk), requestPk);
		log(`       request ${requestPk} / Video ID ${videoIdPk}: approved, execution ${done.id}`);
	});

	test('example 3 end to end (refuse): … → reviewer e-mail → form "Refuse" with a reason → Video ID refused with that reason (CANCELLED), CRM updated', async (ctx) => {
		const dealId = 'D-3302';
		const reason = 'The selfie does not match the ID document';
		const { done, requestPk, videoIdPk, crmCall } = await review(ctx, {
			dealId,
			reviewerEmail: 'rao2.e2e@example.com',
			decision: 'Refuse',
			reason,
		});
		const runs = h.runData(done).runData;
		assert.ok(!runs['Approve Video ID'], 'Approve ran after a refusal');
		const [refused] = h.outputOf(done, 'Refuse Video ID');
		assert.equal(refused.json.refused, true, JSON.stringify(refused.json));
		assert.equal(refused.json.status, 'CANCELLED');
		assert.equal(refused.json.reason, reason);
		const request = ctx.sim.getRequest(requestPk);
		assert.equal(request.status, 'CANCELLED');
		assert.equal(request.videoid.refuseReason, reason);
		assert.equal(crmCall.body.videoIdStatus, 'refused', JSON.stringify(crmCall.body));
		assert.equal(crmCall.body.reason, reason);
		log(`       request ${requestPk} / Video ID ${videoIdPk}: refused, execution ${done.id}`);
	});
};
