'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.SimState =
	exports.MAX_DOCUMENTS_PER_CALL =
	exports.PROFILES =
	exports.ID_DOCUMENT_TYPES =
	exports.FIRST_PK =
	exports.BILLING =
	exports.SANDBOX_TOKEN_RAO =
	exports.SANDBOX_TOKEN =
	exports.DEFAULT_RAO =
	exports.RAOS =
		void 0;
exports.isStrictBase64 = isStrictBase64;
exports.parseBool = parseBool;
exports.signerName = signerName;
exports.signedName = signedName;
exports.requestView = requestView;
/**
 * Generation-neutral state and business rules of the simulated Optimizer (tokens, requests,
 * documents, OTP, signing). Every rule throws an ApiError carrying the vendor's message; the
 * route tables only parse input and shape the envelope of their API generation.
 */
const crypto_1 = require('crypto');
const callbacks_1 = require('./callbacks');
const errors_1 = require('./errors');
const pdf_1 = require('./pdf');
const timers_1 = require('./timers');
/** RAO accounts the simulated RA knows. */
exports.RAOS = {
	// Credentials of the vendor's code samples; exposed as `simulator.rao`.
	9001800: { password: 'Gy6F89xK', pin: 'p1n' },
	// RAO behind the pre-seeded sandbox token (legacy sandbox RAO id).
	1125824: { password: 'Sandb0xRao', pin: '1125' },
};
exports.DEFAULT_RAO = { username: '9001800', password: 'Gy6F89xK', pin: 'p1n' };
exports.SANDBOX_TOKEN = '3bf8d8eb-d96c-41ea-83ad-d78a7016c7da';
exports.SANDBOX_TOKEN_RAO = '1125824';
/** Billing credentials of the vendor's samples (`ejVxTnFrZkI=` = Base64 of `z5qNqkfB`). */
exports.BILLING = { username: 'user@uanataca.com', password: 'z5qNqkfB' };
exports.FIRST_PK = 388141;
exports.ID_DOCUMENT_TYPES = ['IDC', 'PAS', 'PNO', 'TIN', 'CI', 'CE'];
exports.PROFILES = ['PFnubeQAFCiudadano', 'PFnubeNC', 'PFnubeAFCiudadano'];
exports.MAX_DOCUMENTS_PER_CALL = 10;
const ID_IMAGE_FIELDS = ['document_front', 'document_rear', 'document_owner', 'extra_document'];
const SECRET_FIELDS = new Set(['password', 'pin', 'billing_password']);
const CREDIT_ERROR =
	'Cannot check the remaining credit for the billing user. Please check the credentials';
const BILLING_BASE64_ERROR =
	'Billing credentials not valid. Please check if they are base64 encoded';
function isStrictBase64(s) {
	if (s.length === 0 || s.length % 4 !== 0) return false;
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return false;
	return Buffer.from(s, 'base64').toString('base64') === s;
}
function str(v) {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return undefined;
}
function present(v) {
	return v !== undefined && v.trim() !== '';
}
function parseBool(v, loc) {
	if (v === undefined || v === '') return undefined;
	const s = v.trim().toLowerCase();
	if (['true', '1', 'yes', 'on'].includes(s)) return true;
	if (['false', '0', 'no', 'off'].includes(s)) return false;
	throw (0, errors_1.fieldInvalid)(
		loc,
		'Input should be a valid boolean, unable to interpret input',
	);
}
class SimState {
	options;
	scheduler;
	dispatcher;
	tokens = new Map();
	requests = new Map();
	images = new Map();
	nextPk = exports.FIRST_PK;
	constructor(options, scheduler, dispatcher) {
		this.options = options;
		this.scheduler = scheduler;
		this.dispatcher = dispatcher;
		this.seed();
	}
	seed() {
		const rao = exports.RAOS[exports.SANDBOX_TOKEN_RAO];
		this.tokens.set(exports.SANDBOX_TOKEN, {
			uid: exports.SANDBOX_TOKEN,
			username: exports.SANDBOX_TOKEN_RAO,
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
		this.seed();
	}
	// --- tokens -------------------------------------------------------------------------------
	listTokens() {
		return [...this.tokens.values()];
	}
	createToken(body, generation) {
		const username = str(body.username);
		const password = str(body.password);
		const pin = str(body.pin);
		const env = str(body.env);
		if (!present(username))
			throw new errors_1.ApiError(400, 'Missing required parameters: username');
		if (present(env) && env !== 'sandbox' && env !== 'prod') {
			throw new errors_1.ApiError(400, `Environment ${env} does not exist`);
		}
		const rao = exports.RAOS[username];
		const wrong =
			!rao || (present(password) && password !== rao.password) || (present(pin) && pin !== rao.pin);
		if (wrong) {
			throw new errors_1.ApiError(
				404,
				"Error getting RAO's id. Make sure the credentials are correct.",
			);
		}
		const pw = present(password) ? password : undefined;
		const pn = present(pin) ? pin : undefined;
		for (const t of this.tokens.values()) {
			if (t.username === username && t.password === pw && t.pin === pn) {
				throw new errors_1.ApiError(400, 'A token with these credentials already exist!');
			}
		}
		const uid =
			generation === 'legacy'
				? (0, crypto_1.randomUUID)().replace(/-/g, '')
				: (0, crypto_1.randomUUID)();
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
		if (!t) throw new errors_1.ApiError(404, `Token ${uid} not found`);
		return t;
	}
	deleteToken(uid) {
		const t = this.tokens.get(uid);
		if (!t) throw new errors_1.ApiError(404, 'Token not found');
		if (t.protected) throw new errors_1.ApiError(400, 'This token cannot be deleted');
		this.tokens.delete(uid);
	}
	// --- requests -----------------------------------------------------------------------------
	createRequest(form, generation) {
		const opts = this.options();
		const f = { ...form.fields };
		const defaults = opts.defaults ?? {};
		if (generation === 'legacy') {
			// Legacy spec: id_document_type defaults to IDC and id_document_country to ES.
			if (!present(f.id_document_type)) f.id_document_type = 'IDC';
			if (!present(f.id_document_country)) f.id_document_country = 'ES';
		}
		if (!present(f.registration_authority) && present(defaults.registrationAuthority)) {
			f.registration_authority = defaults.registrationAuthority;
		}
		if (!present(f.profile) && present(defaults.profile)) f.profile = defaults.profile;
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
		if (missing.length > 0) throw (0, errors_1.missingFields)(missing);
		const idType = f.id_document_type.trim();
		if (!exports.ID_DOCUMENT_TYPES.includes(idType)) {
			throw new errors_1.ApiError(
				400,
				'The id_document_type specified is not valid. Valid options are IDC, PAS, PNO, TIN, CI, CE',
			);
		}
		const phone = f.mobile_phone_number.trim();
		if (!/^\+[0-9]{6,15}$/.test(phone.replace(/[\s-]/g, ''))) {
			throw new errors_1.ApiError(
				400,
				'Please use the mobile phone number with an international prefix',
			);
		}
		const email = f.email.trim();
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
			throw new errors_1.ApiError(400, 'Enter a valid email address');
		}
		const country = f.id_document_country.trim();
		if (!/^[A-Z]{2}$/.test(country)) {
			const message = `'${country}' is not a valid ISO 3166-1 alpha-2 country code`;
			throw new errors_1.ApiError(500, `id_document_country: ${message}`, {
				details: { id_document_country: [message] },
			});
		}
		const env = present(f.env) ? f.env.trim() : defaults.env;
		if (!present(env)) {
			throw new errors_1.ApiError(
				400,
				'Missing env parameter. Please set it in settings or specify it as parameter',
			);
		}
		if (env !== 'sandbox' && env !== 'prod') {
			throw new errors_1.ApiError(400, `Environment ${env} does not exist`);
		}
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
			if (!ok)
				throw (0, errors_1.fieldInvalid)(['body', 'callback'], 'Input should be a valid URL');
		}
		const idImages = [];
		for (const field of ID_IMAGE_FIELDS) {
			const part = form.parts.find((p) => p.name === field);
			if (!part) continue;
			if (part.filename === undefined) {
				throw (0, errors_1.fieldInvalid)(
					['body', field],
					"Expected UploadFile, received: <class 'str'>",
				);
			}
			const png = (0, pdf_1.isPng)(part.data);
			if (!png && !(0, pdf_1.isJpeg)(part.data)) {
				throw new errors_1.ApiError(
					415,
					`Image file type not supported: ${part.filename || field}`,
				);
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
			throw new errors_1.ApiError(
				412,
				'Error occured during request approval: Invalid request fields: communication_language',
			);
		}
		const ra = f.registration_authority.trim();
		if (!/^[0-9]+$/.test(ra)) {
			throw new errors_1.ApiError(
				412,
				'Error occured during request approval: Invalid request fields: registration_authority',
			);
		}
		const profile = f.profile.trim();
		if (!exports.PROFILES.includes(profile)) {
			throw new errors_1.ApiError(403, 'You do not have permission to perform this action');
		}
		// RAO credentials: a known token (missing password/pin completed from the fields) or
		// username + password + pin.
		let username = present(f.username) ? f.username.trim() : undefined;
		let password = present(f.password) ? f.password : undefined;
		let pin = present(f.pin) ? f.pin : undefined;
		let tokenUid;
		if (present(f.token)) {
			const token = this.tokens.get(f.token.trim());
			if (!token) throw new errors_1.ApiError(403, 'Invalid RAO Credentials');
			tokenUid = token.uid;
			username = token.username;
			password = token.password ?? password;
			pin = token.pin ?? pin;
		}
		if (!username || !password || !pin) throw new errors_1.ApiError(403, 'Invalid RAO Credentials');
		const rao = exports.RAOS[username];
		if (!rao || rao.password !== password || rao.pin !== pin) {
			throw new errors_1.ApiError(
				404,
				"Error getting RAO's id. Make sure the credentials are correct",
			);
		}
		// Billing credentials (settings.toml may hold them: defaults.billing).
		const bu = present(f.billing_username) ? f.billing_username.trim() : undefined;
		const bp = present(f.billing_password) ? f.billing_password.trim() : undefined;
		let billingUsername;
		if (bu === undefined && bp === undefined && defaults.billing) {
			billingUsername = exports.BILLING.username;
		} else {
			if (bu === undefined || bp === undefined) throw new errors_1.ApiError(500, CREDIT_ERROR);
			if (!isStrictBase64(bp)) throw new errors_1.ApiError(500, BILLING_BASE64_ERROR);
			const decoded = Buffer.from(bp, 'base64').toString('utf8');
			if (bu !== exports.BILLING.username || decoded !== exports.BILLING.password) {
				throw new errors_1.ApiError(500, CREDIT_ERROR);
			}
			billingUsername = bu;
		}
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
			scratchcard: String((0, crypto_1.randomInt)(1000000, 10000000)),
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
	transition(req, status) {
		const now = new Date();
		const entry = {
			status,
			previous_status: req.history.length === 0 ? null : req.status,
			date: (0, callbacks_1.flatDate)(now),
			at: now.getTime(),
		};
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
		if (!req) throw new errors_1.ApiError(404, `Request ${pk} not found`);
		if (req.status === 'ISSUED' || req.status === 'CANCELLED' || req.signing) {
			throw new errors_1.ApiError(
				412,
				`Request already in ${req.signing ? 'ISSUED' : req.status} status`,
			);
		}
		this.transition(req, 'CANCELLED');
		return req;
	}
	/** Removes a request entirely (legacy "Cancel request": request directory removed). */
	remove(pk) {
		const req = this.requests.get(pk);
		if (!req) throw new errors_1.ApiError(404, `Request ${pk} not found`);
		if (req.status !== 'ISSUED' && req.status !== 'CANCELLED' && !req.signing) {
			this.transition(req, 'CANCELLED');
		}
		this.requests.delete(pk);
	}
	find(pk, message) {
		const req = this.requests.get(pk);
		if (!req) throw new errors_1.ApiError(404, message);
		return req;
	}
	/** 412 when documents can no longer change (issued, being signed, cancelled). */
	assertOpen(req) {
		if (req.signing) throw new errors_1.ApiError(412, 'Request already in ISSUED status');
		if (req.status === 'ISSUED' || req.status === 'CANCELLED') {
			throw new errors_1.ApiError(412, `Request already in ${req.status} status`);
		}
	}
	// --- documents ----------------------------------------------------------------------------
	uploadDocuments(pk, form) {
		const req = this.find(pk, `Cannot upload document: Request ${pk} not found on disk`);
		this.assertOpen(req);
		const incoming = form.parts.filter((p) => p.filename !== undefined || p.name === 'hashfile');
		if (incoming.length === 0)
			throw new errors_1.ApiError(400, "Missing required parameter: 'file'");
		if (incoming.length > exports.MAX_DOCUMENTS_PER_CALL) {
			throw new errors_1.ApiError(
				400,
				`Maximum of ${exports.MAX_DOCUMENTS_PER_CALL} documents can be uploaded at once`,
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
				if (!ok) throw new errors_1.ApiError(415, `Unsupported file type: ${filename}`);
			} else if (!(0, pdf_1.isPdf)(part.data)) {
				throw new errors_1.ApiError(415, `Unsupported file type: ${filename}`);
			}
			prepared.push({
				uid: (0, crypto_1.randomUUID)(),
				field: part.name,
				filename,
				kind: isHash ? 'hash' : 'pdf',
				original: Buffer.from(part.data),
				sha256: (0, pdf_1.sha256Hex)(part.data),
				uploadedAt: Date.now(),
			});
		}
		if (req.documents.length + prepared.length > this.options().maxDocumentsPerRequest) {
			throw new errors_1.ApiError(400, `Maximum number of document reached for Request ${pk}`);
		}
		req.documents.push(...prepared);
		return prepared;
	}
	getDocument(pk, uid, type) {
		const req = this.find(pk, `Request ${pk} not found`);
		if (type !== 'original' && type !== 'signed') {
			throw (0, errors_1.fieldInvalid)(
				['query', 'document_type'],
				"Input should be 'original' or 'signed'",
			);
		}
		const doc = req.documents.find((d) => d.uid === uid);
		if (!doc) throw new errors_1.ApiError(404, 'Document not found');
		if (type === 'original') {
			return {
				data: doc.original,
				filename: doc.filename,
				contentType: doc.kind === 'pdf' ? 'application/pdf' : 'application/json',
			};
		}
		if (!doc.signed) throw new errors_1.ApiError(404, 'Document not found');
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
			throw new errors_1.ApiError(404, `Document not found with uid ${uid} and type ${type}`);
		}
		if (type === 'signed') doc.signed = undefined;
		else req.documents.splice(idx, 1);
	}
	deleteAllDocuments(pk) {
		const req = this.find(pk, `Request ${pk} not found`);
		const n = req.documents.length;
		req.documents = [];
		return n;
	}
	getContract(pk) {
		const req = this.find(pk, `Request ${pk} not found`);
		req.contractRetrieved = true;
		return (0, pdf_1.buildContract)({
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
		if (!part) throw new errors_1.ApiError(400, "Missing required parameter: 'image'");
		const filename = part.filename || 'image';
		if (!(0, pdf_1.isPng)(part.data))
			throw new errors_1.ApiError(415, `Image file type not supported: ${filename}`);
		const img = {
			uid: (0, crypto_1.randomUUID)(),
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
		if (!img) throw new errors_1.ApiError(404, `Image with uid ${uid} not found`);
		return img;
	}
	deleteImage(uid) {
		if (!this.images.delete(uid)) {
			throw new errors_1.ApiError(404, `Image with uid ${uid} not found on disk`);
		}
	}
	// --- OTP and signing ----------------------------------------------------------------------
	generateOtp(pk, body) {
		const req = this.find(pk, `Request ${pk} not found. Cannot send OTP secret`);
		const method = str(body.delivery_method);
		if (method !== undefined && method !== 'sms' && method !== 'whatsapp') {
			throw (0, errors_1.fieldInvalid)(
				['body', 'delivery_method'],
				"Input should be 'sms' or 'whatsapp'",
			);
		}
		if (req.status !== 'ENROLLREADY' || req.signing) {
			throw new errors_1.ApiError(
				412,
				'Error occured during OTP generation: Invalid request status',
			);
		}
		const now = Date.now();
		const opts = this.options();
		if (req.otp && now - req.otp.createdAt < opts.otpCooldownMs) {
			throw new errors_1.ApiError(
				412,
				'Error occured during OTP generation: Otp generated less than a minute ago',
			);
		}
		req.otp = {
			code: String((0, crypto_1.randomInt)(0, 1000000)).padStart(6, '0'),
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
	 */
	async sign(pk, body) {
		const req = this.find(pk, `Request ${pk} not found. Cannot sign documents`);
		const secret = str(body.secret);
		if (!present(secret)) throw new errors_1.ApiError(400, "Missing required parameter: 'secret'");
		this.assertOpen(req);
		if (req.documents.length === 0) {
			throw new errors_1.ApiError(412, `No documents to sign for Request ${pk}`);
		}
		const imageUid = imageOf(body);
		if (imageUid !== undefined && !this.images.has(imageUid)) {
			throw new errors_1.ApiError(404, `The image ${imageUid} cannot be found on disk`);
		}
		const otp = req.otp;
		const now = Date.now();
		if (!otp || otp.used || now > otp.expiresAt || secret.trim() !== otp.code) {
			throw new errors_1.ApiError(403, 'Confirmation Code invalid');
		}
		// From here on, nothing may await before `signing` is set: concurrent calls get 412.
		otp.used = true;
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
			if (err instanceof timers_1.CancelledError) {
				throw new errors_1.ApiError(500, 'Simulator reset while signing');
			}
			throw err;
		}
		this.complete(req);
		return 'sync';
	}
	complete(req) {
		const now = new Date();
		const name = signerName(req);
		req.certificate = {
			status: 'VALID',
			serial_number: (0, crypto_1.randomBytes)(8).toString('hex'),
			valid_from: (0, callbacks_1.certDate)(now),
			valid_to: (0, callbacks_1.certDate)(new Date(now.getTime() + 24 * 3600 * 1000)),
		};
		for (const doc of req.documents) {
			if (doc.kind === 'pdf') {
				doc.signed = (0, pdf_1.signPdf)(doc.original, { signerName: name, date: now });
			} else {
				let digest;
				try {
					const json = JSON.parse(doc.original.toString('utf8'));
					digest = Buffer.from(json.messageDigest, 'base64');
				} catch {
					digest = Buffer.from(doc.sha256, 'hex');
				}
				doc.signed = (0, pdf_1.buildP7m)(digest, name, now);
			}
		}
		req.signing = false;
		req.signedAt = now.getTime();
		this.transition(req, 'ISSUED');
	}
}
exports.SimState = SimState;
function imageOf(body) {
	const signature = body.signature;
	const image = signature?.appearance?.image;
	return typeof image === 'string' && image.trim() !== '' ? image.trim() : undefined;
}
function signerName(req) {
	return [req.signer.given_name, req.signer.surname_1, req.signer.surname_2]
		.filter((s) => s)
		.join(' ');
}
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
