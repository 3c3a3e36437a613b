'use strict';
/**
 * Control endpoints under `/__simulator` (same server; never faulted, never logged, no latency).
 */
const { ApiError } = require('./errors');
const { Router, json, jsonBody } = require('./http');
const { requestView } = require('./state');

/** @typedef {import('./http').Context} Context */
/** @typedef {import('./http').Result} Result */
/** @typedef {import('./http').RouteTable} RouteTable */

const CONTROL_PREFIX = '/__simulator';

/**
 * The `:pk` path parameter; anything that is not an integer cannot be a request.
 * @param {Context} ctx
 */
function pkParam(ctx) {
	const pk = Number(ctx.params.pk);
	if (!Number.isInteger(pk)) throw new ApiError(404, `Request ${ctx.params.pk} not found`);
	return pk;
}

/**
 * @param {{
 *   sim: () => import('./types').Simulator,
 *   state: import('./state').SimState,
 *   faults: import('./faults').FaultList,
 *   applyConfig: (patch: Record<string, unknown>) => import('./types').SimulatorOptions,
 * }} deps
 * @returns {Router}
 */
function controlRouter(deps) {
	const { state, faults } = deps;
	/** @type {RouteTable} */
	const table = {
		generation: 'current',
		prefix: CONTROL_PREFIX,
		renderError: (err) => json(err.status, { detail: err.message }),
		routes: [
			{
				method: 'GET',
				path: '/health',
				handler: () => {
					const sim = deps.sim();
					return json(200, {
						status: 'ok',
						url: sim.url,
						currentBaseUrl: sim.currentBaseUrl,
						legacyBaseUrl: sim.legacyBaseUrl,
						sandboxToken: sim.sandboxToken,
						rao: sim.rao,
						billing: {
							...sim.billing,
							passwordBase64: Buffer.from(sim.billing.password, 'utf8').toString('base64'),
						},
						requests: state.requests.size,
						options: sim.options,
					});
				},
			},
			{
				method: 'GET',
				path: '/otp/:pk',
				handler: (ctx) => {
					const pk = pkParam(ctx);
					const otp = deps.sim().getOtp(pk);
					if (otp === undefined) throw new ApiError(404, `No OTP generated for request ${pk}`);
					return json(200, { otp });
				},
			},
			{
				method: 'GET',
				path: '/requests',
				handler: () => json(200, [...state.requests.values()].map(requestView)),
			},
			{
				method: 'GET',
				path: '/requests/:pk',
				handler: (ctx) => {
					const pk = pkParam(ctx);
					const req = state.get(pk);
					if (!req) throw new ApiError(404, `Request ${pk} not found`);
					return json(200, requestView(req));
				},
			},
			{
				method: 'POST',
				path: '/requests/:pk/videoid-complete',
				handler: (ctx) => json(200, requestView(state.completeVideoId(pkParam(ctx)))),
			},
			{
				method: 'POST',
				path: '/requests/:pk/cancel',
				handler: (ctx) => json(200, requestView(state.cancel(pkParam(ctx)))),
			},
			{
				method: 'GET',
				path: '/callbacks',
				handler: () => json(200, deps.sim().callbacks),
			},
			{ method: 'GET', path: '/log', handler: () => json(200, deps.sim().requestLog) },
			{ method: 'GET', path: '/config', handler: () => json(200, deps.sim().options) },
			{
				method: 'POST',
				path: '/config',
				handler: (ctx) => json(200, deps.applyConfig(jsonBody(ctx))),
			},
			{ method: 'GET', path: '/faults', handler: () => json(200, faults.list()) },
			{
				method: 'POST',
				path: '/faults',
				handler: (ctx) => {
					try {
						faults.add(jsonBody(ctx));
					} catch (err) {
						if (err instanceof ApiError) throw err;
						throw new ApiError(400, err.message);
					}
					return json(200, faults.list());
				},
			},
			{
				method: 'DELETE',
				path: '/faults',
				handler: () => {
					faults.clear();
					return json(200, []);
				},
			},
			{
				method: 'POST',
				path: '/reset',
				handler: (ctx) => {
					const body = jsonBody(ctx);
					deps.sim().reset({ options: body.options === true });
					return json(200, { status: 'ok' });
				},
			},
		],
	};
	return new Router([table]);
}

/**
 * Answers a control call. Errors always use the FastAPI body `{"detail": ...}`.
 * @param {Router} router The router made by controlRouter().
 * @param {string} method
 * @param {Context} ctx
 * @returns {Promise<Result>}
 */
async function handleControl(router, method, ctx) {
	const m = router.match(method, ctx.path);
	if (m.kind === 'none') return json(404, { detail: 'Not Found' });
	if (m.kind === 'method') return json(405, { detail: 'Method Not Allowed' });
	try {
		return await m.route.handler({ ...ctx, params: m.params });
	} catch (err) {
		if (err instanceof ApiError) return json(err.status, { detail: err.message });
		return json(500, { detail: String(err?.message ?? err) });
	}
}

module.exports = { CONTROL_PREFIX, controlRouter, handleControl };
