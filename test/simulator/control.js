'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.CONTROL_PREFIX = void 0;
exports.controlRouter = controlRouter;
exports.handleControl = handleControl;
/**
 * Control endpoints under `/__simulator` (same server; never faulted, never logged, no latency).
 */
const errors_1 = require('./errors');
const http_1 = require('./http');
const state_1 = require('./state');
exports.CONTROL_PREFIX = '/__simulator';
function pkParam(ctx) {
	const pk = Number(ctx.params.pk);
	if (!Number.isInteger(pk)) throw new errors_1.ApiError(404, `Request ${ctx.params.pk} not found`);
	return pk;
}
function controlRouter(deps) {
	const { state, faults } = deps;
	const table = {
		generation: 'current',
		prefix: exports.CONTROL_PREFIX,
		renderError: (err) => (0, http_1.json)(err.status, { detail: err.message }),
		routes: [
			{
				method: 'GET',
				path: '/health',
				handler: () => {
					const sim = deps.sim();
					return (0, http_1.json)(200, {
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
					if (otp === undefined)
						throw new errors_1.ApiError(404, `No OTP generated for request ${pk}`);
					return (0, http_1.json)(200, { otp });
				},
			},
			{
				method: 'GET',
				path: '/requests',
				handler: () => (0, http_1.json)(200, [...state.requests.values()].map(state_1.requestView)),
			},
			{
				method: 'GET',
				path: '/requests/:pk',
				handler: (ctx) => {
					const pk = pkParam(ctx);
					const req = state.get(pk);
					if (!req) throw new errors_1.ApiError(404, `Request ${pk} not found`);
					return (0, http_1.json)(200, (0, state_1.requestView)(req));
				},
			},
			{
				method: 'POST',
				path: '/requests/:pk/cancel',
				handler: (ctx) =>
					(0, http_1.json)(200, (0, state_1.requestView)(state.cancel(pkParam(ctx)))),
			},
			{
				method: 'GET',
				path: '/callbacks',
				handler: () => (0, http_1.json)(200, deps.sim().callbacks),
			},
			{ method: 'GET', path: '/log', handler: () => (0, http_1.json)(200, deps.sim().requestLog) },
			{ method: 'GET', path: '/config', handler: () => (0, http_1.json)(200, deps.sim().options) },
			{
				method: 'POST',
				path: '/config',
				handler: (ctx) => (0, http_1.json)(200, deps.applyConfig((0, http_1.jsonBody)(ctx))),
			},
			{ method: 'GET', path: '/faults', handler: () => (0, http_1.json)(200, faults.list()) },
			{
				method: 'POST',
				path: '/faults',
				handler: (ctx) => {
					try {
						faults.add((0, http_1.jsonBody)(ctx));
					} catch (err) {
						if (err instanceof errors_1.ApiError) throw err;
						throw new errors_1.ApiError(400, err.message);
					}
					return (0, http_1.json)(200, faults.list());
				},
			},
			{
				method: 'DELETE',
				path: '/faults',
				handler: () => {
					faults.clear();
					return (0, http_1.json)(200, []);
				},
			},
			{
				method: 'POST',
				path: '/reset',
				handler: (ctx) => {
					const body = (0, http_1.jsonBody)(ctx);
					deps.sim().reset({ options: body.options === true });
					return (0, http_1.json)(200, { status: 'ok' });
				},
			},
		],
	};
	return new http_1.Router([table]);
}
async function handleControl(router, method, ctx) {
	const m = router.match(method, ctx.path);
	if (m.kind === 'none') return (0, http_1.json)(404, { detail: 'Not Found' });
	if (m.kind === 'method') return (0, http_1.json)(405, { detail: 'Method Not Allowed' });
	try {
		return await m.route.handler({ ...ctx, params: m.params });
	} catch (err) {
		if (err instanceof errors_1.ApiError)
			return (0, http_1.json)(err.status, { detail: err.message });
		return (0, http_1.json)(500, { detail: String(err?.message ?? err) });
	}
}
