'use strict';
/**
 * Local simulator of the Uanataca One-Shot Optimizer HTTP API (test/dev tooling, never shipped).
 *
 *   const sim = await startSimulator({ port: 0, signDelayMs: 5 });
 *   // sim.currentBaseUrl === 'http://127.0.0.1:<port>/oneshot/api/v1'
 *   await sim.close();
 *
 * See test/simulator/README.md for knobs, control endpoints and accepted credentials.
 */
const { createServer } = require('node:http');
const { Agent } = require('undici');
const { CallbackDispatcher } = require('./callbacks');
const { CONTROL_PREFIX, controlRouter, handleControl } = require('./control');
const { ApiError } = require('./errors');
const { FaultList } = require('./faults');
const { Router, json, readBody, send } = require('./http');
const { SIGNED_COMMENT } = require('./pdf');
const { CURRENT_PREFIX, currentRoutes } = require('./routes-current');
const { LEGACY_PREFIX, legacyRoutes } = require('./routes-legacy');
const { BILLING, DEFAULT_RAO, SANDBOX_TOKEN, SimState } = require('./state');
const { Scheduler, delay } = require('./timers');

/** @typedef {import('./types').CallbackRecord} CallbackRecord */
/** @typedef {import('./types').RequestLogEntry} RequestLogEntry */
/** @typedef {import('./types').Simulator} Simulator */
/** @typedef {import('./types').SimulatorDefaults} SimulatorDefaults */
/** @typedef {import('./types').SimulatorOptions} SimulatorOptions */

/** Port the simulator must never use (n8n's default). */
const FORBIDDEN_PORT = 5679;

/**
 * The options a simulator starts with when none are given (README "Options").
 * @returns {SimulatorOptions}
 */
function defaultOptions() {
	return {
		port: 0,
		host: '127.0.0.1',
		defaults: {
			env: 'sandbox',
			registrationAuthority: '1000',
			profile: 'PFnubeQAFCiudadano',
			billing: false,
		},
		otpCooldownMs: 60000,
		otpTtlMs: 300000,
		signDelayMs: 50,
		asyncSignDelayMs: 300,
		callbackFormat: 'flat',
		callbackDelayMs: 20,
		duplicateCallbacks: false,
		outOfOrderCallbacks: false,
		callbackRetries: 0,
		callbackTimeoutMs: 5000,
		errorStyle: 'fastapi',
		responseStyle: 'documented',
		maxDocumentsPerRequest: 25,
		latencyMs: 0,
		videoIdEnabled: true,
		customerCode: 'CUSTOMER-CODE-1',
		downloadHeaders: 'named',
		raWebhookUrl: '',
		strict: true,
		environments: ['sandbox', 'prod'],
		callbackDate: true,
	};
}

/**
 * @param {SimulatorDefaults} base
 * @param {unknown} patch
 * @returns {SimulatorDefaults}
 */
function mergeDefaults(base, patch) {
	const out = { ...base };
	if (patch && typeof patch === 'object') {
		for (const [k, v] of Object.entries(patch)) {
			// null (or undefined) removes a default, e.g. `{"defaults":{"env":null}}`.
			if (v === null || v === undefined) delete out[k];
			else out[k] = v;
		}
	}
	return out;
}

/**
 * Merges a partial options object into `target` (`defaults` is merged key by key).
 * @param {SimulatorOptions} target Changed in place and returned.
 * @param {Record<string, unknown>} patch
 * @returns {SimulatorOptions}
 */
function mergeOptions(target, patch) {
	for (const [k, v] of Object.entries(patch)) {
		if (k === 'defaults') {
			target.defaults = mergeDefaults(target.defaults, v);
		} else if (k === 'port' || k === 'host') {
			continue; // fixed once listening
		} else if (v !== undefined) {
			target[k] = v;
		}
	}
	return target;
}

/**
 * Starts a simulator on 127.0.0.1 (port 0 = a random free port).
 * @param {Partial<SimulatorOptions>} [overrides]
 * @returns {Promise<Simulator>}
 */
async function startSimulator(overrides = {}) {
	const initial = mergeOptions(defaultOptions(), overrides);
	initial.port = overrides.port ?? 0;
	if (initial.port === FORBIDDEN_PORT)
		throw new Error(`Port ${FORBIDDEN_PORT} is reserved; pick another one`);
	if (overrides.host !== undefined && overrides.host !== '127.0.0.1') {
		throw new Error('The simulator only listens on 127.0.0.1');
	}
	const snapshot = JSON.parse(JSON.stringify(initial));
	const scheduler = new Scheduler();
	const faults = new FaultList();
	/** @type {CallbackRecord[]} */
	const callbacks = [];
	/** @type {RequestLogEntry[]} */
	const requestLog = [];
	let agent;
	const getAgent = () => {
		agent ??= new Agent({ connect: { timeout: 5000 }, keepAliveTimeout: 1000 });
		return agent;
	};
	// Assigned once the server listens; the closures below only run after that.
	/** @type {Simulator} */
	let sim;
	const options = () => sim.options;
	const dispatcher = new CallbackDispatcher({
		options,
		records: callbacks,
		scheduler,
		agent: getAgent,
	});
	const state = new SimState(options, scheduler, dispatcher);
	const router = new Router([currentRoutes(state, options), legacyRoutes(state, options)]);
	const control = controlRouter({
		sim: () => sim,
		state,
		faults,
		applyConfig: (patch) => mergeOptions(sim.options, patch),
	});
	/**
	 * An API call (either generation): faults, routing, latency, and the request log.
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 * @param {string} method
	 * @param {string} path
	 * @param {URLSearchParams} query
	 */
	async function handleApi(req, res, method, path, query) {
		const at = Date.now();
		const log = (status) => requestLog.push({ method, path, status, at });
		const table = router.tableFor(path);
		const renderError = (err) =>
			table ? table.renderError(err) : json(err.status, { detail: err.message }, err.headers);
		let body;
		try {
			body = await readBody(req);
		} catch (err) {
			if (err instanceof ApiError) {
				send(res, renderError(err));
				log(err.status);
			} else {
				log(0);
			}
			return;
		}
		const fault = faults.take(`${method} ${path}`);
		if (fault) {
			if (fault.kind === 'drop') {
				log(0);
				req.socket.destroy();
				return;
			}
			if (fault.kind === 'slow') await delay(fault.delayMs ?? 1000);
			if (fault.kind === '5xx' || fault.kind === '429') {
				const err =
					fault.kind === '429'
						? new ApiError(429, 'Too Many Requests', { headers: { 'retry-after': '1' } })
						: new ApiError(fault.status ?? 503, fault.message ?? 'Service temporarily unavailable');
				const result = renderError(err);
				await delay(sim.options.latencyMs);
				send(res, result, method === 'HEAD');
				log(result.status);
				return;
			}
		}
		let result;
		const m = router.match(method, path);
		if (m.kind === 'none') result = json(404, { detail: 'Not Found' });
		else if (m.kind === 'method') result = json(405, { detail: 'Method Not Allowed' });
		else {
			const ctx = {
				method,
				path,
				params: m.params,
				query,
				headers: req.headers,
				body,
			};
			try {
				result = await m.route.handler(ctx);
			} catch (err) {
				if (err instanceof ApiError) result = m.table.renderError(err);
				else {
					console.error('[simulator] handler error:', err);
					result = json(500, { detail: 'Internal Server Error' });
				}
			}
		}
		if (result.type === 'binary' && sim.options.downloadHeaders === 'bare') {
			// an Optimizer (or proxy) that names nothing: generic type, no file name
			result = { ...result, contentType: 'application/octet-stream', filename: undefined };
		}
		await delay(sim.options.latencyMs);
		if (fault?.kind === 'stall' && result.type === 'binary') {
			// headers and half the body, then nothing: for `delayMs` (then the connection breaks)
			// or until the client gives up
			res.writeHead(result.status, {
				'content-type': result.contentType,
				'content-length': String(result.data.length),
			});
			res.write(result.data.subarray(0, Math.floor(result.data.length / 2)));
			log(result.status);
			if (fault.delayMs) {
				await delay(fault.delayMs);
				res.destroy();
			}
			return;
		}
		send(res, result, method === 'HEAD');
		log(result.status);
	}

	/**
	 * Every call: control endpoints go straight to their router, the rest to handleApi.
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	async function handle(req, res) {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
			const body = await readBody(req);
			const ctx = {
				method,
				path,
				params: {},
				query: url.searchParams,
				headers: req.headers,
				body,
			};
			send(res, await handleControl(control, method, ctx));
			return;
		}
		await handleApi(req, res, method, path, url.searchParams);
	}
	const server = createServer((req, res) => {
		handle(req, res).catch((err) => {
			console.error('[simulator] request failed:', err);
			if (!res.headersSent && !res.destroyed)
				send(res, json(500, { detail: 'Internal Server Error' }));
		});
	});
	server.on('clientError', (_err, socket) => socket.destroy());
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(initial.port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = server.address().port;
	initial.port = port;
	const base = `http://127.0.0.1:${port}`;
	let closed = false;
	sim = {
		url: base,
		currentBaseUrl: `${base}${CURRENT_PREFIX}`,
		legacyBaseUrl: `${base}${LEGACY_PREFIX}`,
		options: initial,
		sandboxToken: SANDBOX_TOKEN,
		rao: { ...DEFAULT_RAO },
		billing: { ...BILLING },
		getOtp: (pk) => state.get(pk)?.otp?.code,
		getRequest: (pk) => state.get(pk),
		completeVideoId: (pk) => {
			try {
				state.completeVideoId(pk);
				return true;
			} catch {
				return false;
			}
		},
		signNow: (pk) => {
			const req = state.get(pk);
			if (!req?.signing) return false;
			state.complete(req);
			return true;
		},
		cancelRequest: (pk) => {
			try {
				state.cancel(pk);
				return true;
			} catch {
				return false;
			}
		},
		callbacks,
		requestLog,
		waitForCallbacks: async (count, timeoutMs = 5000) => {
			const deadline = Date.now() + timeoutMs;
			while (callbacks.length < count) {
				if (Date.now() > deadline) {
					throw new Error(`Timed out waiting for ${count} callbacks (got ${callbacks.length})`);
				}
				await delay(5);
			}
			return callbacks.slice();
		},
		injectFault: (f) => faults.add(f),
		clearFaults: () => faults.clear(),
		reset: (opts) => {
			scheduler.cancelAll();
			dispatcher.reset();
			state.reset();
			faults.clear();
			callbacks.length = 0;
			requestLog.length = 0;
			if (opts?.options) {
				const fresh = JSON.parse(JSON.stringify(snapshot));
				for (const k of Object.keys(sim.options)) delete sim.options[k];
				Object.assign(sim.options, fresh, { port });
			}
		},
		close: async () => {
			if (closed) return;
			closed = true;
			scheduler.cancelAll();
			const done = new Promise((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await done;
			if (agent) await agent.destroy().catch(() => undefined);
		},
	};
	return sim;
}

module.exports = {
	SIGNED_COMMENT,
	CURRENT_PREFIX,
	LEGACY_PREFIX,
	CONTROL_PREFIX,
	defaultOptions,
	mergeOptions,
	startSimulator,
};
