'use strict';
/**
 * Load: 1,000 callbacks for 200 requests at concurrency 50 into a published Uanataca One-Shot
 * Trigger (Secret Token, Deduplicate on) of a real n8n.
 *
 * Each request gets 4 distinct notifications (format A CREATED, ENROLLREADY, ISSUED and format B
 * REQUEST_ENROLLED) and one re-delivery of one of them = 5 callbacks; 800 distinct, 1,000 in all.
 * The README's de-duplication guarantee covers re-deliveries that arrive one after the other, so a
 * request's callbacks are sent in order, each after the previous one was answered, while 50
 * requests are in flight at once. Checked: every callback answered 200; every distinct
 * notification started an execution (none lost); the number of executions equals the number of
 * distinct notifications (no duplicate started).
 *
 * Reported, not asserted (the README says it is not guaranteed): what concurrent duplicates do.
 */
const assert = require('assert/strict');

const session = require('./lib/session');
const wf = require('./lib/workflows');

const { n8n, outputOf } = session;

const REQUESTS = 200;
const CONCURRENCY = 50;
const TOKEN = 'load-trigger-secret-7f3a9c1e5b';

function pad(n, w = 2) {
	return String(n).padStart(w, '0');
}

/** The 4 distinct notifications of request `pk`, in the order the Optimizer sends them. */
function notificationsOf(pk, base) {
	const at = (s) => new Date(base + s * 1000);
	const flat = (d) => `${d.toISOString().slice(0, 23)}${pad(pk % 1000, 3)}`;
	const compact = (d) =>
		`${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
	return [
		{ status: 'CREATED', date: flat(at(0)), request: pk, registration_authority: 1000 },
		{ status: 'ENROLLREADY', date: flat(at(1)), previous_status: 'CREATED', request: pk, registration_authority: 1000 },
		{ status: 'ISSUED', date: flat(at(2)), previous_status: 'ENROLLREADY', request: pk, registration_authority: 1000 },
		{
			event_type: 'REQUEST_ENROLLED',
			sent_at: compact(at(3)),
			request: { pk, status: 'ISSUED', registration_authority: 1000, profile: 'PFnubeQAFCiudadano', scratchcard: null },
			certificates: [],
		},
	];
}

/** The key the README defines a duplicate by (request, status, event type, timestamp as sent). */
function keyOfBody(body) {
	if (body.event_type) return `${body.request.pk}|${body.request.status}|${body.event_type}|${body.sent_at}`;
	return `${body.request}|${body.status}|STATUS_CHANGED|${body.date}`;
}

function keyOfItem(json, raw) {
	return `${json.requestPk}|${json.status}|${json.eventType}|${raw}`;
}

/** Runs `tasks` (functions returning promises) with at most `limit` at once. */
async function pool(tasks, limit) {
	const results = new Array(tasks.length);
	let next = 0;
	async function worker() {
		while (next < tasks.length) {
			const i = next++;
			results[i] = await tasks[i]();
		}
	}
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
	return results;
}

async function post(url, body) {
	const t = Date.now();
	try {
		const res = await n8n.http('POST', url, { body, timeoutMs: 60_000 });
		return { status: res.status, ms: Date.now() - t };
	} catch (error) {
		return { status: 0, error: error.message, ms: Date.now() - t };
	}
}

/** The trigger's items of a list of executions (with data), keyed as the README defines duplicates. */
function itemsOf(executions) {
	return executions.map((e) => {
		const json = outputOf(e, 'One-Shot Trigger')[0].json;
		const raw = json.rawBody ? JSON.parse(json.rawBody) : undefined;
		return { id: e.id, key: raw ? keyOfBody(raw) : keyOfItem(json, json.occurredAt) };
	});
}

async function deployTrigger(ctx, name) {
	const trigger = wf.oneShotTrigger({
		secretToken: TOKEN,
		options: { deduplicate: true, includeRawBody: true },
	});
	const id = await ctx.n8n.deploy(wf.chainWorkflow(name, [trigger, wf.noOp()]));
	const route = `${trigger.webhookId}/oneshot`;
	await ctx.n8n.waitForRoute(route); // answers 401 (no token): registered, nothing started
	return { id, url: `${ctx.n8n.webhookBaseUrl}/webhook/${route}?token=${TOKEN}` };
}

/**
 * Sends the load; returns what was sent, the answers and the executions it started (with data).
 * Shared with the queue-mode run (scripts/n8n/queue.js).
 */
async function runLoad(instance, trigger, { requests = REQUESTS, concurrency = CONCURRENCY, firstPk = 7_000_001, log = () => {} } = {}) {
	const base = Date.UTC(2026, 6, 20, 8, 0, 0);
	const chains = [];
	const distinct = new Set();
	let total = 0;
	for (let r = 0; r < requests; r++) {
		const pk = firstPk + r;
		const list = notificationsOf(pk, base + r * 10_000);
		list.forEach((body) => distinct.add(keyOfBody(body)));
		// one re-delivery per request, right after the original (one of the 4, in rotation)
		const dup = r % list.length;
		const sequence = [...list.slice(0, dup + 1), list[dup], ...list.slice(dup + 1)];
		total += sequence.length;
		chains.push(async () => {
			const answers = [];
			for (const body of sequence) answers.push(await post(trigger.url, body));
			return answers;
		});
	}
	const t0 = Date.now();
	const answers = (await pool(chains, concurrency)).flat();
	const sendMs = Date.now() - t0;
	log(`    sent ${total} callbacks (${distinct.size} distinct) in ${(sendMs / 1000).toFixed(1)} s at concurrency ${concurrency}`);
	const settled = await instance.settle(trigger.id, { timeoutMs: 300_000, settleMs: 4000 });
	const settleMs = Date.now() - t0;
	const executions = await instance.executions({ workflowId: trigger.id, includeData: true });
	const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
	const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
	return {
		total,
		distinct,
		answers,
		executions,
		unfinished: settled.filter((e) => !session.FINISHED.includes(e.status)).length,
		failed: settled.filter((e) => e.status !== 'success').length,
		sendMs,
		settleMs,
		p50: pct(50),
		p99: pct(99),
	};
}

/** Compares what started with what was sent. */
function analyse(result) {
	const items = itemsOf(result.executions);
	const counts = new Map();
	for (const { key } of items) counts.set(key, (counts.get(key) || 0) + 1);
	const lost = [...result.distinct].filter((k) => !counts.has(k));
	const foreign = [...counts.keys()].filter((k) => !result.distinct.has(k));
	const duplicated = [...counts.entries()].filter(([, n]) => n > 1);
	return { items, lost, foreign, duplicated };
}

function register(test) {
	test(`${REQUESTS * 5} callbacks for ${REQUESTS} requests at concurrency ${CONCURRENCY}: all answered 200, every distinct notification started an execution (none lost)`, async (ctx) => {
		const trigger = await deployTrigger(ctx, 'Reliability load');
		ctx.secrets.push(['load trigger token', TOKEN]);
		const result = await runLoad(ctx.n8n, trigger, { log: console.log });
		const analysis = analyse(result);
		ctx.load = { trigger, result, analysis };
		const bad = result.answers.filter((a) => a.status !== 200);
		assert.equal(result.total, 1000);
		assert.equal(result.distinct.size, 800);
		assert.deepEqual(bad.slice(0, 5), [], `${bad.length} callbacks not answered 200`);
		assert.equal(result.unfinished, 0, 'executions still running');
		assert.equal(result.failed, 0, 'executions that did not succeed');
		assert.deepEqual(analysis.lost.slice(0, 5), [], `${analysis.lost.length} notifications lost`);
		assert.deepEqual(analysis.foreign, [], 'executions for notifications never sent');
		console.log(
			`    ${result.executions.length} executions; answers p50 ${result.p50} ms, p99 ${result.p99} ms; all executions finished ${(result.settleMs / 1000).toFixed(1)} s after the first callback`,
		);
	});

	test('the re-deliveries (one after the other) started nothing: executions == distinct notifications', async (ctx) => {
		assert.ok(ctx.load, 'the load test did not run');
		const { result, analysis } = ctx.load;
		assert.equal(
			result.executions.length,
			result.distinct.size,
			`${result.executions.length} executions for ${result.distinct.size} distinct notifications: ${analysis.duplicated.length} notifications started more than one execution (e.g. ${analysis.duplicated
				.slice(0, 2)
				.map(([k, n]) => `${k} ×${n}`)
				.join(', ')})`,
		);
	});

	test('concurrent duplicates (reported, not guaranteed): 100 notifications each sent twice at the same moment', async (ctx) => {
		const trigger = await deployTrigger(ctx, 'Reliability concurrent duplicates');
		const base = Date.UTC(2026, 7, 1, 8, 0, 0);
		const bodies = Array.from({ length: 100 }, (_, i) => notificationsOf(8_000_001 + i, base + i * 10_000)[2]);
		const tasks = bodies.map((body) => async () => await Promise.all([post(trigger.url, body), post(trigger.url, body)]));
		const answers = (await pool(tasks, 25)).flat();
		assert.deepEqual(answers.filter((a) => a.status !== 200).slice(0, 3), [], 'answers');
		await ctx.n8n.settle(trigger.id, { timeoutMs: 120_000, settleMs: 3000 });
		const executions = await ctx.n8n.executions({ workflowId: trigger.id, includeData: true });
		const distinct = new Set(bodies.map(keyOfBody));
		const analysis = analyse({ executions, distinct });
		assert.deepEqual(analysis.lost, [], 'lost notifications');
		ctx.concurrentDuplicates = { pairs: bodies.length, executions: executions.length, twice: analysis.duplicated.length };
		console.log(
			`    ${executions.length} executions for ${bodies.length} notifications sent twice concurrently: ${analysis.duplicated.length} started twice`,
		);
		await ctx.n8n.unpublish(trigger.id);
	});
}

module.exports = { register, runLoad, analyse, deployTrigger, notificationsOf, keyOfBody, pool, post, TOKEN };
