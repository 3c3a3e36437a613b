'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.CONTROL_PREFIX =
	exports.LEGACY_PREFIX =
	exports.CURRENT_PREFIX =
	exports.SIGNED_COMMENT =
		void 0;
exports.defaultOptions = defaultOptions;
exports.mergeOptions = mergeOptions;
exports.startSimulator = startSimulator;
/**
 * Local simulator of the Uanataca One-Shot Optimizer HTTP API (test/dev tooling, never shipped).
 *
 *   const sim = await startSimulator({ port: 0, signDelayMs: 5 });
 *   // sim.currentBaseUrl === 'http://127.0.0.1:<port>/oneshot/api/v1'
 *   await sim.close();
 *
 * See test/simulator/README.md for knobs, control endpoints and accepted credentials.
 */
const http_1 = require('http');
const undici_1 = require('undici');
const callbacks_1 = require('./callbacks');
const control_1 = require('./control');
const errors_1 = require('./errors');
const faults_1 = require('./faults');
const http_2 = require('./http');
const routes_legacy_1 = require('./routes-legacy');
const routes_current_1 = require('./routes-current');
const state_1 = require('./state');
const timers_1 = require('./timers');
var pdf_1 = require('./pdf');
Object.defineProperty(exports, 'SIGNED_COMMENT', {
	enumerable: true,
	get: function () {
		return pdf_1.SIGNED_COMMENT;
	},
});
var routes_current_2 = require('./routes-current');
Object.defineProperty(exports, 'CURRENT_PREFIX', {
	enumerable: true,
	get: function () {
		return routes_current_2.CURRENT_PREFIX;
	},
});
var routes_legacy_2 = require('./routes-legacy');
Object.defineProperty(exports, 'LEGACY_PREFIX', {
	enumerable: true,
	get: function () {
		return routes_legacy_2.LEGACY_PREFIX;
	},
});
var control_2 = require('./control');
Object.defineProperty(exports, 'CONTROL_PREFIX', {
	enumerable: true,
	get: function () {
		return control_2.CONTROL_PREFIX;
	},
});
/** Port the simulator must never use (n8n's default). */
const FORBIDDEN_PORT = 5679;
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
	};
}
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
/** Merges a partial options object into `target` (`defaults` is merged key by key). */
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
async function startSimulator(overrides = {}) {
	const initial = mergeOptions(defaultOptions(), overrides);
	initial.port = overrides.port ?? 0;
	if (initial.port === FORBIDDEN_PORT)
		throw new Error(`Port ${FORBIDDEN_PORT} is reserved; pick another one`);
	if (overrides.host !== undefined && overrides.host !== '127.0.0.1') {
		throw new Error('The simulator only listens on 127.0.0.1');
	}
	const snapshot = JSON.parse(JSON.stringify(initial));
	const scheduler = new timers_1.Scheduler();
	const faults = new faults_1.FaultList();
	const callbacks = [];
	const requestLog = [];
	let agent;
	const getAgent = () => {
		agent ??= new undici_1.Agent({ connect: { timeout: 5000 }, keepAliveTimeout: 1000 });
		return agent;
	};
	let sim;
	const options = () => sim.options;
	const dispatcher = new callbacks_1.CallbackDispatcher({
		options,
		records: callbacks,
		scheduler,
		agent: getAgent,
	});
	const state = new state_1.SimState(options, scheduler, dispatcher);
	const router = new http_2.Router([
		(0, routes_current_1.currentRoutes)(state, options),
		(0, routes_legacy_1.legacyRoutes)(state, options),
	]);
	const control = (0, control_1.controlRouter)({
		sim: () => sim,
		state,
		faults,
		applyConfig: (patch) => mergeOptions(sim.options, patch),
	});
	async function handleApi(req, res, method, path, query) {
		const at = Date.now();
		const log = (status) => requestLog.push({ method, path, status, at });
		const table = router.tableFor(path);
		const renderError = (err) =>
			table
				? table.renderError(err)
				: (0, http_2.json)(err.status, { detail: err.message }, err.headers);
		let body;
		try {
			body = await (0, http_2.readBody)(req);
		} catch (err) {
			if (err instanceof errors_1.ApiError) {
				(0, http_2.send)(res, renderError(err));
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
			if (fault.kind === 'slow') await (0, timers_1.delay)(fault.delayMs ?? 1000);
			if (fault.kind === '5xx' || fault.kind === '429') {
				const err =
					fault.kind === '429'
						? new errors_1.ApiError(429, 'Too Many Requests', { headers: { 'retry-after': '1' } })
						: new errors_1.ApiError(
								fault.status ?? 503,
								fault.message ?? 'Service temporarily unavailable',
							);
				const result = renderError(err);
				await (0, timers_1.delay)(sim.options.latencyMs);
				(0, http_2.send)(res, result, method === 'HEAD');
				log(result.status);
				return;
			}
		}
		let result;
		const m = router.match(method, path);
		if (m.kind === 'none') result = (0, http_2.json)(404, { detail: 'Not Found' });
		else if (m.kind === 'method') result = (0, http_2.json)(405, { detail: 'Method Not Allowed' });
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
				if (err instanceof errors_1.ApiError) result = m.table.renderError(err);
				else {
					console.error('[simulator] handler error:', err);
					result = (0, http_2.json)(500, { detail: 'Internal Server Error' });
				}
			}
		}
		await (0, timers_1.delay)(sim.options.latencyMs);
		(0, http_2.send)(res, result, method === 'HEAD');
		log(result.status);
	}
	async function handle(req, res) {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		if (path === control_1.CONTROL_PREFIX || path.startsWith(`${control_1.CONTROL_PREFIX}/`)) {
			const body = await (0, http_2.readBody)(req);
			const ctx = {
				method,
				path,
				params: {},
				query: url.searchParams,
				headers: req.headers,
				body,
			};
			(0, http_2.send)(res, await (0, control_1.handleControl)(control, method, ctx));
			return;
		}
		await handleApi(req, res, method, path, url.searchParams);
	}
	const server = (0, http_1.createServer)((req, res) => {
		handle(req, res).catch((err) => {
			console.error('[simulator] request failed:', err);
			if (!res.headersSent && !res.destroyed)
				(0, http_2.send)(res, (0, http_2.json)(500, { detail: 'Internal Server Error' }));
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
		currentBaseUrl: `${base}${routes_current_1.CURRENT_PREFIX}`,
		legacyBaseUrl: `${base}${routes_legacy_1.LEGACY_PREFIX}`,
		options: initial,
		sandboxToken: state_1.SANDBOX_TOKEN,
		rao: { ...state_1.DEFAULT_RAO },
		billing: { ...state_1.BILLING },
		getOtp: (pk) => state.get(pk)?.otp?.code,
		getRequest: (pk) => state.get(pk),
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
				await (0, timers_1.delay)(5);
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
