'use strict';
/**
 * Legacy ("old") Optimizer generation: prefix `/api/v1`, envelope
 * `{"status":"200 OK","details":...}` for successes and errors alike (oneshot-legacy-openapi.yaml).
 * Same SimState as the current generation, so a request created here can be used there.
 */
const { ApiError, statusText } = require('./errors');
const { formBody, json, jsonBody } = require('./http');
const { BILLING } = require('./state');

/** @typedef {import('./http').Result} Result */
/** @typedef {import('./http').RouteTable} RouteTable */
/** @typedef {import('./types').SimRequest} SimRequest */

const LEGACY_PREFIX = '/api/v1';

/** Answer of `GET async/status/{pk}` for each request status. */
const ASYNC_STATUS = {
	CREATED: 'created',
	ENROLLREADY: 'approved',
	ISSUED: 'signed',
	CANCELLED: 'cancelled',
};

/**
 * Error in the legacy envelope; field errors are 400 here.
 * @param {ApiError} err
 * @returns {Result}
 */
function renderLegacyError(err) {
	const status = err.kind === 'missing' || err.kind === 'validation' ? 400 : err.status;
	return json(
		status,
		{ status: statusText(status), details: err.details ?? err.message },
		err.headers,
	);
}

/**
 * `DD/MM/YYYY HH:MM:SS` (UTC), the upload date of the document and image lists.
 * @param {number} ms
 */
function legacyDate(ms) {
	const d = new Date(ms);
	const p = (n) => String(n).padStart(2, '0');
	return (
		`${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
		`${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
	);
}

/**
 * [width, height] of a PNG (IHDR chunk), or undefined.
 * @param {Buffer} data
 */
function pngSize(data) {
	if (data.length < 24 || data.subarray(12, 16).toString('latin1') !== 'IHDR') return undefined;
	return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

/**
 * Checks the per-document `options` of a legacy sign call: known documents, `position` and
 * `page` for each (400 with a message per document, as in the spec), known images (404).
 * @param {import('./state').SimState} state
 * @param {SimRequest | undefined} req
 * @param {unknown} opts
 */
function checkSignOptions(state, req, opts) {
	if (!req || !opts || typeof opts !== 'object' || Array.isArray(opts)) return;
	const unknownDocs = Object.keys(opts).filter((uid) => !req.documents.some((d) => d.uid === uid));
	if (unknownDocs.length > 0) {
		throw new ApiError(
			404,
			`The following documents are not found in Request's folders: ${unknownDocs.join(', ')}`,
		);
	}
	const missing = {};
	for (const [uid, o] of Object.entries(opts)) {
		const entry = o && typeof o === 'object' ? o : {};
		for (const key of ['position', 'page']) {
			if (entry[key] === undefined || entry[key] === null || entry[key] === '') {
				missing[uid] = `Missing required parameter '${key}' for file ${uid}`;
				break;
			}
		}
	}
	if (Object.keys(missing).length > 0) {
		throw new ApiError(400, 'Missing image parameters', { details: missing });
	}
	const missingImages = {};
	for (const [uid, o] of Object.entries(opts)) {
		const image = o?.image;
		if (typeof image === 'string' && image !== '' && !state.images.has(image)) {
			missingImages[uid] = `The image ${image} cannot be found on disk`;
		}
	}
	if (Object.keys(missingImages).length > 0) {
		throw new ApiError(404, 'Image not found', { details: missingImages });
	}
}

/**
 * `details` of `GET request/{pk}`.
 * @param {SimRequest} req
 */
function requestDetails(req) {
	return {
		pk: req.pk,
		status: req.status,
		profile: req.profile,
		registration_authority: req.registrationAuthority,
		scratchcard: req.scratchcard,
		given_name: req.signer.given_name,
		surname_1: req.signer.surname_1,
		surname_2: req.signer.surname_2 ?? '',
		email: req.signer.email,
		mobile_phone_number: req.signer.mobile_phone_number,
		serial_number: req.signer.serial_number,
		id_document_type: req.signer.id_document_type,
		id_document_country: req.signer.id_document_country,
		country_name: req.signer.id_document_country,
		paperless_mode: !req.videoid,
		videoid_mode: !!req.videoid,
		secure_element: 2,
		validity_time: '1',
		communication_language: req.communicationLanguage ?? '',
		certificate_set: req.certificate ? [{ ...req.certificate }] : [],
		approving_rao: {
			username: req.raoUsername,
			registration_authority_master: req.registrationAuthority,
		},
	};
}

/**
 * @param {import('./state').SimState} state
 * @param {() => import('./types').SimulatorOptions} options The live options.
 * @returns {RouteTable}
 */
function legacyRoutes(state, options) {
	/** `{"status":"200 OK","details":...}` */
	const ok = (details, status = 200) => json(status, { status: statusText(status), details });
	/** Path pk; non-numeric values cannot exist, so they answer the route's not-found message. */
	const pk = (ctx, notFound) => {
		const raw = ctx.params.pk;
		if (!/^[0-9]+$/.test(raw)) throw new ApiError(404, notFound(raw));
		return Number(raw);
	};
	const mustExist = (n, message) => {
		const req = state.get(n);
		if (!req) throw new ApiError(404, message);
		return req;
	};
	return {
		generation: 'legacy',
		prefix: LEGACY_PREFIX,
		renderError: renderLegacyError,
		routes: [
			// --- settings / health
			{ method: 'GET', path: '/hello', handler: () => ok('Hello') },
			{
				method: 'GET',
				path: '/version',
				handler: () =>
					ok({
						info: {
							machine: process.arch,
							version: 'simulator',
							release: process.version,
							hostname: 'oneshot-simulator',
							system: process.platform,
							processor: process.arch,
						},
						version: '1.5.0',
						name: 'OneShot Optimizer',
					}),
			},
			{
				method: 'GET',
				path: '/settings',
				handler: () => {
					const d = options().defaults;
					return ok({
						tsa: { tsa_url: 'https://tsa.sandbox.uanataca.com/tsa/tss01' },
						request: {
							default_profile: d.profile ?? '',
							default_ra: d.registrationAuthority ?? '',
						},
						billing: d.billing
							? {
									billing_username: BILLING.username,
									billing_password: Buffer.from(BILLING.password).toString('base64'),
								}
							: { billing_username: '', billing_password: '' },
						proxy: { useproxy: false },
						general: {
							environment: d.env ?? '',
							rootstore: 'uanataca',
							configuration: 'default',
							usepdfclean: false,
						},
					});
				},
			},
			{
				method: 'POST',
				path: '/settings',
				handler: (ctx) => {
					let body;
					try {
						body = jsonBody(ctx, { required: true });
					} catch {
						throw new ApiError(400, 'Could not parse JSON body');
					}
					const d = options().defaults;
					const request = body.request ?? {};
					const billing = body.billing ?? {};
					const general = body.general ?? {};
					if (typeof request.default_profile === 'string') d.profile = request.default_profile;
					if (request.default_ra !== undefined)
						d.registrationAuthority = String(request.default_ra);
					if (typeof general.environment === 'string') {
						if (general.environment !== 'sandbox' && general.environment !== 'prod') {
							throw new ApiError(400, 'The specified environment is not available');
						}
						d.env = general.environment;
					}
					if (billing.billing_username !== undefined || billing.billing_password !== undefined) {
						const decoded = Buffer.from(
							String(billing.billing_password ?? ''),
							'base64',
						).toString();
						d.billing =
							billing.billing_username === BILLING.username && decoded === BILLING.password;
					}
					return ok('Settings saved successfully');
				},
			},
			// --- tokens
			{
				method: 'GET',
				path: '/tokens',
				handler: () => {
					const details = {};
					for (const t of state.listTokens()) {
						details[t.uid] = {
							username: t.username,
							password: t.password !== undefined,
							pin: t.pin !== undefined,
						};
					}
					return ok(details);
				},
			},
			{
				method: 'POST',
				path: '/token',
				handler: (ctx) => ok(state.createToken(jsonBody(ctx), 'legacy').uid),
			},
			{
				method: 'GET',
				path: '/token/:uid',
				handler: (ctx) => {
					const t = state.getToken(ctx.params.uid);
					return ok({
						username: t.username,
						password: t.password !== undefined,
						pin: t.pin !== undefined,
					});
				},
			},
			{
				method: 'DELETE',
				path: '/token/:uid',
				handler: (ctx) => {
					state.deleteToken(ctx.params.uid);
					return ok('Token deleted successfully');
				},
			},
			// --- requests
			{
				method: 'POST',
				path: '/request',
				handler: (ctx) =>
					ok(state.createRequest(formBody(ctx, { allowUrlEncoded: true }), 'legacy').pk, 201),
			},
			{
				method: 'GET',
				path: '/request/:pk',
				handler: (ctx) => {
					const message = 'Request not found. Make sure the upload directory is correct.';
					return ok(
						requestDetails(
							mustExist(
								pk(ctx, () => message),
								message,
							),
						),
					);
				},
			},
			{
				method: 'DELETE',
				path: '/request/:pk',
				handler: (ctx) => {
					state.remove(pk(ctx, (raw) => `Request ${raw} not found`));
					return ok('Request directory removed successfully');
				},
			},
			{
				method: 'GET',
				path: '/async/status/:pk',
				handler: (ctx) => {
					const notFound = (raw) =>
						`Request ${raw} not found. Make sure the upload directory is correct`;
					const n = pk(ctx, notFound);
					const req = mustExist(n, notFound(String(n)));
					if (!req.asyncmode) return ok('Unknown');
					return ok(req.signing ? 'signing' : (ASYNC_STATUS[req.status] ?? 'Unknown'));
				},
			},
			{
				method: 'POST',
				path: '/otp/:pk',
				handler: (ctx) => {
					state.generateOtp(
						pk(ctx, (raw) => `Request ${raw} not found. Cannot send OTP secret`),
						jsonBody(ctx),
					);
					return ok('OTP generated');
				},
			},
			{
				method: 'POST',
				path: '/sign/:pk',
				handler: async (ctx) => {
					const n = pk(ctx, (raw) => `Request ${raw} not found. Cannot sign documents`);
					const body = jsonBody(ctx);
					checkSignOptions(state, state.get(n), body.options);
					const mode = await state.sign(n, body);
					return ok(
						mode === 'sync'
							? 'Documents correctly signed'
							: 'Your documents are going to be signed. You will receive them in a few seconds',
					);
				},
			},
			// --- Video ID (spec tag "Video ID")
			{
				method: 'POST',
				path: '/videoid',
				handler: (ctx) => {
					const req = state.createVideoId(jsonBody(ctx), 'legacy');
					return ok({
						videoid_pk: req.videoid.pk,
						videoid_link: req.videoid.link,
						request_pk: req.pk,
					});
				},
			},
			{
				method: 'POST',
				path: '/videoid/:pk/evidences',
				handler: (ctx) => {
					const req = state.videoIdRequest(
						pk(ctx, () => 'Request not found'),
						'legacy',
					);
					let body;
					try {
						body = jsonBody(ctx);
					} catch (err) {
						throw new ApiError(400, err.message);
					}
					state.uploadEvidences(req, body);
					return ok('Videoid evidences uploaded');
				},
			},
			{
				method: 'POST',
				path: '/videoid/:pk/evidences/video',
				handler: (ctx) => {
					const req = state.videoIdRequest(
						pk(ctx, () => 'Request not found'),
						'legacy',
					);
					state.uploadVideo(req, formBody(ctx));
					return ok('Videoid video upload completed');
				},
			},
			{
				method: 'POST',
				path: '/requests/:pk/approve',
				handler: (ctx) => {
					const req = state.videoIdRequest(
						pk(ctx, () => 'Request not found'),
						'legacy',
					);
					state.approveVideoId(req, jsonBody(ctx), 'legacy');
					return ok('Request approved successfully');
				},
			},
			{
				method: 'POST',
				path: '/videoid/:pk/refuse',
				handler: (ctx) => {
					const req = state.videoIdRequest(
						pk(ctx, () => 'Request not found'),
						'legacy',
					);
					state.refuseVideoId(req, jsonBody(ctx), 'legacy');
					return ok('Videoid refuse completed');
				},
			},
			{
				method: 'GET',
				path: '/videoid/:pk/download/video',
				handler: (ctx) => {
					const req = state.videoIdRequest(
						pk(ctx, () => 'Request not found'),
						'legacy',
					);
					const video = state.videoOf(req);
					return {
						type: 'binary',
						status: 200,
						data: video.data,
						contentType: 'video/mp4',
						filename: video.filename,
					};
				},
			},
			// --- documents
			{
				method: 'POST',
				path: '/document/:pk',
				handler: (ctx) => {
					const n = pk(ctx, (raw) => `Cannot upload document: Request ${raw} not found on disk`);
					const docs = state.uploadDocuments(n, formBody(ctx));
					if (docs.length === 1) return ok(docs[0].uid);
					return ok(
						docs.map((d) => ({ digest: d.sha256, uid: d.uid, key: d.field, filename: d.filename })),
					);
				},
			},
			{
				method: 'GET',
				path: '/document/:pk/contract',
				handler: (ctx) => {
					const n = pk(ctx, (raw) => `Request ${raw} not found`);
					return {
						type: 'binary',
						status: 200,
						data: state.getContract(n),
						contentType: 'application/pdf',
						filename: `contract_${n}.pdf`,
					};
				},
			},
			{
				method: 'GET',
				path: '/document/:pk/:type/:uid',
				handler: (ctx) => {
					const n = pk(ctx, (raw) => `Request ${raw} not found`);
					const type = ctx.params.type;
					if (type !== 'original' && type !== 'signed')
						throw new ApiError(404, 'Document not found');
					const doc = state.getDocument(n, ctx.params.uid, type);
					return { type: 'binary', status: 200, ...doc, contentType: 'application/octet-stream' };
				},
			},
			{
				method: 'DELETE',
				path: '/document/:pk/:type/:uid',
				handler: (ctx) => {
					const n = pk(ctx, (raw) => `Request ${raw} not found`);
					state.deleteDocument(n, ctx.params.uid, ctx.params.type);
					return ok('Document successfully deleted');
				},
			},
			{
				method: 'GET',
				path: '/documents/:pk',
				handler: (ctx) => {
					const message = 'No documents found for specified Request';
					const req = mustExist(
						pk(ctx, () => message),
						message,
					);
					if (req.documents.length === 0) throw new ApiError(404, message);
					const details = {};
					for (const d of req.documents) {
						details[d.uid] = {
							upload_date: legacyDate(d.uploadedAt),
							ext: d.kind === 'pdf' ? '.pdf' : '.json',
							size: d.original.length,
							mime: d.kind === 'pdf' ? 'application/pdf' : 'application/json',
							filename: d.filename,
						};
					}
					return ok(details);
				},
			},
			{
				method: 'DELETE',
				path: '/documents/:pk',
				handler: (ctx) => {
					const message = 'No documents found for specified Request';
					const n = pk(ctx, () => message);
					mustExist(n, message);
					if (state.deleteAllDocuments(n) === 0) throw new ApiError(404, message);
					return ok('Documents deleted successfully');
				},
			},
			// --- images
			{
				method: 'POST',
				path: '/image',
				handler: (ctx) => ok(state.uploadImage(formBody(ctx)).uid),
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
					return ok('Image deleted');
				},
			},
			{
				method: 'GET',
				path: '/images',
				handler: () => {
					const details = {};
					for (const img of state.images.values()) {
						details[img.uid] = {
							upload_date: legacyDate(img.uploadedAt),
							ext: '.png',
							// the spec's example gives [width, height] in pixels
							size: pngSize(img.data) ?? img.data.length,
							mime: img.mime,
							filename: img.filename,
						};
					}
					return ok(details);
				},
			},
			{
				method: 'DELETE',
				path: '/images',
				handler: () => {
					state.images.clear();
					return ok('Images deleted successfully');
				},
			},
		],
	};
}

module.exports = { LEGACY_PREFIX, renderLegacyError, legacyRoutes, pngSize };
