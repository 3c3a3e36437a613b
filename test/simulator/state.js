'use strict';
/**
 * Generation-neutral state and business rules of the simulated Optimizer (tokens, requests,
 * documents, OTP, signing). Every rule throws an ApiError carrying the vendor's message; the
 * route tables only parse input and shape the envelope of their API generation.
 */
const { randomBytes, randomInt, randomUUID } = require('node:crypto');
const { certDate, flatDate } = require('./callbacks');
const { ApiError, fieldInvalid, missingFields } = require('./errors');
const { buildContract, buildP7m, isJpeg, isPdf, isPng, sha256Hex, signPdf } = require('./pdf');
const { CancelledError } = require('./timers');

/** @typedef {import('./types').Generation} Generation */
/** @typedef {import('./types').HistoryEntry} HistoryEntry */
/** @typedef {import('./types').RequestStatus} RequestStatus */
/** @typedef {import('./types').SimDocument} SimDocument */
/** @typedef {import('./types').SimImage} SimImage */
/** @typedef {import('./types').SimRequest} SimRequest */
/** @typedef {import('./types').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./multipart').Form} Form */

/**
 * A RAO token: stored RAO credentials (password and pin may be left out).
 * @typedef {object} Token
 * @property {string} uid
 * @property {string} username
 * @property {string} [password]
 * @property {string} [pin]
 * @property {'sandbox' | 'prod'} [env]
 * @property {boolean} protected true for the sandbox token, which cannot be deleted.
 * @property {number} createdAt
 */

/** RAO accounts the simulated RA knows. */
const RAOS = {
	// Credentials of the vendor's code samples; exposed as `simulator.rao`.
	9001800: { password: 'Gy6F89xK', pin: 'p1n' },
	// RAO behind the pre-seeded sandbox token (legacy sandbox RAO id).
	1125824: { password: 'Sandb0xRao', pin: '1125' },
};

/** RAO credentials exposed as `simulator.rao` (no token holds them at start). */
const DEFAULT_RAO = { username: '9001800', password: 'Gy6F89xK', pin: 'p1n' };

/** The pre-seeded sandbox token (it cannot be deleted) and the RAO it holds. */
const SANDBOX_TOKEN = '3bf8d8eb-d96c-41ea-83ad-d78a7016c7da';
const SANDBOX_TOKEN_RAO = '1125824';

/** Billing credentials of the vendor's samples (`ejVxTnFrZkI=` = Base64 of `z5qNqkfB`). */
const BILLING = { username: 'user@uanataca.com', password: 'z5qNqkfB' };

/** pk of the first request, as in the vendor's classic example. */
const FIRST_PK = 388141;
const ID_DOCUMENT_TYPES = ['IDC', 'PAS', 'PNO', 'TIN', 'CI', 'CE'];
const PROFILES = ['PFnubeQAFCiudadano', 'PFnubeNC', 'PFnubeAFCiudadano'];
const MAX_DOCUMENTS_PER_CALL = 10;
const ID_IMAGE_FIELDS = ['document_front', 'document_rear', 'document_owner', 'extra_document'];
const SECRET_FIELDS = new Set(['password', 'pin', 'billing_password']);
const CREDIT_ERROR =
	'Cannot check the remaining credit for the billing user. Please check the credentials';
const BILLING_BASE64_ERROR =
	'Billing credentials not valid. Please check if they are base64 encoded';

/**
 * true when `s` is canonical Base64 (padded, nothing that decoding would drop).
 * @param {string} s
 */
function isStrictBase64(s) {
	if (s.length === 0 || s.length % 4 !== 0) return false;
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return false;
	return Buffer.from(s, 'base64').toString('base64') === s;
}

/**
 * A body value as a string (numbers and booleans converted; anything else undefined).
 * @param {unknown} v
 * @returns {string | undefined}
 */
function str(v) {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return undefined;
}

/**
 * true for a non-blank string.
 * @param {string | undefined} v
 * @returns {v is string}
 */
function present(v) {
	return v !== undefined && v.trim() !== '';
}

/**
 * A boolean form field; blank = undefined, anything unrecognised = a 422 field error.
 * @param {string | undefined} v
 * @param {string[]} loc
 */
function parseBool(v, loc) {
	if (v === undefined || v === '') return undefined;
	const s = v.trim().toLowerCase();
	if (['true', '1', 'yes', 'on'].includes(s)) return true;
	if (['false', '0', 'no', 'off'].includes(s)) return false;
	throw fieldInvalid(loc, 'Input should be a valid boolean, unable to interpret input');
}

/**
 * Billing credentials of a create call (settings.toml may hold them: defaults.billing).
 * @param {Record<string, string | undefined>} f
 * @param {import('./types').SimulatorDefaults} defaults
 * @returns {string} The billing username.
 */
function checkBilling(f, defaults) {
	const bu = present(f.billing_username) ? f.billing_username.trim() : undefined;
	const bp = present(f.billing_password) ? f.billing_password.trim() : undefined;
	if (bu === undefined && bp === undefined && defaults.billing) return BILLING.username;
	if (bu === undefined || bp === undefined) throw new ApiError(500, CREDIT_ERROR);
	if (!isStrictBase64(bp)) throw new ApiError(500, BILLING_BASE64_ERROR);
	const decoded = Buffer.from(bp, 'base64').toString('utf8');
	if (bu !== BILLING.username || decoded !== BILLING.password) {
		throw new ApiError(500, CREDIT_ERROR);
	}
	return bu;
}

/** Statuses of a Video ID request before a RAO decides (oneshot-api.md 3.1). */
const VIDEO_STATUSES = ['VIDEOPENDING', 'VIDEOINCOMPLETE', 'VIDEOREVIEW', 'VIDEOERROR'];

/** Video ID numbers start like the vendor's example ("VideoID created with pk 16673"). */
const FIRST_VIDEOID_PK = 16673;

class SimState {
	/** @type {Map<string, Token>} */
	tokens = new Map();
	/** @type {Map<number, SimRequest>} */
	requests = new Map();
	/** Signature images (visual signature), by uid. @type {Map<string, SimImage>} */
	images = new Map();
	nextPk = FIRST_PK;
	/** Video ID number → request pk. @type {Map<number, number>} */
	videoIds = new Map();
	nextVideoIdPk = FIRST_VIDEOID_PK;

	/**
	 * @param {() => SimulatorOptions} options The live options.
	 * @param {import('./timers').Scheduler} scheduler
	 * @param {import('./callbacks').CallbackDispatcher} dispatcher Told about every transition.
	 */
	constructor(options, scheduler, dispatcher) {
		this.options = options;
		this.scheduler = scheduler;
		this.dispatcher = dispatcher;
		this.seed();
	}

	seed() {
		const rao = RAOS[SANDBOX_TOKEN_RAO];
		this.tokens.set(SANDBOX_TOKEN, {
			uid: SANDBOX_TOKEN,
			username: SANDBOX_TOKEN_RAO,
			password: rao.password,
			pin: rao.pin,
			env: 'sandbox',
			protected: true,
			createdAt: Date.now(),
		});
	}

	/** Wipes everything except the sandbox token; pks keep increasing. */
	reset() {
		this.tokens.clear();
		this.requests.clear();
		this.images.clear();
		this.videoIds.clear();
		this.seed();
	}

	// --- tokens -------------------------------------------------------------------------------
	listTokens() {
		return [...this.tokens.values()];
	}

	/**
	 * @param {Record<string, unknown>} body `{username, password?, pin?, env?}`
	 * @param {Generation} generation Legacy token uids are 32 hex characters, current ones UUIDs.
	 */
	createToken(body, generation) {
		const username = str(body.username);
		const password = str(body.password);
		const pin = str(body.pin);
		const env = str(body.env);
		if (!present(username)) throw new ApiError(400, 'Missing required parameters: username');
		if (present(env)) this.checkEnvironment(env);
		const rao = RAOS[username];
		const wrong =
			!rao || (present(password) && password !== rao.password) || (present(pin) && pin !== rao.pin);
		if (wrong) {
			throw new ApiError(404, "Error getting RAO's id. Make sure the credentials are correct.");
		}
		const pw = present(password) ? password : undefined;
		const pn = present(pin) ? pin : undefined;
		for (const t of this.tokens.values()) {
			if (t.username === username && t.password === pw && t.pin === pn) {
				throw new ApiError(400, 'A token with these credentials already exist!');
			}
		}
		const uid = generation === 'legacy' ? randomUUID().replace(/-/g, '') : randomUUID();
		const token = {
			uid,
			username,
			password: pw,
			pin: pn,
			env: present(env) ? env : undefined,
			protected: false,
			createdAt: Date.now(),
		};
		this.tokens.set(uid, token);
		return token;
	}

	getToken(uid) {
		const t = this.tokens.get(uid);
		if (!t) throw new ApiError(404, `Token ${uid} not found`);
		return t;
	}

	deleteToken(uid) {
		const t = this.tokens.get(uid);
		if (!t) throw new ApiError(404, 'Token not found');
		if (t.protected) throw new ApiError(400, 'This token cannot be deleted');
		this.tokens.delete(uid);
	}

	// --- settings -----------------------------------------------------------------------------
	/**
	 * `env` must be one the Optimizer knows (`environments`: sandbox and prod by default; older
	 * legacy Optimizers use test, oneshot-api.md 1.3), else the vendor's 400.
	 * @param {string} env
	 */
	checkEnvironment(env) {
		const known = this.options().environments ?? ['sandbox', 'prod'];
		if (!known.includes(env)) throw new ApiError(400, `Environment ${env} does not exist`);
	}

	/**
	 * Fills `registration_authority` and `profile` from the Optimizer's settings when left out.
	 * The legacy spec documents that ("required only if not set at settings.ini"); the current
	 * Optimizer's request pages list both as required without that note, so in strict mode the
	 * current generation refuses a call without them (FastAPI's 422 `field required`).
	 * @param {Record<string, string | undefined>} f Changed in place.
	 * @param {Generation} generation
	 */
	applySettingsDefaults(f, generation) {
		const opts = this.options();
		if (opts.strict && generation === 'current') return;
		const defaults = opts.defaults ?? {};
		if (!present(f.registration_authority) && present(defaults.registrationAuthority)) {
			f.registration_authority = defaults.registrationAuthority;
		}
		if (!present(f.profile) && present(defaults.profile)) f.profile = defaults.profile;
	}

	// --- requests -----------------------------------------------------------------------------
	/**
	 * Validates a create call (with the vendor's messages), stores the request and approves it
	 * at once: CREATED then ENROLLREADY.
	 * @param {Form} form
	 * @param {Generation} generation
	 * @returns {SimRequest}
	 */
	createRequest(form, generation) {
		const opts = this.options();
		const f = { ...form.fields };
		const defaults = opts.defaults ?? {};
		if (generation === 'legacy') {
			// Legacy spec: id_document_type defaults to IDC and id_document_country to ES.
			if (!present(f.id_document_type)) f.id_document_type = 'IDC';
			if (!present(f.id_document_country)) f.id_document_country = 'ES';
		}
		this.applySettingsDefaults(f, generation);
		const required = [
			'given_name',
			'surname_1',
			'id_document_type',
			'id_document_country',
			'serial_number',
			'email',
			'mobile_phone_number',
			'registration_authority',
			'profile',
		];
		const missing = required.filter((k) => !present(f[k]));
		if (missing.length > 0) throw missingFields(missing);
		const idType = f.id_document_type.trim();
		if (!ID_DOCUMENT_TYPES.includes(idType)) {
			throw new ApiError(
				400,
				'The id_document_type specified is not valid. Valid options are IDC, PAS, PNO, TIN, CI, CE',
			);
		}
		const phone = f.mobile_phone_number.trim();
		if (!/^\+[0-9]{6,15}$/.test(phone.replace(/[\s-]/g, ''))) {
			throw new ApiError(400, 'Please use the mobile phone number with an international prefix');
		}
		const email = f.email.trim();
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
			throw new ApiError(400, 'Enter a valid email address');
		}
		const country = f.id_document_country.trim();
		if (!/^[A-Z]{2}$/.test(country)) {
			const message = `'${country}' is not a valid ISO 3166-1 alpha-2 country code`;
			throw new ApiError(500, `id_document_country: ${message}`, {
				details: { id_document_country: [message] },
			});
		}
		const env = present(f.env) ? f.env.trim() : defaults.env;
		if (!present(env)) {
			throw new ApiError(
				400,
				'Missing env parameter. Please set it in settings or specify it as parameter',
			);
		}
		this.checkEnvironment(env);
		const useasync = parseBool(f.useasync, ['body', 'useasync']) ?? false;
		let callback;
		if (present(f.callback)) {
			callback = f.callback.trim();
			let ok = false;
			try {
				const u = new URL(callback);
				ok = u.protocol === 'http:' || u.protocol === 'https:';
			} catch {
				ok = false;
			}
			if (!ok) throw fieldInvalid(['body', 'callback'], 'Input should be a valid URL');
		}
		const idImages = [];
		for (const field of ID_IMAGE_FIELDS) {
			const part = form.parts.find((p) => p.name === field);
			if (!part) continue;
			if (part.filename === undefined) {
				throw fieldInvalid(['body', field], "Expected UploadFile, received: <class 'str'>");
			}
			const png = isPng(part.data);
			if (!png && !isJpeg(part.data)) {
				throw new ApiError(415, `Image file type not supported: ${part.filename || field}`);
			}
			idImages.push({
				field,
				filename: part.filename || field,
				mime: png ? 'image/png' : 'image/jpeg',
				size: part.data.length,
			});
		}
		const language = present(f.communication_language)
			? f.communication_language.trim()
			: undefined;
		if (language !== undefined && !['ES', 'PL', 'EN'].includes(language.toUpperCase())) {
			throw new ApiError(
				412,
				'Error occured during request approval: Invalid request fields: communication_language',
			);
		}
		const ra = f.registration_authority.trim();
		if (!/^[0-9]+$/.test(ra)) {
			throw new ApiError(
				412,
				'Error occured during request approval: Invalid request fields: registration_authority',
			);
		}
		const profile = f.profile.trim();
		if (!PROFILES.includes(profile)) {
			throw new ApiError(403, 'You do not have permission to perform this action');
		}
		// RAO credentials: a known token (missing password/pin completed from the fields) or
		// username + password + pin.
		let username = present(f.username) ? f.username.trim() : undefined;
		let password = present(f.password) ? f.password : undefined;
		let pin = present(f.pin) ? f.pin : undefined;
		let tokenUid;
		if (present(f.token)) {
			const token = this.tokens.get(f.token.trim());
			if (!token) throw new ApiError(403, 'Invalid RAO Credentials');
			tokenUid = token.uid;
			username = token.username;
			password = token.password ?? password;
			pin = token.pin ?? pin;
		}
		if (!username || !password || !pin) throw new ApiError(403, 'Invalid RAO Credentials');
		const rao = RAOS[username];
		if (!rao || rao.password !== password || rao.pin !== pin) {
			throw new ApiError(404, "Error getting RAO's id. Make sure the credentials are correct");
		}
		const billingUsername = checkBilling(f, defaults);
		const fields = {};
		for (const [k, v] of Object.entries(form.fields)) fields[k] = SECRET_FIELDS.has(k) ? '***' : v;
		const pk = this.nextPk++;
		const req = {
			pk,
			status: 'CREATED',
			generation,
			createdAt: Date.now(),
			signer: {
				given_name: f.given_name.trim(),
				surname_1: f.surname_1.trim(),
				surname_2: present(f.surname_2) ? f.surname_2.trim() : undefined,
				email,
				mobile_phone_number: phone,
				serial_number: f.serial_number.trim(),
				id_document_type: idType,
				id_document_country: country,
			},
			registrationAuthority: Number(ra),
			profile,
			env,
			asyncmode: useasync,
			callback,
			scratchcard: String(randomInt(1000000, 10000000)),
			raoUsername: username,
			tokenUid,
			billingUsername,
			communicationLanguage: language,
			fields,
			idImages,
			documents: [],
			contractRetrieved: false,
			otpCount: 0,
			signing: false,
			history: [],
		};
		this.requests.set(pk, req);
		this.transition(req, 'CREATED');
		// The RAO credentials approve the request at once.
		this.transition(req, 'ENROLLREADY');
		return req;
	}

	/**
	 * Records a status change in the request's history and tells the callback dispatcher.
	 * @param {SimRequest} req
	 * @param {RequestStatus} status
	 */
	transition(req, status, eventType) {
		const now = new Date();
		const entry = {
			status,
			previous_status: req.history.length === 0 ? null : req.status,
			date: flatDate(now),
			at: now.getTime(),
		};
		// format B names some transitions by their cause (VIDEOID_REFUSED rather than REQUEST_CANCELED)
		if (eventType) entry.eventType = eventType;
		req.status = status;
		req.history.push(entry);
		this.dispatcher.notify(req, entry);
	}

	get(pk) {
		return this.requests.get(pk);
	}

	/** Request cancelled at the RA (only before the certificate is issued). */
	cancel(pk) {
		const req = this.requests.get(pk);
		if (!req) throw new ApiError(404, `Request ${pk} not found`);
		if (req.status === 'ISSUED' || req.status === 'CANCELLED' || req.signing) {
			throw new ApiError(412, `Request already in ${req.signing ? 'ISSUED' : req.status} status`);
		}
		this.transition(req, 'CANCELLED');
		return req;
	}

	/** Removes a request entirely (legacy "Cancel request": request directory removed). */
	remove(pk) {
		const req = this.requests.get(pk);
		if (!req) throw new ApiError(404, `Request ${pk} not found`);
		if (req.status !== 'ISSUED' && req.status !== 'CANCELLED' && !req.signing) {
			this.transition(req, 'CANCELLED');
		}
		this.requests.delete(pk);
	}

	/**
	 * The request, or a 404 with the route's own message.
	 * @param {number} pk
	 * @param {string} message
	 */
	find(pk, message) {
		const req = this.requests.get(pk);
		if (!req) throw new ApiError(404, message);
		return req;
	}

	/** 412 when documents can no longer change (issued, being signed, cancelled). */
	assertOpen(req) {
		if (req.signing) throw new ApiError(412, 'Request already in ISSUED status');
		if (req.status === 'ISSUED' || req.status === 'CANCELLED') {
			throw new ApiError(412, `Request already in ${req.status} status`);
		}
	}

	// --- documents ----------------------------------------------------------------------------
	/**
	 * Stores every file part (and `hashfile` part) of an upload; a bad file rejects the whole
	 * batch.
	 * @param {number} pk
	 * @param {Form} form
	 * @returns {SimDocument[]}
	 */
	uploadDocuments(pk, form) {
		const req = this.find(pk, `Cannot upload document: Request ${pk} not found on disk`);
		this.assertOpen(req);
		const incoming = form.parts.filter((p) => p.filename !== undefined || p.name === 'hashfile');
		if (incoming.length === 0) throw new ApiError(400, "Missing required parameter: 'file'");
		if (incoming.length > MAX_DOCUMENTS_PER_CALL) {
			throw new ApiError(
				400,
				`Maximum of ${MAX_DOCUMENTS_PER_CALL} documents can be uploaded at once`,
			);
		}
		const prepared = [];
		for (const part of incoming) {
			const isHash = part.name === 'hashfile';
			const filename = part.filename || (isHash ? 'hashfile.json' : `${part.name}.pdf`);
			if (isHash) {
				let ok = false;
				try {
					const json = JSON.parse(part.data.toString('utf8'));
					ok = typeof json.messageDigest === 'string' && json.messageDigest.length > 0;
				} catch {
					ok = false;
				}
				if (!ok) throw new ApiError(415, `Unsupported file type: ${filename}`);
			} else if (!isPdf(part.data)) {
				throw new ApiError(415, `Unsupported file type: ${filename}`);
			}
			prepared.push({
				uid: randomUUID(),
				field: part.name,
				filename,
				kind: isHash ? 'hash' : 'pdf',
				original: Buffer.from(part.data),
				sha256: sha256Hex(part.data),
				uploadedAt: Date.now(),
			});
		}
		if (req.documents.length + prepared.length > this.options().maxDocumentsPerRequest) {
			throw new ApiError(400, `Maximum number of document reached for Request ${pk}`);
		}
		req.documents.push(...prepared);
		return prepared;
	}

	/**
	 * @param {number} pk
	 * @param {string} uid
	 * @param {string} type `original` or `signed`.
	 * @returns {{ data: Buffer, filename: string, contentType: string }}
	 */
	getDocument(pk, uid, type) {
		const req = this.find(pk, `Request ${pk} not found`);
		if (type !== 'original' && type !== 'signed') {
			throw fieldInvalid(['query', 'document_type'], "Input should be 'original' or 'signed'");
		}
		const doc = req.documents.find((d) => d.uid === uid);
		if (!doc) throw new ApiError(404, 'Document not found');
		if (type === 'original') {
			return {
				data: doc.original,
				filename: doc.filename,
				contentType: doc.kind === 'pdf' ? 'application/pdf' : 'application/json',
			};
		}
		if (!doc.signed) throw new ApiError(404, 'Document not found');
		return {
			data: doc.signed,
			filename: signedName(doc),
			contentType: doc.kind === 'pdf' ? 'application/pdf' : 'application/pkcs7-mime',
		};
	}

	deleteDocument(pk, uid, type) {
		const req = this.find(pk, `Request ${pk} not found`);
		const idx = req.documents.findIndex((d) => d.uid === uid);
		const doc = idx >= 0 ? req.documents[idx] : undefined;
		if (!doc || (type !== 'original' && type !== 'signed') || (type === 'signed' && !doc.signed)) {
			throw new ApiError(404, `Document not found with uid ${uid} and type ${type}`);
		}
		if (type === 'signed') doc.signed = undefined;
		else req.documents.splice(idx, 1);
	}

	/** @returns {number} How many documents were deleted. */
	deleteAllDocuments(pk) {
		const req = this.find(pk, `Request ${pk} not found`);
		const n = req.documents.length;
		req.documents = [];
		return n;
	}

	/** The service contract PDF; marks the contract as retrieved. */
	getContract(pk) {
		const req = this.find(pk, `Request ${pk} not found`);
		req.contractRetrieved = true;
		return buildContract({
			pk,
			signerName: signerName(req),
			serialNumber: req.signer.serial_number,
			email: req.signer.email,
			mobile: req.signer.mobile_phone_number,
			profile: req.profile,
			registrationAuthority: req.registrationAuthority,
		});
	}

	// --- images (visual signature) ------------------------------------------------------------
	uploadImage(form) {
		const part = form.parts.find((p) => p.name === 'image');
		if (!part) throw new ApiError(400, "Missing required parameter: 'image'");
		const filename = part.filename || 'image';
		if (!isPng(part.data)) throw new ApiError(415, `Image file type not supported: ${filename}`);
		const img = {
			uid: randomUUID(),
			filename,
			mime: 'image/png',
			data: Buffer.from(part.data),
			uploadedAt: Date.now(),
		};
		this.images.set(img.uid, img);
		return img;
	}

	getImage(uid) {
		const img = this.images.get(uid);
		if (!img) throw new ApiError(404, `Image with uid ${uid} not found`);
		return img;
	}

	deleteImage(uid) {
		if (!this.images.delete(uid)) {
			throw new ApiError(404, `Image with uid ${uid} not found on disk`);
		}
	}

	// --- Video ID -----------------------------------------------------------------------------
	/**
	 * Create Video ID (oneshot-api.md 2.7): a request waiting for the signer's video, VIDEOPENDING.
	 * @param {Record<string, unknown>} body JSON body.
	 * @param {Generation} generation The legacy body may carry `webhook_url`.
	 * @returns {SimRequest}
	 */
	createVideoId(body, generation) {
		const opts = this.options();
		const defaults = opts.defaults ?? {};
		/** @type {Record<string, string | undefined>} */
		const f = {};
		for (const [k, v] of Object.entries(body)) f[k] = str(v);
		this.applySettingsDefaults(f, generation);
		const required = ['mobile_phone_number', 'email', 'registration_authority', 'profile'];
		const missing = required.filter((k) => !present(f[k]));
		if (missing.length > 0) {
			throw new ApiError(400, 'Missing required parameters', { kind: 'missing', fields: missing });
		}
		const phone = f.mobile_phone_number.trim();
		if (!/^\+[0-9]{6,15}$/.test(phone.replace(/[\s-]/g, ''))) {
			throw new ApiError(400, 'Please use the mobile phone number with an international prefix');
		}
		const email = f.email.trim();
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
			throw new ApiError(400, 'Enter a valid email address');
		}
		const env = present(f.env) ? f.env.trim() : defaults.env;
		if (!present(env)) {
			throw new ApiError(
				400,
				'Missing env parameter. Please set it in settings or specify it as parameter',
			);
		}
		this.checkEnvironment(env);
		const ra = f.registration_authority.trim();
		if (!/^[0-9]+$/.test(ra)) throw new ApiError(404, 'Registration Authority not found');
		if (!opts.videoIdEnabled) {
			throw new ApiError(400, `Videoid not enabled for Registration Authority ${ra}`);
		}
		const profile = f.profile.trim();
		if (!PROFILES.includes(profile)) {
			throw new ApiError(
				403,
				'Error creating new videoid request: {"detail":"You do not have permission to perform this action."}',
			);
		}
		const billingUsername = checkBilling(f, defaults);
		let callback;
		if (generation === 'legacy' && present(f.webhook_url)) {
			callback = f.webhook_url.trim();
			let ok = false;
			try {
				const u = new URL(callback);
				ok = u.protocol === 'http:' || u.protocol === 'https:';
			} catch {
				ok = false;
			}
			if (!ok) throw new ApiError(400, 'Invalid webhook_url');
		}
		const fields = {};
		for (const [k, v] of Object.entries(f)) {
			if (v !== undefined) fields[k] = SECRET_FIELDS.has(k) ? '***' : v;
		}
		const pk = this.nextPk++;
		const videoIdPk = this.nextVideoIdPk++;
		const req = {
			pk,
			status: 'VIDEOPENDING',
			generation,
			createdAt: Date.now(),
			signer: {
				given_name: '',
				surname_1: '',
				email,
				mobile_phone_number: phone,
				serial_number: '',
				id_document_type: 'IDC',
				id_document_country: 'ES',
			},
			registrationAuthority: Number(ra),
			profile,
			env,
			asyncmode: false,
			callback,
			scratchcard: String(randomInt(1000000, 10000000)),
			raoUsername: '',
			billingUsername,
			fields,
			idImages: [],
			documents: [],
			contractRetrieved: false,
			otpCount: 0,
			signing: false,
			history: [],
			videoid: {
				pk: videoIdPk,
				link: `https://videoid.sandbox.uanataca.com/lcmpl/videoid/${randomUUID()}`,
			},
		};
		this.requests.set(pk, req);
		this.videoIds.set(videoIdPk, pk);
		this.transition(req, 'VIDEOPENDING');
		return req;
	}

	/**
	 * The Video ID request a path names: by Video ID number (current) or request pk (legacy).
	 * @param {number} id
	 * @param {Generation} generation
	 * @returns {SimRequest}
	 */
	videoIdRequest(id, generation) {
		const pk = generation === 'current' ? this.videoIds.get(id) : id;
		const req = pk === undefined ? undefined : this.requests.get(pk);
		if (!req || !req.videoid) {
			throw new ApiError(
				404,
				generation === 'current' ? `Videoid ${id} not found` : 'Request not found',
			);
		}
		return req;
	}

	/** VIDEOREVIEW once evidences and video are both in, VIDEOINCOMPLETE before. */
	videoProgress(req) {
		const next = req.videoid.evidences && req.videoid.video ? 'VIDEOREVIEW' : 'VIDEOINCOMPLETE';
		if (req.status !== next) this.transition(req, next, 'VIDEOID_UPDATED');
	}

	assertVideoOpen(req, what) {
		if (req.status !== 'VIDEOPENDING' && req.status !== 'VIDEOINCOMPLETE') {
			throw new ApiError(
				412,
				`Request ${req.pk} is in ${req.status} status: ${what} can no longer be uploaded`,
			);
		}
	}

	/**
	 * External Video ID evidences: OCR data (given_name, surname_1, serial_number required),
	 * images in Base64, security checks.
	 * @param {SimRequest} req
	 * @param {Record<string, any>} body
	 */
	uploadEvidences(req, body) {
		this.assertVideoOpen(req, 'evidences');
		const data = body.videoid_data;
		if (!data || typeof data !== 'object' || Array.isArray(data)) {
			throw new ApiError(400, 'Missing required parameters: videoid_data');
		}
		const ocr = data.ocr_data && typeof data.ocr_data === 'object' ? data.ocr_data : {};
		const missing = ['given_name', 'surname_1', 'serial_number'].filter(
			(k) => !present(str(ocr[k])),
		);
		if (missing.length) {
			throw new ApiError(
				400,
				`Missing required parameters: ${missing.map((k) => `ocr_data.${k}`).join(', ')}`,
			);
		}
		const images = {};
		for (const [field, value] of Object.entries(data.images ?? {})) {
			const bytes =
				typeof value === 'string' && isStrictBase64(value)
					? Buffer.from(value, 'base64')
					: undefined;
			if (!bytes || (!isPng(bytes) && !isJpeg(bytes))) {
				throw new ApiError(400, `Invalid image: ${field}`);
			}
			images[field] = bytes.length;
		}
		req.signer.given_name = String(ocr.given_name).trim();
		req.signer.surname_1 = String(ocr.surname_1).trim();
		if (present(str(ocr.surname_2))) req.signer.surname_2 = String(ocr.surname_2).trim();
		req.signer.serial_number = String(ocr.serial_number).trim();
		if (present(str(ocr.id_document_type)))
			req.signer.id_document_type = String(ocr.id_document_type);
		if (present(str(ocr.id_document_country)))
			req.signer.id_document_country = String(ocr.id_document_country);
		req.videoid.evidences = {
			acceptance: body.acceptance,
			ocr_data: ocr,
			images,
			security_checks: data.security_checks,
			similarity_level: data.similarity_level,
			extra: Object.fromEntries(
				Object.entries(body).filter(([k]) => k !== 'acceptance' && k !== 'videoid_data'),
			),
		};
		this.videoProgress(req);
	}

	/**
	 * @param {SimRequest} req
	 * @param {Form} form multipart with the `video` part (MP4).
	 */
	uploadVideo(req, form) {
		this.assertVideoOpen(req, 'the video');
		const part = form.parts.find((p) => p.name === 'video');
		if (!part) throw new ApiError(400, "Missing required parameter: 'video'");
		const filename = part.filename || 'video.mp4';
		if (part.data.length < 12 || part.data.subarray(4, 8).toString('latin1') !== 'ftyp') {
			throw new ApiError(415, `Unsupported file type: ${filename}`);
		}
		req.videoid.video = { filename, data: Buffer.from(part.data) };
		this.videoProgress(req);
	}

	/**
	 * RAO credentials of approve and refuse: a token, or username + password + pin; `rao` when
	 * given must be the RAO of those credentials; in strict mode `rao` is required.
	 * @param {Record<string, unknown>} body
	 * @param {Generation} generation
	 * @returns {string} The RAO's username.
	 */
	checkRao(body, generation) {
		let username = str(body.username);
		let password = str(body.password);
		let pin = str(body.pin);
		if (present(str(body.token))) {
			const token = this.tokens.get(String(body.token).trim());
			if (!token) throw new ApiError(403, 'Invalid RAO credentials');
			username = token.username;
			password = token.password ?? password;
			pin = token.pin ?? pin;
		}
		if (!present(username) || !present(password) || !present(pin)) {
			throw new ApiError(400, "Missing required parameters: incomplete RAO's credentials");
		}
		const rao = RAOS[username];
		if (!rao || rao.password !== password || rao.pin !== pin) {
			throw new ApiError(403, 'Invalid RAO credentials');
		}
		// The legacy refuse samples send the RAO's id as `rao_id`, the schemas as `rao`: both count.
		const raoId = str(body.rao) ?? str(body.rao_id);
		if (!present(raoId) && this.options().strict) {
			// The documents: "with RAO credentials ... and rao, or with token and rao".
			if (generation === 'current') throw missingFields(['rao']);
			throw new ApiError(400, 'Missing required parameters: rao');
		}
		if (present(raoId) && raoId.trim() !== username) {
			throw new ApiError(403, 'Invalid RAO credentials');
		}
		return username;
	}

	/** A RAO approves a complete Video ID: ENROLLREADY. */
	approveVideoId(req, body, generation) {
		const username = this.checkRao(body, generation);
		if (req.status !== 'VIDEOREVIEW') {
			throw new ApiError(412, `Request ${req.pk} is not ready for approval: status ${req.status}`);
		}
		req.raoUsername = username;
		this.transition(req, 'ENROLLREADY');
	}

	/** A RAO refuses a Video ID (reason required): CANCELLED. */
	refuseVideoId(req, body, generation) {
		const username = this.checkRao(body, generation);
		if (!present(str(body.reason))) throw new ApiError(400, 'No reason specified');
		if (!VIDEO_STATUSES.includes(req.status)) {
			throw new ApiError(412, `Request ${req.pk} cannot be refused in ${req.status} status`);
		}
		req.raoUsername = username;
		req.videoid.refuseReason = String(body.reason).trim();
		this.transition(req, 'CANCELLED', 'VIDEOID_REFUSED');
	}

	/** The video of a Video ID request (legacy download). */
	videoOf(req) {
		if (!req.videoid.video) throw new ApiError(404, `No video found for Request ${req.pk}`);
		return req.videoid.video;
	}

	/**
	 * The signer finished the video call on Uanataca's platform (eIDAS Video ID): VIDEOREVIEW.
	 * Test helper (`sim.completeVideoId`); fills in identity data the video would have read.
	 * @param {number} pk
	 */
	completeVideoId(pk) {
		const req = this.requests.get(pk);
		if (!req || !req.videoid) throw new ApiError(404, `Video ID request ${pk} not found`);
		if (!['VIDEOPENDING', 'VIDEOINCOMPLETE'].includes(req.status)) {
			throw new ApiError(412, `Request ${pk} is in ${req.status} status`);
		}
		if (!req.signer.given_name) req.signer.given_name = 'Video';
		if (!req.signer.surname_1) req.signer.surname_1 = 'Signer';
		if (!req.signer.serial_number) req.signer.serial_number = '12345678Z';
		this.transition(req, 'VIDEOREVIEW', 'VIDEOID_UPDATED');
		return req;
	}

	// --- OTP and signing ----------------------------------------------------------------------
	/**
	 * Generates a new OTP (readable through `sim.getOtp`), respecting the cooldown.
	 * @param {number} pk
	 * @param {Record<string, unknown>} body `{delivery_method?: 'sms' | 'whatsapp'}`
	 */
	generateOtp(pk, body) {
		const req = this.find(pk, `Request ${pk} not found. Cannot send OTP secret`);
		const method = str(body.delivery_method);
		if (method !== undefined && method !== 'sms' && method !== 'whatsapp') {
			throw fieldInvalid(['body', 'delivery_method'], "Input should be 'sms' or 'whatsapp'");
		}
		if (req.status !== 'ENROLLREADY' || req.signing) {
			throw new ApiError(412, 'Error occured during OTP generation: Invalid request status');
		}
		const now = Date.now();
		const opts = this.options();
		if (req.otp && now - req.otp.createdAt < opts.otpCooldownMs) {
			throw new ApiError(
				412,
				'Error occured during OTP generation: Otp generated less than a minute ago',
			);
		}
		req.otp = {
			code: String(randomInt(0, 1000000)).padStart(6, '0'),
			createdAt: now,
			expiresAt: now + opts.otpTtlMs,
			used: false,
			deliveryMethod: method === 'whatsapp' ? 'whatsapp' : 'sms',
		};
		req.otpCount++;
		return req;
	}

	/**
	 * Validates a sign call and starts signing. Sync requests resolve after signDelayMs with the
	 * documents signed; async requests resolve at once and finish after asyncSignDelayMs.
	 * @param {number} pk
	 * @param {Record<string, unknown>} body The sign call's JSON body (`secret`, `signature`, ...).
	 * @returns {Promise<'sync' | 'async'>}
	 */
	async sign(pk, body) {
		const req = this.find(pk, `Request ${pk} not found. Cannot sign documents`);
		const secret = str(body.secret);
		if (!present(secret)) throw new ApiError(400, "Missing required parameter: 'secret'");
		this.assertOpen(req);
		if (req.documents.length === 0) {
			throw new ApiError(412, `No documents to sign for Request ${pk}`);
		}
		const imageUid = imageOf(body);
		if (imageUid !== undefined && !this.images.has(imageUid)) {
			throw new ApiError(404, `The image ${imageUid} cannot be found on disk`);
		}
		const otp = req.otp;
		const now = Date.now();
		const extType = str(body.ext_unlock_type);
		if (present(extType)) {
			// External authentication: the secret is the customer code, no OTP is involved.
			if (!present(str(body.ext_unlock_value))) {
				throw new ApiError(400, "Missing required parameter: 'ext_unlock_value'");
			}
			if (secret.trim() !== this.options().customerCode) {
				throw new ApiError(403, 'Confirmation Code invalid');
			}
		} else if (!otp || otp.used || now > otp.expiresAt || secret.trim() !== otp.code) {
			throw new ApiError(403, 'Confirmation Code invalid');
		}
		// From here on, nothing may await before `signing` is set: concurrent calls get 412.
		if (!present(extType)) otp.used = true;
		req.signing = true;
		req.signOptions = { ...body, secret: '***' };
		const opts = this.options();
		if (req.asyncmode) {
			const epoch = this.scheduler.epoch;
			this.scheduler.after(opts.asyncSignDelayMs, () => {
				if (this.scheduler.epoch === epoch && this.requests.get(pk) === req) this.complete(req);
			});
			return 'async';
		}
		try {
			await this.scheduler.sleep(opts.signDelayMs);
		} catch (err) {
			if (err instanceof CancelledError) {
				throw new ApiError(500, 'Simulator reset while signing');
			}
			throw err;
		}
		this.complete(req);
		return 'sync';
	}

	/**
	 * End of signing: issues the certificate, signs every document and moves to ISSUED.
	 * @param {SimRequest} req
	 */
	complete(req) {
		const now = new Date();
		const name = signerName(req);
		req.certificate = {
			status: 'VALID',
			serial_number: randomBytes(8).toString('hex'),
			valid_from: certDate(now),
			valid_to: certDate(new Date(now.getTime() + 24 * 3600 * 1000)),
		};
		for (const doc of req.documents) {
			if (doc.kind === 'pdf') {
				doc.signed = signPdf(doc.original, { signerName: name, date: now });
			} else {
				let digest;
				try {
					const json = JSON.parse(doc.original.toString('utf8'));
					digest = Buffer.from(json.messageDigest, 'base64');
				} catch {
					digest = Buffer.from(doc.sha256, 'hex');
				}
				doc.signed = buildP7m(digest, name, now);
			}
		}
		req.signing = false;
		req.signedAt = now.getTime();
		this.transition(req, 'ISSUED');
	}
}

/** Uid of the signature image the sign call asks for (`signature.appearance.image`), if any. */
function imageOf(body) {
	const signature = body.signature;
	const image = signature?.appearance?.image;
	return typeof image === 'string' && image.trim() !== '' ? image.trim() : undefined;
}

/**
 * "Given name surname 1 surname 2".
 * @param {SimRequest} req
 */
function signerName(req) {
	return [req.signer.given_name, req.signer.surname_1, req.signer.surname_2]
		.filter((s) => s)
		.join(' ');
}

/**
 * Filename of the signed file: `x_signed.pdf`, or `x_signed.p7m` for a hash document.
 * @param {SimDocument} doc
 */
function signedName(doc) {
	if (doc.kind === 'hash') {
		const base = doc.filename.replace(/\.json$/i, '');
		return `${base}_signed.p7m`;
	}
	const m = /^(.*)\.pdf$/i.exec(doc.filename);
	return m ? `${m[1]}_signed.pdf` : `${doc.filename}_signed.pdf`;
}

/** JSON view of a request for the control endpoint (buffers replaced by sizes and hashes). */
function requestView(req) {
	return {
		...req,
		videoid: req.videoid
			? {
					...req.videoid,
					video: req.videoid.video
						? { filename: req.videoid.video.filename, size: req.videoid.video.data.length }
						: undefined,
				}
			: undefined,
		documents: req.documents.map((d) => ({
			uid: d.uid,
			field: d.field,
			filename: d.filename,
			kind: d.kind,
			size: d.original.length,
			sha256: d.sha256,
			signed: d.signed !== undefined,
			signedSize: d.signed?.length,
			uploadedAt: d.uploadedAt,
		})),
	};
}

module.exports = {
	RAOS,
	DEFAULT_RAO,
	SANDBOX_TOKEN,
	SANDBOX_TOKEN_RAO,
	BILLING,
	FIRST_PK,
	FIRST_VIDEOID_PK,
	VIDEO_STATUSES,
	ID_DOCUMENT_TYPES,
	PROFILES,
	MAX_DOCUMENTS_PER_CALL,
	SimState,
	isStrictBase64,
	parseBool,
	signerName,
	signedName,
	requestView,
};
