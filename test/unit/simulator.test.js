'use strict';
/**
 * Drives the One-Shot Optimizer simulator over real HTTP and checks each documented rule.
 */
const { createHash } = require('node:crypto');
const { createServer } = require('node:http');
const { startSimulator } = require('../simulator');

/** @typedef {import('../simulator').Simulator} Simulator */

/**
 * A callback as the receiver got it.
 * @typedef {{ url: string, headers: import('node:http').IncomingHttpHeaders, body: any }} Received
 */

/**
 * A local HTTP server standing in for a callback URL.
 * @typedef {object} Receiver
 * @property {Received[]} received
 * @property {number} status What it answers.
 * @property {string} url
 * @property {() => Promise<void>} close
 */

/** @returns {Promise<Receiver>} */
async function startReceiver() {
	const received = [];
	const receiver = { received, status: 200 };
	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			received.push({
				url: req.url ?? '',
				headers: req.headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
			});
			res.writeHead(receiver.status);
			res.end();
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', () => r()));
	receiver.url = `http://127.0.0.1:${server.address().port}`;
	receiver.close = () =>
		new Promise((r) => {
			server.close(() => r());
			server.closeAllConnections();
		});
	return receiver;
}

/** Polls `fn` until it returns something truthy, and returns that. */
async function waitFor(fn, timeoutMs = 3000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = fn();
		if (v) return v;
		if (Date.now() > deadline) throw new Error('waitFor timed out');
		await new Promise((r) => setTimeout(r, 5));
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A small PDF (with `extraBytes` of filler) whose trailer says `startxref 123`. */
function makePdf(label, extraBytes = 0) {
	const head = Buffer.from(
		`%PDF-1.4\n% ${label}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n`,
		'latin1',
	);
	const filler = Buffer.alloc(extraBytes);
	for (let i = 0; i < extraBytes; i++) filler[i] = (i * 31 + 7) & 0xff;
	const tail = Buffer.from(
		'\nxref\n0 2\n0000000000 65535 f \n0000000015 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n123\n%%EOF\n',
		'latin1',
	);
	return Buffer.concat([head, filler, tail]);
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const GIF = Buffer.from('GIF89a....', 'latin1');

function blob(data, type = 'application/octet-stream') {
	return new Blob([new Uint8Array(data)], { type });
}

/** @type {Simulator} */
let sim;
/** @type {Receiver} */
let receiver;

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');

function api(path, init) {
	return fetch(`${sim.currentBaseUrl}${path}`, init);
}

function postJson(path, body) {
	return api(path, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
}

/** Fields of a create call that pass every check. */
function validFields() {
	return {
		given_name: 'Jane',
		surname_1: 'Doe',
		surname_2: 'Roe',
		id_document_type: 'IDC',
		id_document_country: 'ES',
		serial_number: '12345678A',
		email: 'jane.doe@example.com',
		mobile_phone_number: '+34600123123',
		// Required on the current Optimizer (no "only if not set at settings" note there).
		registration_authority: '1000',
		profile: 'PFnubeQAFCiudadano',
		username: sim.rao.username,
		password: sim.rao.password,
		pin: sim.rao.pin,
		billing_username: sim.billing.username,
		billing_password: b64(sim.billing.password),
	};
}

/**
 * The create form: `validFields()` with `overrides` (null leaves a field out; `{data, filename}`
 * adds a file).
 */
function createForm(overrides = {}) {
	const fields = { ...validFields(), ...overrides };
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		if (v === null) continue;
		if (typeof v === 'string') form.append(k, v);
		else form.append(k, blob(v.data), v.filename);
	}
	return form;
}

async function create(overrides = {}) {
	return api('/create', { method: 'POST', body: createForm(overrides) });
}

async function createPk(overrides = {}) {
	const res = await create(overrides);
	const body = await res.json();
	expect(res.status).toBe(200);
	return body.details.pk;
}

/** @param {[field: string, data: Buffer, filename: string][]} files */
async function upload(pk, files) {
	const form = new FormData();
	for (const [field, data, filename] of files)
		form.append(field, blob(data, 'application/pdf'), filename);
	return api(`/document/${pk}`, { method: 'POST', body: form });
}

async function uploadOne(pk, data = makePdf('doc'), filename = 'contract.pdf') {
	const res = await upload(pk, [['file', data, filename]]);
	expect(res.status).toBe(200);
	return (await res.json()).detail.uid;
}

/** Requests an OTP and returns its code. */
async function otp(pk) {
	const res = await api(`/otp/${pk}`, { method: 'POST' });
	expect(res.status).toBe(200);
	return sim.getOtp(pk);
}

/** Expects a FastAPI error body `{"detail": detail}` with this status. */
async function expectError(res, status, detail) {
	const body = await res.json();
	expect({ status: res.status, body }).toEqual({ status, body: { detail } });
}

// --- lifecycle -------------------------------------------------------------------------------
beforeAll(async () => {
	sim = await startSimulator({
		port: 0,
		signDelayMs: 5,
		asyncSignDelayMs: 40,
		callbackDelayMs: 1,
		otpCooldownMs: 60000,
	});
	receiver = await startReceiver();
});

afterAll(async () => {
	await sim.close();
	await receiver.close();
});

beforeEach(() => {
	sim.reset({ options: true });
	receiver.received.length = 0;
	receiver.status = 200;
});

// --- tests -----------------------------------------------------------------------------------
describe('simulator basics', () => {
	it('exposes base URLs on loopback and answers FastAPI 404/405 for unknown routes', async () => {
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.currentBaseUrl).toBe(`${sim.url}/oneshot/api/v1`);
		expect(sim.legacyBaseUrl).toBe(`${sim.url}/api/v1`);
		await expectError(await api('/does-not-exist'), 404, 'Not Found');
		await expectError(await api('/tokens', { method: 'PUT' }), 405, 'Method Not Allowed');
		const res = await api('/tokens');
		expect(res.headers.get('content-type')).toBe('application/json');
	});
});

describe('tokens', () => {
	it('lists, creates, gets and deletes tokens', async () => {
		let res = await api('/tokens');
		expect(await res.json()).toEqual({
			status: 'success',
			details: { [sim.sandboxToken]: { username: expect.any(String), password: true, pin: true } },
		});
		res = await postJson('/token', { ...sim.rao, env: 'sandbox' });
		const created = await res.json();
		expect(res.status).toBe(200);
		expect(created).toEqual({
			status: 'success',
			message: 'Token created',
			details: { token_uid: expect.stringMatching(/^[0-9a-f-]{36}$/) },
		});
		const uid = created.details.token_uid;
		res = await api(`/token/${uid}`);
		expect(await res.json()).toEqual({
			status: 'success',
			details: { username: sim.rao.username, password: true, pin: true },
		});
		res = await postJson('/token', { username: sim.rao.username });
		const partial = await res.json();
		res = await api(`/token/${partial.details.token_uid}`);
		expect(await res.json()).toEqual({
			status: 'success',
			details: { username: sim.rao.username, password: false, pin: false },
		});
		res = await api('/tokens');
		expect(Object.keys((await res.json()).details)).toHaveLength(3);
		res = await api(`/token/${uid}`, { method: 'DELETE' });
		expect(await res.json()).toEqual({ status: 'success', message: 'Token deleted successfully' });
		await expectError(await api(`/token/${uid}`, { method: 'DELETE' }), 404, 'Token not found');
		await expectError(await api(`/token/${uid}`), 404, `Token ${uid} not found`);
	});

	it('answers the legacy spec messages on token errors', async () => {
		await expectError(
			await postJson('/token', { password: 'x' }),
			400,
			'Missing required parameters: username',
		);
		const bad = await postJson('/token', '{"username": ');
		expect(bad.status).toBe(400);
		expect((await bad.json()).detail).toMatch(/^Could not parse JSON body/);
		await postJson('/token', sim.rao);
		await expectError(
			await postJson('/token', sim.rao),
			400,
			'A token with these credentials already exist!',
		);
		const rao404 = "Error getting RAO's id. Make sure the credentials are correct.";
		await expectError(await postJson('/token', { username: '0000000' }), 404, rao404);
		await expectError(await postJson('/token', { ...sim.rao, password: 'wrong' }), 404, rao404);
		await expectError(await postJson('/token', { ...sim.rao, pin: 'wrong' }), 404, rao404);
		await expectError(
			await postJson('/token', { ...sim.rao, env: 'test' }),
			400,
			'Environment test does not exist',
		);
		await expectError(
			await api(`/token/${sim.sandboxToken}`, { method: 'DELETE' }),
			400,
			'This token cannot be deleted',
		);
		sim.reset();
		expect(Object.keys((await (await api('/tokens')).json()).details)).toEqual([sim.sandboxToken]);
	});
});

describe('create request', () => {
	it('creates an approved request and records CREATED then ENROLLREADY', async () => {
		const res = await create();
		const body = await res.json();
		expect(res.status).toBe(200);
		expect(body).toEqual({
			status: 'success',
			message: `Request created with pk ${body.details.pk}`,
			details: { pk: expect.any(Number), status: 'ENROLLREADY', asyncmode: false },
		});
		expect(body.details.pk).toBeGreaterThanOrEqual(388141);
		const second = await createPk({
			token: sim.sandboxToken,
			username: null,
			password: null,
			pin: null,
		});
		expect(second).toBeGreaterThan(body.details.pk);
		const req = sim.getRequest(body.details.pk);
		expect(req.status).toBe('ENROLLREADY');
		expect(req.history.map((h) => [h.previous_status, h.status])).toEqual([
			[null, 'CREATED'],
			['CREATED', 'ENROLLREADY'],
		]);
		expect(req.registrationAuthority).toBe(1000);
		expect(req.profile).toBe('PFnubeQAFCiudadano');
		expect(req.fields.password).toBe('***');
	});

	it('validates required fields (FastAPI 422 list, or envelope 400)', async () => {
		const res = await create({ mobile_phone_number: null, email: null });
		expect(res.status).toBe(422);
		// Strict (default): FastAPI's own answer for a missing field.
		expect(await res.json()).toEqual({
			detail: [
				{ loc: ['body', 'email'], msg: 'field required', type: 'value_error.missing' },
				{
					loc: ['body', 'mobile_phone_number'],
					msg: 'field required',
					type: 'value_error.missing',
				},
			],
		});
		sim.options.strict = false;
		const lenient = await create({ email: null });
		expect(await lenient.json()).toEqual({
			detail: [
				{ loc: ['body', 'email'], msg: 'Missing parameter: email required', type: 'value_error' },
			],
		});
		sim.options.errorStyle = 'envelope';
		const env = await create({ mobile_phone_number: null });
		expect(env.status).toBe(400);
		expect(await env.json()).toEqual({
			status: 'error',
			message: 'Missing parameter: mobile_phone_number required',
		});
	});

	it('answers each documented validation message', async () => {
		await expectError(
			await create({ id_document_type: 'DNI' }),
			400,
			'The id_document_type specified is not valid. Valid options are IDC, PAS, PNO, TIN, CI, CE',
		);
		await expectError(
			await create({ mobile_phone_number: '600123123' }),
			400,
			'Please use the mobile phone number with an international prefix',
		);
		await expectError(await create({ email: 'not-an-email' }), 400, 'Enter a valid email address');
		await expectError(await create({ env: 'test' }), 400, 'Environment test does not exist');
		sim.options.defaults = { ...sim.options.defaults, env: undefined };
		await expectError(
			await create(),
			400,
			'Missing env parameter. Please set it in settings or specify it as parameter',
		);
		expect((await create({ env: 'prod' })).status).toBe(200);
		sim.options.defaults.env = 'sandbox';
		await expectError(await create({ id_document_country: 'ESX' }), 500, {
			id_document_country: ["'ESX' is not a valid ISO 3166-1 alpha-2 country code"],
		});
		await expectError(
			await create({ document_front: { data: GIF, filename: 'front.gif' } }),
			415,
			'Image file type not supported: front.gif',
		);
		const withImages = await create({
			document_front: { data: PNG, filename: 'front.png' },
			document_rear: { data: JPEG, filename: 'rear.jpg' },
		});
		expect(withImages.status).toBe(200);
		const useasync = await create({ useasync: 'maybe' });
		expect(useasync.status).toBe(422);
		expect((await useasync.json()).detail[0].loc).toEqual(['body', 'useasync']);
		const cb = await create({ useasync: 'true', callback: 'ftp://example.com/hook' });
		expect(cb.status).toBe(422);
		for (const v of ['true', '1', 'false', '0']) {
			const r = await create({ useasync: v });
			expect((await r.json()).details.asyncmode).toBe(v === 'true' || v === '1');
		}
	});

	it('checks RAO credentials: token or username+password+pin', async () => {
		await expectError(
			await create({ username: null, password: null, pin: null, token: 'nope' }),
			403,
			'Invalid RAO Credentials',
		);
		await expectError(
			await create({ username: null, password: null, pin: null }),
			403,
			'Invalid RAO Credentials',
		);
		await expectError(
			await create({ pin: '0000' }),
			404,
			"Error getting RAO's id. Make sure the credentials are correct",
		);
		// A token stored without password/pin is completed by the fields of the call.
		const tok = await (await postJson('/token', { username: sim.rao.username })).json();
		const pk = await createPk({ token: tok.details.token_uid, username: null });
		expect(sim.getRequest(pk).tokenUid).toBe(tok.details.token_uid);
	});

	it('requires Base64 billing credentials unless configured server-side', async () => {
		const credit =
			'Cannot check the remaining credit for the billing user. Please check the credentials';
		await expectError(
			await create({ billing_username: null, billing_password: null }),
			500,
			credit,
		);
		await expectError(
			await create({ billing_password: 'not base64!' }),
			500,
			'Billing credentials not valid. Please check if they are base64 encoded',
		);
		await expectError(await create({ billing_password: b64('wrong-password') }), 500, credit);
		// The plain password happens to be valid Base64 text, so it fails as wrong credentials.
		await expectError(await create({ billing_password: sim.billing.password }), 500, credit);
		sim.options.defaults.billing = true;
		expect((await create({ billing_username: null, billing_password: null })).status).toBe(200);
	});
});

describe('documents', () => {
	it('accepts PDFs only, stores nothing on a bad batch, 10 per call, per-request maximum', async () => {
		const pk = await createPk();
		await expectError(
			await upload(pk, [
				['file', makePdf('a'), 'a.pdf'],
				['file2', Buffer.from('hello'), 'notes.txt'],
			]),
			415,
			'Unsupported file type: notes.txt',
		);
		expect(sim.getRequest(pk).documents).toHaveLength(0);
		const eleven = Array.from({ length: 11 }, (_, i) => [
			`file${i}`,
			makePdf(`d${i}`),
			`d${i}.pdf`,
		]);
		await expectError(
			await upload(pk, eleven),
			400,
			'Maximum of 10 documents can be uploaded at once',
		);
		// Strict: both stored, but only the documented one-file answer (the first file's UID).
		const stored = await upload(pk, [
			['file', makePdf('a'), 'a.pdf'],
			['file2', makePdf('b'), 'b.pdf'],
		]);
		expect(await stored.json()).toEqual({
			status: 'success',
			detail: { name: 'file', uid: expect.any(String) },
		});
		expect(sim.getRequest(pk).documents).toHaveLength(2);
		sim.options.strict = false;
		const multi = await upload(pk, [
			['file', makePdf('a'), 'a.pdf'],
			['file2', makePdf('b'), 'b.pdf'],
		]);
		expect(multi.status).toBe(200);
		expect(await multi.json()).toEqual({
			status: 'success',
			detail: [
				{ name: 'file', uid: expect.any(String), filename: 'a.pdf' },
				{ name: 'file2', uid: expect.any(String), filename: 'b.pdf' },
			],
		});
		const single = await upload(pk, [['file', makePdf('c'), 'c.pdf']]);
		expect(await single.json()).toEqual({
			status: 'success',
			detail: { name: 'file', uid: expect.any(String) },
		});
		sim.options.maxDocumentsPerRequest = 5;
		await expectError(
			await upload(pk, [['file', makePdf('d'), 'd.pdf']]),
			400,
			`Maximum number of document reached for Request ${pk}`,
		);
		await expectError(
			await upload(999999999, [['file', makePdf('x'), 'x.pdf']]),
			404,
			'Cannot upload document: Request 999999999 not found on disk',
		);
	});

	it('downloads originals and signed PDFs (several MB), deletes documents', async () => {
		const pk = await createPk();
		const big = makePdf('big', 3 * 1024 * 1024);
		const uid = await uploadOne(pk, big, 'Big contract.pdf');
		let res = await api(`/document/${pk}/${uid}?document_type=original`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="Big contract.pdf"');
		expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
		res = await api(`/document/${pk}/${uid}`);
		expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
		await expectError(
			await api(`/document/${pk}/${uid}?document_type=signed`),
			404,
			'Document not found',
		);
		await expectError(await api(`/document/${pk}/nope`), 404, 'Document not found');
		await expectError(await api(`/document/999999999/${uid}`), 404, 'Request 999999999 not found');
		const code = await otp(pk);
		res = await postJson(`/sign/${pk}`, { secret: code });
		expect(await res.json()).toEqual({ status: 'success', message: 'Documents correctly signed' });
		res = await api(`/document/${pk}/${uid}?document_type=signed`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="Big contract_signed.pdf"',
		);
		const signed = Buffer.from(await res.arrayBuffer());
		expect(signed.equals(big)).toBe(false);
		expect(signed.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(signed.subarray(0, big.length).equals(big)).toBe(true);
		const tail = signed.subarray(big.length).toString('latin1');
		expect(tail).toContain('/Type /Sig');
		expect(tail).toContain('/Filter /Adobe.PPKLite');
		expect(tail).toContain('/Name (Jane Doe Roe)');
		expect(tail).toMatch(/\/M \(D:\d{14}Z\)/);
		expect(tail).toContain('% Signed by Uanataca One-Shot Simulator');
		expect(tail).toContain(createHash('sha256').update(big).digest('hex').toUpperCase());
		expect(tail.trimEnd().endsWith('%%EOF')).toBe(true);
		expect(tail).toContain('/Prev 123');
		res = await api(`/document/${pk}/${uid}`, { method: 'DELETE' });
		expect(await res.json()).toEqual({
			status: 'success',
			message: 'Document successfully deleted',
		});
		await expectError(
			await api(`/document/${pk}/${uid}`, { method: 'DELETE' }),
			404,
			`Document not found with uid ${uid} and type original`,
		);
		await uploadOne(await createPk());
		res = await api(`/document/${pk}`, { method: 'DELETE' });
		expect(await res.json()).toEqual({
			status: 'success',
			message: `Documents deleted for Request ${pk}`,
		});
	});

	it('signs a hash document into a .p7m placeholder', async () => {
		const pk = await createPk();
		const digest = createHash('sha256').update('hello').digest();
		const form = new FormData();
		form.append(
			'hashfile',
			blob(
				Buffer.from(
					JSON.stringify({ messageDigest: digest.toString('base64'), digestAlgorithm: 'sha256' }),
				),
			),
			'digest.json',
		);
		const res = await api(`/document/${pk}`, { method: 'POST', body: form });
		const uid = (await res.json()).detail.uid;
		await postJson(`/sign/${pk}`, { secret: await otp(pk) });
		const signed = await api(`/document/${pk}/${uid}?document_type=signed`);
		expect(signed.headers.get('content-disposition')).toContain('digest_signed.p7m');
		const bytes = Buffer.from(await signed.arrayBuffer());
		expect([bytes[0], bytes[1]]).toEqual([0x30, 0x82]);
		expect(bytes.includes(digest)).toBe(true);
	});

	it('serves the service contract naming the signer', async () => {
		const pk = await createPk();
		const res = await api(`/contract/${pk}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1');
		expect(pdf.startsWith('%PDF-')).toBe(true);
		expect(pdf).toContain('Service contract');
		expect(pdf).toContain('Jane Doe Roe');
		expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
		expect(sim.getRequest(pk).contractRetrieved).toBe(true);
		await expectError(await api('/contract/999999999'), 404, 'Request 999999999 not found');
	});
});

describe('OTP and signing', () => {
	it('generates an OTP readable through getOtp and the control endpoint, with a cooldown', async () => {
		const pk = await createPk();
		let res = await postJson(`/otp/${pk}`, { delivery_method: 'sms' });
		expect(await res.json()).toEqual({ status: 'success', message: 'OTP generated' });
		const code = sim.getOtp(pk);
		expect(code).toMatch(/^\d{6}$/);
		const ctl = await fetch(`${sim.url}/__simulator/otp/${pk}`);
		expect(await ctl.json()).toEqual({ otp: code });
		await expectError(
			await api(`/otp/${pk}`, { method: 'POST' }),
			412,
			'Error occured during OTP generation: Otp generated less than a minute ago',
		);
		await expectError(
			await api('/otp/999999999', { method: 'POST' }),
			404,
			'Request 999999999 not found. Cannot send OTP secret',
		);
		sim.options.otpCooldownMs = 0;
		res = await postJson(`/otp/${pk}`, { delivery_method: 'whatsapp' });
		expect(res.status).toBe(200);
		expect(sim.getRequest(pk).otp.deliveryMethod).toBe('whatsapp');
	});

	it('rejects a wrong OTP with 403, then signs with the right one; a second sign gets 412', async () => {
		const pk = await createPk();
		await uploadOne(pk);
		await expectError(
			await postJson(`/sign/${pk}`, {}),
			400,
			"Missing required parameter: 'secret'",
		);
		const code = await otp(pk);
		const wrong = code === '000000' ? '111111' : '000000';
		await expectError(
			await postJson(`/sign/${pk}`, { secret: wrong }),
			403,
			'Confirmation Code invalid',
		);
		const res = await postJson(`/sign/${pk}/`, {
			secret: code,
			signature: { appearance: { text: ['%(CN)s'], page: 0, position: '50,50,250,120' } },
		});
		expect(await res.json()).toEqual({ status: 'success', message: 'Documents correctly signed' });
		expect(sim.getRequest(pk).status).toBe('ISSUED');
		await expectError(
			await postJson(`/sign/${pk}`, { secret: code }),
			412,
			'Request already in ISSUED status',
		);
		await expectError(
			await api(`/otp/${pk}`, { method: 'POST' }),
			412,
			'Error occured during OTP generation: Invalid request status',
		);
		await expectError(
			await upload(pk, [['file', makePdf('late'), 'late.pdf']]),
			412,
			'Request already in ISSUED status',
		);
	});

	it('reports unknown requests, missing documents and expired codes', async () => {
		await expectError(
			await postJson('/sign/999999999', { secret: '123456' }),
			404,
			'Request 999999999 not found. Cannot sign documents',
		);
		const pk = await createPk();
		const code = await otp(pk);
		await expectError(
			await postJson(`/sign/${pk}`, { secret: code }),
			412,
			`No documents to sign for Request ${pk}`,
		);
		sim.options.otpTtlMs = 1;
		sim.options.otpCooldownMs = 0;
		await uploadOne(pk);
		const shortLived = await otp(pk);
		await sleep(5);
		await expectError(
			await postJson(`/sign/${pk}`, { secret: shortLived }),
			403,
			'Confirmation Code invalid',
		);
	});

	it('checks the signature image of the appearance', async () => {
		const pk = await createPk();
		await uploadOne(pk);
		const form = new FormData();
		form.append('image', blob(PNG, 'image/png'), 'signature.png');
		let res = await api('/image', { method: 'POST', body: form });
		const img = await res.json();
		expect(img.message).toBe(`Image uploaded with uid '${img.details.image_uid}'`);
		const code = await otp(pk);
		await expectError(
			await postJson(`/sign/${pk}`, { secret: code, signature: { appearance: { image: 'nope' } } }),
			404,
			'The image nope cannot be found on disk',
		);
		res = await postJson(`/sign/${pk}`, {
			secret: code,
			signature: { appearance: { image: img.details.image_uid, page: 0 } },
		});
		expect(res.status).toBe(200);
		expect(sim.getRequest(pk).signOptions).toMatchObject({ secret: '***' });
		const gif = new FormData();
		gif.append('image', blob(GIF), 'sig.gif');
		await expectError(
			await api('/image', { method: 'POST', body: gif }),
			415,
			'Image file type not supported: sig.gif',
		);
	});

	it('never signs twice when sign calls race', async () => {
		sim.options.signDelayMs = 30;
		const pk = await createPk();
		await uploadOne(pk);
		const code = await otp(pk);
		const results = await Promise.all([
			postJson(`/sign/${pk}`, { secret: code }),
			postJson(`/sign/${pk}`, { secret: code }),
		]);
		expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
		expect(sim.getRequest(pk).history.filter((h) => h.status === 'ISSUED')).toHaveLength(1);
	});
});

describe('asynchronous mode and callbacks', () => {
	async function asyncFlow(query = '?token=s3cr3t&corr=42') {
		const cb = `${receiver.url}/hook/path${query}`;
		const pk = await createPk({ useasync: 'true', callback: cb });
		const uid = await uploadOne(pk);
		const res = await postJson(`/sign/${pk}`, { secret: await otp(pk) });
		expect(await res.json()).toEqual({
			status: 'success',
			message: 'Your documents are going to be signed. You will receive them in a few seconds',
		});
		return { pk, uid, cb };
	}

	it('sends flat (format A) callbacks to the URL exactly as given, query string kept', async () => {
		const started = Date.now();
		const { pk, uid, cb } = await asyncFlow();
		expect(Date.now() - started).toBeLessThan(1000);
		// Answered at once: not signed yet.
		expect(sim.getRequest(pk).status).toBe('ENROLLREADY');
		await waitFor(() => receiver.received.length >= 3 && receiver.received);
		// The record is written once the receiver's answer is read.
		await sim.waitForCallbacks(3);
		expect(receiver.received.map((r) => r.url)).toEqual([
			'/hook/path?token=s3cr3t&corr=42',
			'/hook/path?token=s3cr3t&corr=42',
			'/hook/path?token=s3cr3t&corr=42',
		]);
		expect(receiver.received[0].headers['content-type']).toBe('application/json');
		const bodies = receiver.received.map((r) => r.body);
		expect(bodies[0]).toEqual({
			status: 'CREATED',
			date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/),
			request: pk,
			registration_authority: 1000,
		});
		expect(bodies[1]).toEqual({
			status: 'ENROLLREADY',
			date: expect.any(String),
			previous_status: 'CREATED',
			request: pk,
			registration_authority: 1000,
		});
		expect(bodies[2]).toMatchObject({
			status: 'ISSUED',
			previous_status: 'ENROLLREADY',
			request: pk,
		});
		expect(sim.callbacks.map((c) => [c.url, c.statusCode, c.requestStatus])).toEqual([
			[cb, 200, 'CREATED'],
			[cb, 200, 'ENROLLREADY'],
			[cb, 200, 'ISSUED'],
		]);
		const signed = await api(`/document/${pk}/${uid}?document_type=signed`);
		expect(signed.status).toBe(200);
	});

	it('sends event (format B) callbacks', async () => {
		sim.options.callbackFormat = 'event';
		const { pk } = await asyncFlow('?id=7');
		await waitFor(() => receiver.received.length >= 3);
		const [created, approved, enrolled] = receiver.received.map((r) => r.body);
		const req = sim.getRequest(pk);
		expect(created).toEqual({
			event_type: 'REQUEST_CREATED',
			sent_at: expect.stringMatching(/^\d{14}$/),
			request: {
				status: 'CREATED',
				profile: 'PFnubeQAFCiudadano',
				registration_authority: 1000,
				scratchcard: req.scratchcard,
				pk,
			},
			certificates: [],
		});
		expect(req.scratchcard).toMatch(/^\d{7}$/);
		expect(approved).toMatchObject({
			event_type: 'REQUEST_APPROVED',
			request: { status: 'ENROLLREADY' },
		});
		expect(enrolled).toMatchObject({
			event_type: 'REQUEST_ENROLLED',
			request: { status: 'ISSUED', pk },
		});
		expect(enrolled.certificates).toEqual([
			{
				status: 'VALID',
				serial_number: expect.stringMatching(/^[0-9a-f]+$/),
				valid_from: expect.stringMatching(/^\d{8} \d{2}:\d{2}:\d{2}$/),
				valid_to: expect.stringMatching(/^\d{8} \d{2}:\d{2}:\d{2}$/),
			},
		]);
		expect(receiver.received[0].url).toBe('/hook/path?id=7');
	});

	it('sends a REQUEST_CANCELED event when a request is cancelled (control endpoint)', async () => {
		sim.options.callbackFormat = 'event';
		const pk = await createPk({ useasync: '1', callback: `${receiver.url}/c` });
		const res = await fetch(`${sim.url}/__simulator/requests/${pk}/cancel`, { method: 'POST' });
		expect(res.status).toBe(200);
		await waitFor(() => receiver.received.length >= 3);
		expect(receiver.received[2].body).toMatchObject({
			event_type: 'REQUEST_CANCELED',
			request: { status: 'CANCELLED' },
		});
		await expectError(
			await upload(pk, [['file', makePdf('x'), 'x.pdf']]),
			412,
			'Request already in CANCELLED status',
		);
	});

	it('duplicates callbacks when asked', async () => {
		sim.options.duplicateCallbacks = true;
		await createPk({ useasync: 'true', callback: `${receiver.url}/dup` });
		await waitFor(() => receiver.received.length >= 4);
		await sim.waitForCallbacks(4);
		expect(receiver.received.map((r) => r.body.status)).toEqual([
			'CREATED',
			'CREATED',
			'ENROLLREADY',
			'ENROLLREADY',
		]);
		expect(sim.callbacks.map((c) => c.duplicate)).toEqual([false, true, false, true]);
	});

	it('delivers out of order, batched at completion, when asked', async () => {
		sim.options.outOfOrderCallbacks = true;
		const cb = `${receiver.url}/ooo`;
		const pk = await createPk({ useasync: 'true', callback: cb });
		await uploadOne(pk);
		await sleep(30);
		expect(receiver.received).toHaveLength(0);
		await postJson(`/sign/${pk}`, { secret: await otp(pk) });
		await waitFor(() => receiver.received.length >= 3);
		expect(receiver.received.map((r) => r.body.status)).toEqual([
			'ISSUED',
			'ENROLLREADY',
			'CREATED',
		]);
	});

	it('records failing receivers without crashing, and retries when configured', async () => {
		// A port nobody listens on.
		const closed = await startReceiver();
		const deadUrl = `${closed.url}/gone`;
		await closed.close();
		await createPk({ useasync: 'true', callback: deadUrl });
		await sim.waitForCallbacks(2);
		expect(sim.callbacks[0].error).toBeDefined();
		expect(sim.callbacks[0].statusCode).toBeUndefined();
		sim.reset();
		receiver.status = 500;
		sim.options.callbackRetries = 1;
		await createPk({ useasync: 'true', callback: `${receiver.url}/fail` });
		await sim.waitForCallbacks(4);
		expect(sim.callbacks.map((c) => [c.requestStatus, c.attempt, c.statusCode])).toEqual([
			['CREATED', 1, 500],
			['CREATED', 2, 500],
			['ENROLLREADY', 1, 500],
			['ENROLLREADY', 2, 500],
		]);
		expect((await api('/tokens')).status).toBe(200);
	});

	it('sends no callback for synchronous requests', async () => {
		const pk = await createPk({ callback: `${receiver.url}/sync` });
		await uploadOne(pk);
		await postJson(`/sign/${pk}`, { secret: await otp(pk) });
		await sleep(20);
		expect(receiver.received).toHaveLength(0);
	});
});

describe('faults', () => {
	it('answers 5xx with the error style body, counting down `times`', async () => {
		sim.injectFault({ route: 'GET /oneshot/api/v1/tokens', kind: '5xx', times: 2 });
		await expectError(await api('/tokens'), 503, 'Service temporarily unavailable');
		await expectError(await api('/tokens'), 503, 'Service temporarily unavailable');
		expect((await api('/tokens')).status).toBe(200);
		sim.options.errorStyle = 'envelope';
		sim.injectFault({ route: '/create$', kind: '5xx', status: 502 });
		expect((await api('/tokens')).status).toBe(200);
		const res = await create();
		expect(res.status).toBe(502);
		expect(await res.json()).toEqual({
			status: 'error',
			message: 'Service temporarily unavailable',
		});
		expect(sim.requestLog.map((l) => l.status)).toEqual([503, 503, 200, 200, 502]);
	});

	it('answers 429 with Retry-After', async () => {
		sim.injectFault({ kind: '429' });
		const res = await api('/tokens');
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('1');
		expect((await api('/tokens')).status).toBe(200);
	});

	it('drops the connection', async () => {
		sim.injectFault({ route: '/otp/', kind: 'drop' });
		const pk = await createPk();
		await expect(api(`/otp/${pk}`, { method: 'POST' })).rejects.toThrow();
		expect(sim.requestLog.at(-1)).toMatchObject({ method: 'POST', status: 0 });
		expect((await api(`/otp/${pk}`, { method: 'POST' })).status).toBe(200);
	});

	it('slows a call down', async () => {
		sim.injectFault({ route: 'tokens', kind: 'slow', delayMs: 150 });
		const t0 = Date.now();
		expect((await api('/tokens')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	it('never faults control endpoints and can be driven over HTTP', async () => {
		let res = await fetch(`${sim.url}/__simulator/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ kind: '5xx', times: 0 }),
		});
		expect(res.status).toBe(200);
		expect((await fetch(`${sim.url}/__simulator/health`)).status).toBe(200);
		expect((await api('/tokens')).status).toBe(503);
		expect((await api('/tokens')).status).toBe(503);
		res = await fetch(`${sim.url}/__simulator/faults`, { method: 'DELETE' });
		expect(res.status).toBe(200);
		expect((await api('/tokens')).status).toBe(200);
	});
});

describe('response and error styles', () => {
	it("'variant' answers plausible alternative shapes", async () => {
		sim.options.responseStyle = 'variant';
		let res = await api('/tokens');
		expect(await res.json()).toEqual({
			status: 'success',
			detail: [
				{ token_uid: sim.sandboxToken, username: expect.any(String), password: true, pin: true },
			],
		});
		res = await postJson('/token', sim.rao);
		const tok = await res.json();
		expect(tok.detail.token_uid).toEqual(expect.any(String));
		res = await api(`/token/${tok.detail.token_uid}`);
		expect(await res.json()).toEqual({
			status: 'success',
			detail: { username: sim.rao.username, password: true, pin: true },
		});
		res = await create();
		const created = await res.json();
		expect(created).toEqual({
			status: 'success',
			message: `Request created with pk ${created.request_pk}`,
			request_pk: expect.stringMatching(/^\d+$/),
			detail: { status: 'ENROLLREADY', asyncmode: false },
		});
		const pk = Number(created.request_pk);
		res = await upload(pk, [['file', makePdf('v'), 'v.pdf']]);
		const single = await res.json();
		expect(single).toEqual({
			status: 'success',
			details: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
		res = await upload(pk, [
			['file', makePdf('v1'), 'v1.pdf'],
			['file2', makePdf('v2'), 'v2.pdf'],
		]);
		expect(await res.json()).toEqual({
			status: 'success',
			details: [
				{ uid: expect.any(String), key: 'file', filename: 'v1.pdf', digest: expect.any(String) },
				{ uid: expect.any(String), key: 'file2', filename: 'v2.pdf', digest: expect.any(String) },
			],
		});
	});

	it("'envelope' errors use {status:'error', message}", async () => {
		sim.options.errorStyle = 'envelope';
		const res = await api('/token/abc');
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ status: 'error', message: 'Token abc not found' });
	});
});

describe('control endpoints', () => {
	it('exposes health, config, requests, callbacks and reset', async () => {
		let res = await fetch(`${sim.url}/__simulator/health`);
		const health = await res.json();
		expect(health).toMatchObject({ status: 'ok', sandboxToken: sim.sandboxToken });
		res = await fetch(`${sim.url}/__simulator/config`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ latencyMs: 1, defaults: { billing: true, env: null } }),
		});
		expect(await res.json()).toMatchObject({
			latencyMs: 1,
			defaults: { billing: true, registrationAuthority: '1000' },
		});
		expect(sim.options.defaults.env).toBeUndefined();
		const pk = await createPk({ env: 'sandbox', billing_username: null, billing_password: null });
		res = await fetch(`${sim.url}/__simulator/requests/${pk}`);
		expect(await res.json()).toMatchObject({ pk, status: 'ENROLLREADY', documents: [] });
		res = await fetch(`${sim.url}/__simulator/callbacks`);
		expect(await res.json()).toEqual([]);
		res = await fetch(`${sim.url}/__simulator/reset`, { method: 'POST' });
		expect(res.status).toBe(200);
		expect(sim.getRequest(pk)).toBeUndefined();
		expect(sim.requestLog).toEqual([]);
		expect((await fetch(`${sim.url}/__simulator/requests/${pk}`)).status).toBe(404);
		expect((await fetch(`${sim.url}/__simulator/otp/${pk}`)).status).toBe(404);
	});
});

describe('legacy generation', () => {
	const legacy = (path, init) => fetch(`${sim.legacyBaseUrl}${path}`, init);
	it('runs the classic flow with the legacy envelope', async () => {
		expect(await (await legacy('/hello')).json()).toEqual({ status: '200 OK', details: 'Hello' });
		const form = createForm({ id_document_type: null, id_document_country: null });
		let res = await legacy('/request', { method: 'POST', body: form });
		expect(res.status).toBe(201);
		const created = await res.json();
		expect(created).toEqual({ status: '201 Created', details: expect.any(Number) });
		const pk = created.details;
		expect(sim.getRequest(pk).signer.id_document_type).toBe('IDC');
		const up = new FormData();
		up.append('file', blob(makePdf('legacy')), 'legacy.pdf');
		res = await legacy(`/document/${pk}`, { method: 'POST', body: up });
		const uid = (await res.json()).details;
		expect(uid).toEqual(expect.any(String));
		res = await legacy(`/otp/${pk}`, { method: 'POST' });
		expect(await res.json()).toEqual({ status: '200 OK', details: 'OTP generated' });
		res = await legacy(`/sign/${pk}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ secret: 'nope' }),
		});
		expect(res.status).toBe(403);
		expect(await res.json()).toEqual({
			status: '403 Forbidden',
			details: 'Confirmation Code invalid',
		});
		res = await legacy(`/sign/${pk}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ secret: sim.getOtp(pk) }),
		});
		expect(await res.json()).toEqual({ status: '200 OK', details: 'Documents correctly signed' });
		res = await legacy(`/document/${pk}/signed/${uid}`);
		expect(res.status).toBe(200);
		expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toContain('/Type /Sig');
		res = await legacy(`/document/${pk}/contract`);
		expect(
			Buffer.from(await res.arrayBuffer())
				.subarray(0, 5)
				.toString(),
		).toBe('%PDF-');
		res = await legacy(`/request/${pk}`);
		expect(await res.json()).toMatchObject({ status: '200 OK', details: { pk, status: 'ISSUED' } });
		res = await legacy('/request', { method: 'POST', body: createForm({ email: null }) });
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({
			status: '400 Bad Request',
			details: 'Missing parameter: email required',
		});
	});
});

describe('strict mode (default): the rules a real Optimizer enforces per the vendor documents', () => {
	it('current: registration_authority and profile are required (no settings default)', async () => {
		const res = await create({ registration_authority: null, profile: null });
		expect(res.status).toBe(422);
		expect(await res.json()).toEqual({
			detail: [
				{
					loc: ['body', 'registration_authority'],
					msg: 'field required',
					type: 'value_error.missing',
				},
				{ loc: ['body', 'profile'], msg: 'field required', type: 'value_error.missing' },
			],
		});
		// Lenient, and the legacy Optimizer ("required only if not set at settings.ini"): defaults.
		const legacyRes = await fetch(`${sim.legacyBaseUrl}/request`, {
			method: 'POST',
			body: createForm({ registration_authority: null, profile: null }),
		});
		expect(legacyRes.status).toBe(201);
		sim.options.strict = false;
		expect((await create({ registration_authority: null, profile: null })).status).toBe(200);
	});

	it('a token without password and PIN needs them in the call', async () => {
		const tok = await postJson('/token', { username: sim.rao.username });
		const uid = (await tok.json()).details.token_uid;
		const info = await (await api(`/token/${uid}`)).json();
		expect(info.details).toMatchObject({ password: false, pin: false });
		const noCreds = { username: null, password: null, pin: null, token: uid };
		await expectError(await create(noCreds), 403, 'Invalid RAO Credentials');
		const withCreds = { username: null, token: uid };
		expect((await create(withCreds)).status).toBe(200);
	});

	it('env must be one the Optimizer knows; "test" on an older Optimizer', async () => {
		await expectError(await create({ env: 'test' }), 400, 'Environment test does not exist');
		sim.options.environments = ['test', 'prod'];
		sim.options.defaults = { ...sim.options.defaults, env: 'test' };
		await expectError(await create({ env: 'sandbox' }), 400, 'Environment sandbox does not exist');
		expect((await create({ env: 'test' })).status).toBe(200);
		expect((await create({})).status).toBe(200);
	});

	it('format A callbacks may come without a date', async () => {
		sim.options.callbackDate = false;
		const res = await create({ useasync: 'true', callback: `${receiver.url}/no-date` });
		const pk = (await res.json()).details.pk;
		const got = await waitFor(() =>
			receiver.received.find((r) => r.url === '/no-date' && r.body.status === 'ENROLLREADY'),
		);
		expect(got.body).toEqual({
			status: 'ENROLLREADY',
			previous_status: 'CREATED',
			request: pk,
			registration_authority: 1000,
		});
	});
});
