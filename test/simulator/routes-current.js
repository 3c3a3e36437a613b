'use strict';
/**
 * Current Optimizer generation (README "Current generation"): prefix `/oneshot/api/v1`, success
 * bodies `{"status":"success",...}`, error bodies per `errorStyle`. The business rules live in
 * SimState; these routes only parse input and shape the answers.
 */
const { fieldInvalid } = require('./errors');
const { formBody, intParam, json, jsonBody } = require('./http');

/** @typedef {import('./errors').ApiError} ApiError */
/** @typedef {import('./http').Context} Context */
/** @typedef {import('./http').Result} Result */
/** @typedef {import('./http').RouteTable} RouteTable */
/** @typedef {import('./types').SimDocument} SimDocument */
/** @typedef {import('./types').SimulatorOptions} SimulatorOptions */

const CURRENT_PREFIX = '/oneshot/api/v1';

/**
 * Error body of the current generation per `errorStyle`.
 * @param {ApiError} err
 * @param {SimulatorOptions} options
 * @returns {Result}
 */
function renderCurrentError(err, options) {
	const validation = err.kind === 'missing' || err.kind === 'validation';
	if (options.errorStyle === 'envelope') {
		const body = { status: 'error', message: err.message };
		if (err.details !== undefined) body.details = err.details;
		return json(validation ? 400 : err.status, body, err.headers);
	}
	if (err.kind === 'missing') {
		// Strict: FastAPI's own answer for a missing body field (the vendor's current Optimizer is a
		// FastAPI application, oneshot-api.md 1.2); lenient: the legacy message in that shape.
		return json(422, {
			detail: err.fields.map((f) =>
				options.strict
					? { loc: ['body', f], msg: 'field required', type: 'value_error.missing' }
					: { loc: ['body', f], msg: `Missing parameter: ${f} required`, type: 'value_error' },
			),
		});
	}
	if (err.kind === 'validation') {
		return json(422, {
			detail: [{ loc: err.loc, msg: err.message, type: 'value_error' }],
		});
	}
	return json(err.status, { detail: err.details ?? err.message }, err.headers);
}

/**
 * Checks `signature.appearance` of a current sign call (oneshot-api.md 2.3): `position`
 * "x1,y1,x2,y2" (lower-left, then upper-right corner), `page` from 0, `text` a list of strings,
 * `timezone` a known zone. The vendor publishes no messages for these: FastAPI-style 422s.
 * @param {Record<string, any>} body
 */
function checkAppearance(body) {
	const signature = body.signature;
	if (signature === undefined) return;
	const appearance = signature?.appearance;
	if (!appearance || typeof appearance !== 'object' || Array.isArray(appearance)) {
		throw fieldInvalid(['body', 'signature', 'appearance'], 'Input should be a valid dictionary');
	}
	const loc = (field) => ['body', 'signature', 'appearance', field];
	if (appearance.position !== undefined) {
		const parts = String(appearance.position)
			.split(',')
			.map((p) => Number(p.trim()));
		const valid =
			parts.length === 4 &&
			parts.every((n) => Number.isFinite(n) && n >= 0) &&
			parts[2] > parts[0] &&
			parts[3] > parts[1];
		if (!valid) throw fieldInvalid(loc('position'), 'Position must be "x1,y1,x2,y2" in points');
	}
	if (
		appearance.page !== undefined &&
		(!Number.isInteger(appearance.page) || appearance.page < 0)
	) {
		throw fieldInvalid(loc('page'), 'Input should be a valid integer');
	}
	if (
		appearance.text !== undefined &&
		(!Array.isArray(appearance.text) || appearance.text.some((t) => typeof t !== 'string'))
	) {
		throw fieldInvalid(loc('text'), 'Input should be a valid list of strings');
	}
	if (appearance.timezone !== undefined) {
		let known = typeof appearance.timezone === 'string';
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: appearance.timezone });
		} catch {
			known = false;
		}
		if (!known) throw fieldInvalid(loc('timezone'), 'Unknown time zone');
	}
}

/**
 * @param {import('./state').SimState} state
 * @param {() => SimulatorOptions} options The live options (`responseStyle` is read per call).
 * @returns {RouteTable}
 */
function currentRoutes(state, options) {
	const variant = () => options().responseStyle === 'variant';
	/** Key of the data member: `details` as documented, `detail` in the variant style. */
	const dk = () => (variant() ? 'detail' : 'details');
	/** `{"status":"success", ...body}` with status 200. */
	const ok = (body) => json(200, { status: 'success', ...body });
	const pkOf = (ctx) => intParam(ctx, 'pk', 'request_pk');
	const download = (ctx, type) => {
		const doc = state.getDocument(pkOf(ctx), ctx.params.uid, type);
		return { type: 'binary', status: 200, ...doc };
	};
	/** @param {SimDocument[]} docs */
	const uploadAnswer = (docs) => {
		if (variant()) {
			if (docs.length === 1) return ok({ details: docs[0].uid });
			return ok({
				details: docs.map((d) => ({
					uid: d.uid,
					key: d.field,
					filename: d.filename,
					digest: d.sha256,
				})),
			});
		}
		// Strict: only the one-file answer is documented; several files stored get that answer too,
		// naming the first file only (an answer that does not give one UID per file).
		if (docs.length === 1 || options().strict) {
			return ok({ detail: { name: docs[0].field, uid: docs[0].uid } });
		}
		return ok({
			detail: docs.map((d) => ({ name: d.field, uid: d.uid, filename: d.filename })),
		});
	};
	return {
		generation: 'current',
		prefix: CURRENT_PREFIX,
		renderError: (err) => renderCurrentError(err, options()),
		routes: [
			// --- tokens
			{
				method: 'GET',
				path: '/tokens',
				handler: () => {
					const tokens = state.listTokens();
					if (variant()) {
						return ok({
							detail: tokens.map((t) => ({
								token_uid: t.uid,
								username: t.username,
								password: t.password !== undefined,
								pin: t.pin !== undefined,
							})),
						});
					}
					const details = {};
					for (const t of tokens) {
						details[t.uid] = {
							username: t.username,
							password: t.password !== undefined,
							pin: t.pin !== undefined,
						};
					}
					return ok({ details });
				},
			},
			{
				method: 'POST',
				path: '/token',
				handler: (ctx) => {
					const token = state.createToken(jsonBody(ctx), 'current');
					return ok({ message: 'Token created', [dk()]: { token_uid: token.uid } });
				},
			},
			{
				method: 'GET',
				path: '/token/:uid',
				handler: (ctx) => {
					const t = state.getToken(ctx.params.uid);
					return ok({
						[dk()]: {
							username: t.username,
							password: t.password !== undefined,
							pin: t.pin !== undefined,
						},
					});
				},
			},
			{
				method: 'DELETE',
				path: '/token/:uid',
				handler: (ctx) => {
					state.deleteToken(ctx.params.uid);
					return ok({ message: 'Token deleted successfully' });
				},
			},
			// --- requests
			{
				method: 'POST',
				path: '/create',
				handler: (ctx) => {
					const req = state.createRequest(formBody(ctx, { allowUrlEncoded: true }), 'current');
					const message = `Request created with pk ${req.pk}`;
					if (variant()) {
						return ok({
							message,
							request_pk: String(req.pk),
							detail: { status: req.status, asyncmode: req.asyncmode },
						});
					}
					return ok({
						message,
						details: { pk: req.pk, status: req.status, asyncmode: req.asyncmode },
					});
				},
			},
			{
				method: 'POST',
				path: '/otp/:pk',
				handler: (ctx) => {
					state.generateOtp(pkOf(ctx), jsonBody(ctx));
					return ok({ message: 'OTP generated' });
				},
			},
			{
				method: 'POST',
				path: '/sign/:pk',
				handler: async (ctx) => {
					const pk = pkOf(ctx);
					const body = jsonBody(ctx);
					checkAppearance(body);
					const mode = await state.sign(pk, body);
					return ok({
						message:
							mode === 'sync'
								? 'Documents correctly signed'
								: 'Your documents are going to be signed. You will receive them in a few seconds',
					});
				},
			},
			// --- documents
			{
				method: 'POST',
				path: '/document/:pk',
				handler: (ctx) => uploadAnswer(state.uploadDocuments(pkOf(ctx), formBody(ctx))),
			},
			{
				method: 'GET',
				path: '/document/:pk/:uid',
				handler: (ctx) => download(ctx, ctx.query.get('document_type') || 'original'),
			},
			{
				// One workflow page shows the type as a path segment; accepted as an alias.
				method: 'GET',
				path: '/document/:pk/:type/:uid',
				handler: (ctx) => download(ctx, ctx.params.type),
			},
			{
				method: 'DELETE',
				path: '/document/:pk/:uid',
				handler: (ctx) => {
					const type = ctx.query.get('document_type') || 'original';
					state.deleteDocument(pkOf(ctx), ctx.params.uid, type);
					return ok({ message: 'Document successfully deleted' });
				},
			},
			{
				method: 'DELETE',
				path: '/document/:pk',
				handler: (ctx) => {
					const pk = pkOf(ctx);
					state.deleteAllDocuments(pk);
					return ok({ message: `Documents deleted for Request ${pk}` });
				},
			},
			{
				method: 'GET',
				path: '/contract/:pk',
				handler: (ctx) => {
					const pk = pkOf(ctx);
					return {
						type: 'binary',
						status: 200,
						data: state.getContract(pk),
						contentType: 'application/pdf',
						filename: `contract_${pk}.pdf`,
					};
				},
			},
			// --- Video ID (paths from the workflow pages: identified by the Video ID number)
			{
				method: 'POST',
				path: '/videoid',
				handler: (ctx) => {
					const req = state.createVideoId(jsonBody(ctx), 'current');
					const detail = {
						videoid_link: req.videoid.link,
						videoid_pk: req.videoid.pk,
						request_pk: req.pk,
					};
					const message = `VideoID created with pk ${req.videoid.pk}`;
					// The documented example, typo included: "messsage" and "detail".
					if (variant()) return ok({ message, details: detail });
					return ok({ messsage: message, detail });
				},
			},
			{
				method: 'POST',
				path: '/videoid/:vpk/evidences',
				handler: (ctx) => {
					const req = state.videoIdRequest(intParam(ctx, 'vpk', 'videoid_pk'), 'current');
					state.uploadEvidences(req, jsonBody(ctx));
					return ok({ message: 'Videoid evidences uploaded' });
				},
			},
			{
				method: 'POST',
				path: '/videoid/:vpk/video',
				handler: (ctx) => {
					const req = state.videoIdRequest(intParam(ctx, 'vpk', 'videoid_pk'), 'current');
					state.uploadVideo(req, formBody(ctx));
					return ok({ message: 'Videoid video upload completed' });
				},
			},
			{
				method: 'POST',
				path: '/videoid/:vpk/approve',
				handler: (ctx) => {
					const req = state.videoIdRequest(intParam(ctx, 'vpk', 'videoid_pk'), 'current');
					state.approveVideoId(req, jsonBody(ctx), 'current');
					return ok({ message: 'Request approved successfully' });
				},
			},
			{
				method: 'POST',
				path: '/videoid/:vpk/refuse',
				handler: (ctx) => {
					const req = state.videoIdRequest(intParam(ctx, 'vpk', 'videoid_pk'), 'current');
					state.refuseVideoId(req, jsonBody(ctx), 'current');
					return ok({ message: 'Videoid refuse completed' });
				},
			},
			// --- images (visual signature)
			{
				method: 'POST',
				path: '/image',
				handler: (ctx) => {
					const img = state.uploadImage(formBody(ctx));
					return ok({
						message: `Image uploaded with uid '${img.uid}'`,
						[dk()]: { image_uid: img.uid },
					});
				},
			},
			{
				method: 'GET',
				path: '/image/:uid',
				handler: (ctx) => {
					const img = state.getImage(ctx.params.uid);
					return {
						type: 'binary',
						status: 200,
						data: img.data,
						contentType: img.mime,
						filename: img.filename,
					};
				},
			},
			{
				method: 'DELETE',
				path: '/image/:uid',
				handler: (ctx) => {
					state.deleteImage(ctx.params.uid);
					return ok({ message: 'Image deleted' });
				},
			},
		],
	};
}

module.exports = { CURRENT_PREFIX, renderCurrentError, currentRoutes, checkAppearance };
