'use strict';
/**
 * A real n8n 2.41.1 with this package installed as a community package, driven through its public
 * API: the set-up shared by the reliability suite (test/reliability), the benchmarks (bench/) and
 * the queue-mode run (scripts/n8n/queue.js). Built on scripts/n8n/instance.js (start, API key,
 * public API) and scripts/n8n/provision.js (the cached Node 24 + n8n); nothing here duplicates them.
 *
 * Loopback only; every wait is bounded; `close()` stops what was started.
 */
const fs = require('fs');
const path = require('path');

const { provision } = require('../../../scripts/n8n/provision');
const n8n = require('../../../scripts/n8n/instance');

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

const OWNER = {
	email: 'reliability-owner@example.com',
	firstName: 'Reliability',
	lastName: 'Owner',
	password: 'Reliab1lity-Passw0rd',
};

/**
 * Provisions n8n (cache), packs this package (building it unless `build === false`) and installs it
 * into `<dir>/home`; returns what startInstance needs.
 */
async function prepare({ root, name, build = true, log = () => {} }) {
	const provisioned = await provision({ log });
	fs.mkdirSync(root, { recursive: true });
	const dir = fs.mkdtempSync(path.join(root, `${name}-`));
	// N8N_PACKAGE_TARBALL: an already packed package (skips build and pack)
	const tarball = process.env.N8N_PACKAGE_TARBALL
		? path.resolve(process.env.N8N_PACKAGE_TARBALL)
		: n8n.buildAndPack(path.join(dir, 'pack'), { build, log });
	return { provisioned, dir, tarball };
}

/**
 * Starts one n8n (`n8n start`) in `<dir>/<label>` with the package installed, logs in and creates a
 * public-API key. `env`: extra environment. Returns an Instance (see below).
 */
async function startInstance({
	provisioned,
	dir,
	tarball,
	label = 'n8n',
	env = {},
	logLevel = 'debug',
	port,
	brokerPort,
	log = () => {},
}) {
	const home = path.join(dir, label);
	n8n.installPackage(home, tarball);
	const avoid = [];
	port ??= await n8n.freePort(avoid);
	avoid.push(port);
	brokerPort ??= await n8n.freePort(avoid);
	const logFile = path.join(dir, `${label}.log`);
	const fileLog = path.join(dir, `${label}-file.log`);
	const startOptions = {
		provisioned,
		home,
		port,
		brokerPort,
		logFile,
		owner: { ...OWNER, passwordHash: n8n.ownerPasswordHash(provisioned, OWNER.password) },
		logLevel,
		extra: { N8N_LOG_OUTPUT: 'console,file', N8N_LOG_FILE_LOCATION: fileLog, ...env },
		log,
	};
	const handle = await n8n.startN8n(startOptions);
	const instance = await connect(handle.baseUrl, { log });
	/**
	 * Stops n8n and starts it again on the same folder, database and ports (what a restart of a
	 * server does): waiting executions, credentials, API keys and published workflows stay.
	 */
	const restart = async () => {
		await instance.handle.stop(30_000);
		instance.handle = await n8n.startN8n(startOptions);
	};
	return Object.assign(instance, { handle, home, logFiles: [logFile, fileLog], restart });
}

/** Logs in as the owner of an n8n at `baseUrl` and returns an Instance around its public API. */
async function connect(baseUrl) {
	const cookie = await n8n.login(baseUrl, OWNER.email, OWNER.password);
	const api = n8n.publicApi(baseUrl, await n8n.createApiKey(baseUrl, cookie, 'reliability'));
	return new Instance(baseUrl, api, cookie);
}

class Instance {
	constructor(baseUrl, api, cookie) {
		this.baseUrl = baseUrl;
		/** where production webhooks are served (the webhook process in queue mode) */
		this.webhookBaseUrl = baseUrl;
		this.api = api;
		this.cookie = cookie;
		this.workflowIds = [];
	}

	async createCredential(name, data) {
		const created = await this.api.post('/credentials', {
			name,
			type: 'uanatacaOneShotApi',
			data,
		});
		return { id: created.id, name: created.name };
	}

	/** Creates and publishes a workflow; waits (bounded) until its webhooks answer. */
	async deploy(workflow, { probePath } = {}) {
		const created = await this.api.post('/workflows', n8n.workflowForImport(workflow));
		await n8n.publishWorkflow(this.api, created.id);
		this.workflowIds.push(created.id);
		if (probePath) await this.waitForRoute(probePath);
		return created.id;
	}

	/**
	 * Waits until `POST /webhook/<path>` no longer answers 404 (n8n registers routes shortly after
	 * publishing). The probe is a POST without body: only use it on routes where that starts
	 * nothing (e.g. our trigger with a Secret Token answers 401).
	 */
	async waitForRoute(webhookPath, timeoutMs = 20_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await n8n.http('POST', `${this.webhookBaseUrl}/webhook/${webhookPath}`);
			if (res.status !== 404) return res.status;
			if (Date.now() > deadline) throw new Error(`webhook ${webhookPath} never registered`);
			await n8n.sleep(300);
		}
	}

	async unpublish(id) {
		await this.api.post(`/workflows/${id}/deactivate`, {}, { expect: [200, 404] });
	}

	/** POSTs to a production webhook, retrying (bounded) while the route is being registered. */
	async trigger(webhookPath, body = {}, { timeoutMs = 30_000 } = {}) {
		const deadline = Date.now() + 15_000;
		for (;;) {
			const res = await n8n.http('POST', `${this.webhookBaseUrl}/webhook/${webhookPath}`, {
				body,
				timeoutMs,
			});
			if (res.status !== 404 || Date.now() > deadline) return res;
			await n8n.sleep(300);
		}
	}

	/** Every execution of a workflow (or of all workflows), newest first, following the cursor. */
	async executions({ workflowId, includeData = false, status, max = 5000 } = {}) {
		const out = [];
		let cursor;
		for (let page = 0; page < 200 && out.length < max; page++) {
			const qs = new URLSearchParams({ limit: includeData ? '100' : '250' });
			if (workflowId) qs.set('workflowId', workflowId);
			if (includeData) qs.set('includeData', 'true');
			if (status) qs.set('status', status);
			if (cursor) qs.set('cursor', cursor);
			const list = await this.api.get(`/executions?${qs}`, { timeoutMs: 120_000 });
			out.push(...(list.data || []));
			cursor = list.nextCursor;
			if (!cursor) break;
		}
		return out;
	}

	async execution(id) {
		return await this.api.get(`/executions/${id}?includeData=true`, { timeoutMs: 60_000 });
	}

	/**
	 * Waits until the workflow has `count` executions and none is still running (or until the
	 * number is stable for `settleMs` when `count` is not given); bounded by `timeoutMs`.
	 */
	async settle(workflowId, { count, timeoutMs = 180_000, settleMs = 3000, statuses = FINISHED } = {}) {
		const deadline = Date.now() + timeoutMs;
		let last = -1;
		let stableSince = Date.now();
		for (;;) {
			const list = await this.executions({ workflowId });
			const done = list.filter((e) => statuses.includes(e.status));
			const busy = list.length - done.length;
			if (list.length !== last) {
				last = list.length;
				stableSince = Date.now();
			}
			if (count !== undefined && done.length >= count && busy === 0) return list;
			if (count === undefined && busy === 0 && Date.now() - stableSince >= settleMs) return list;
			if (Date.now() > deadline) {
				const error = new Error(
					`workflow ${workflowId}: ${done.length} finished and ${busy} unfinished executions after ${Math.round(timeoutMs / 1000)} s${count !== undefined ? ` (expected ${count})` : ''}`,
				);
				error.executions = list;
				throw error;
			}
			await n8n.sleep(500);
		}
	}

	/** Waits for the newest execution of a workflow to reach one of `statuses`; returns it with data. */
	async waitForExecution(workflowId, { statuses = FINISHED, timeoutMs = 120_000, after = 0 } = {}) {
		const deadline = Date.now() + timeoutMs;
		const seen = new Set();
		for (;;) {
			const list = await this.api.get(`/executions?workflowId=${workflowId}&limit=20`);
			const fresh = (list.data || []).filter((e) => Number(e.id) > after);
			for (const e of fresh) seen.add(e.status);
			const found = fresh.find((e) => statuses.includes(e.status));
			if (found) return Object.assign(await this.execution(found.id), { seen: [...seen] });
			if (Date.now() > deadline) {
				throw new Error(
					`no execution of workflow ${workflowId} reached ${statuses.join('/')} within ${timeoutMs / 1000} s (saw ${[...seen].join(', ') || 'none'})`,
				);
			}
			await n8n.sleep(300);
		}
	}

	/** The id of the newest execution of any workflow (0 if none): later executions are "after" it. */
	async lastExecutionId() {
		const list = await this.api.get('/executions?limit=1');
		return Number(list.data?.[0]?.id ?? 0);
	}
}

// ---------------------------------------------------------------------------------------------
// Reading execution data

function runData(execution) {
	const data = execution.data;
	if (!data || !data.resultData) {
		throw new Error(`execution ${execution.id} has no data: ${JSON.stringify(execution).slice(0, 300)}`);
	}
	return data.resultData;
}

/** The output items of a node (last run, first output); [] when it produced none. */
function outputOf(execution, node, output = 0) {
	const runs = runData(execution).runData[node];
	if (!runs || !runs.length) {
		throw new Error(
			`node "${node}" did not run in execution ${execution.id} (ran: ${Object.keys(runData(execution).runData).join(', ')}; error: ${runData(execution).error?.message})`,
		);
	}
	const run = runs[runs.length - 1];
	if (run.error) throw new Error(`node "${node}" failed: ${run.error.message}`);
	return (run.data?.main?.[output] ?? []).filter(Boolean);
}

function errorOf(execution, node) {
	const runs = runData(execution).runData[node];
	if (!runs || !runs.length) throw new Error(`node "${node}" did not run`);
	const error = runs[runs.length - 1].error;
	if (!error) throw new Error(`node "${node}" did not fail`);
	return error;
}

/** Long secrets as substrings; short ones (e.g. a PIN) only as a whole token. */
function containsSecret(text, secret) {
	if (!secret) return false;
	if (secret.length >= 8) return text.includes(secret);
	const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^A-Za-z0-9+/=_-])${escaped}($|[^A-Za-z0-9+/=_-])`).test(text);
}

module.exports = {
	FINISHED,
	OWNER,
	prepare,
	startInstance,
	connect,
	Instance,
	runData,
	outputOf,
	errorOf,
	containsSecret,
	n8n,
};
