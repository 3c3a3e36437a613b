'use strict';
/**
 * Benchmark 3, callback intake: distinct One-Shot callbacks POSTed at a fixed concurrency into our
 * trigger (Secret Token, Deduplicate on) and into n8n's core Webhook node, both published in the
 * same real n8n 2.41.1, each followed by a No-Op. Reports callbacks answered per second, the answer
 * latency (p50/p99) and how long until every execution they started had finished. Figures only.
 *
 *   node bench/callbacks.js [--callbacks 1000] [--concurrency 20] [--no-build] [--keep]
 */
const c = require('./lib/common');
const wf = require('../test/reliability/lib/workflows');
const { notificationsOf, post } = require('../test/reliability/load');

const { n8n } = c;
const CALLBACKS = c.arg('callbacks', 1000);
const CONCURRENCY = c.arg('concurrency', 20);
const TOKEN = 'bench-callback-token-2f9d7a61c3';

function log(line) {
	console.log(line);
}

/** `count` distinct notifications (4 per request). */
function bodies(count, firstPk) {
	const out = [];
	const base = Date.UTC(2026, 8, 1, 8, 0, 0);
	for (let r = 0; out.length < count; r++) out.push(...notificationsOf(firstPk + r, base + r * 10_000));
	return out.slice(0, count);
}

async function intake(instance, workflowId, url, list, already) {
	const latencies = [];
	const statuses = {};
	const t0 = Date.now();
	await c.pool(
		list.map((body) => async () => {
			const a = await post(url, body);
			statuses[a.status] = (statuses[a.status] || 0) + 1;
			latencies.push(a.ms);
		}),
		CONCURRENCY,
	);
	const answeredMs = Date.now() - t0;
	const settled = await instance.settle(workflowId, { count: already + list.length, timeoutMs: 600_000 });
	const lastStop = Math.max(...settled.map((e) => new Date(e.stoppedAt).getTime()));
	return {
		statuses,
		answeredMs,
		perSecond: list.length / (answeredMs / 1000),
		executions: settled.length,
		allFinishedMs: lastStop - t0,
		sustained: settled.length / ((lastStop - t0) / 1000),
		latency: c.summary(latencies),
	};
}

async function main() {
	const run = await c.startBenchN8n('callbacks', { log });
	try {
		const { instance } = run;
		const trigger = wf.oneShotTrigger({ secretToken: TOKEN, options: { deduplicate: true } });
		const oursId = await instance.deploy(wf.chainWorkflow('Bench: One-Shot Trigger', [trigger, wf.noOp()]));
		await instance.waitForRoute(`${trigger.webhookId}/oneshot`);
		// the same trigger without de-duplication: what the memory costs
		const plain = wf.oneShotTrigger({ secretToken: TOKEN, options: { deduplicate: false } });
		const plainId = await instance.deploy(wf.chainWorkflow('Bench: One-Shot Trigger, no de-duplication', [plain, wf.noOp()]));
		await instance.waitForRoute(`${plain.webhookId}/oneshot`);
		const hook = wf.webhook('bench-core-webhook');
		const coreId = await instance.deploy(wf.chainWorkflow('Bench: core Webhook', [hook, wf.noOp()]));
		const machine = c.machine(run.prepared.provisioned);
		log(`Callback intake: ${CALLBACKS} distinct callbacks at concurrency ${CONCURRENCY} into each`);
		const variants = [
			['our trigger', oursId, `${instance.webhookBaseUrl}/webhook/${trigger.webhookId}/oneshot?token=${TOKEN}`, 9_100_001],
			['our trigger, no dedup', plainId, `${instance.webhookBaseUrl}/webhook/${plain.webhookId}/oneshot?token=${TOKEN}`, 9_200_001],
			['core Webhook node', coreId, `${instance.webhookBaseUrl}/webhook/bench-core-webhook`, 9_300_001],
		];
		const results = {};
		// --only <text>: just the variants whose name contains it (to profile one of them)
		const only = c.arg('only', '');
		for (const [name, id, url, firstPk] of variants.filter(([n]) => !only || n.includes(String(only)))) {
			// warm-up (counted in the executions to wait for)
			const warm = bodies(20, firstPk + 100_000);
			await c.pool(warm.map((b) => () => post(url, b)), 5);
			await instance.settle(id, { count: warm.length, timeoutMs: 120_000 });
			const list = bodies(CALLBACKS, firstPk);
			const r = await intake(instance, id, url, list, warm.length);
			r.executions -= warm.length;
			results[name] = r;
			log(
				`  ${name.padEnd(21)} answered ${r.perSecond.toFixed(1)} callbacks/s (p50 ${Math.round(r.latency.p50)} ms, p99 ${Math.round(r.latency.p99)} ms; ${JSON.stringify(r.statuses)})   ${r.executions} executions, all finished after ${(r.allFinishedMs / 1000).toFixed(1)} s = ${r.sustained.toFixed(1)} executions/s sustained`,
			);
		}
		const ours = results['our trigger'];
		const core = results['core Webhook node'];
		if (ours && core) log(`  our trigger / core Webhook: ${(ours.perSecond / core.perSecond).toFixed(2)} × the answered rate, ${(ours.sustained / core.sustained).toFixed(2)} × the sustained rate`);
		log(`  machine: ${c.describeMachine(machine)}`);
		log(`  after the run: load average ${c.machine(run.prepared.provisioned).loadAverage.join(' / ')}`);
		return { machine, results };
	} finally {
		await c.stopBenchN8n(run);
	}
}

if (require.main === module) {
	main()
		.then(() => process.exit(0))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}

module.exports = { main };
