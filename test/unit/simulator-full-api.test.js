'use strict';
/**
 * The simulator's new rules, over real HTTP: Video ID on both generations, the legacy sign
 * options, the current appearance checks, external authentication, image sizes, bare downloads.
 */
const { startSimulator } = require('../simulator');

/** @type {import('../simulator').Simulator} */
let sim;

beforeAll(async () => {
	sim = await startSimulator({ signDelayMs: 1, callbackDelayMs: 1 });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset({ options: true }));

const BILLING = () => ({
	billing_username: sim.billing.username,
	billing_password: Buffer.from(sim.billing.password).toString('base64'),
});
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(20)]);
const MP4 = Buffer.concat([
	Buffer.from([0, 0, 0, 0x18]),
	Buffer.from('ftypisom'),
	Buffer.alloc(40),
]);

async function call(base, path, { method = 'GET', json, form } = {}) {
	const init = { method };
	if (json !== undefined) {
		init.headers = { 'content-type': 'application/json' };
		init.body = JSON.stringify(json);
	} else if (form) {
		init.body = form;
	}
	const res = await fetch(`${base}${path}`, init);
	const type = res.headers.get('content-type') ?? '';
	const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
	return { status: res.status, body, headers: res.headers };
}
const current = (path, opts) => call(sim.currentBaseUrl, path, opts);
const legacy = (path, opts) => call(sim.legacyBaseUrl, path, opts);

const videoIdBody = (extra = {}) => ({
	mobile_phone_number: '+34699999999',
	email: 'mail@domain.com',
	registration_authority: '1000',
	profile: 'PFnubeQAFCiudadano',
	env: 'sandbox',
	...BILLING(),
	...extra,
});

const evidences = {
	acceptance: { ip: '186.0.91.53', date: 1622823879708 },
	videoid_data: {
		images: { document_front: JPEG.toString('base64') },
		ocr_data: { given_name: 'Name', surname_1: 'Surname 1', serial_number: 'A9999999E' },
		security_checks: { liveliness: true },
		similarity_level: 'high',
	},
};

function videoForm() {
	const form = new FormData();
	form.append('video', new Blob([MP4], { type: 'video/mp4' }), 'sample_video.mp4');
	return form;
}

describe('Video ID, current generation (by Video ID number)', () => {
	test('create answers the documented example shape, typo included', async () => {
		const res = await current('/videoid', { method: 'POST', json: videoIdBody() });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			status: 'success',
			messsage: `VideoID created with pk ${res.body.detail.videoid_pk}`,
			detail: {
				videoid_link: expect.stringMatching(/^https:\/\//),
				videoid_pk: expect.any(Number),
				request_pk: expect.any(Number),
			},
		});
		expect(sim.getRequest(res.body.detail.request_pk).status).toBe('VIDEOPENDING');
	});

	test('evidences + video → VIDEOREVIEW; approve → ENROLLREADY; by request pk → 404', async () => {
		const { body } = await current('/videoid', { method: 'POST', json: videoIdBody() });
		const { videoid_pk: vpk, request_pk: pk } = body.detail;
		let res = await current(`/videoid/${vpk}/evidences`, { method: 'POST', json: evidences });
		expect(res.body).toEqual({ status: 'success', message: 'Videoid evidences uploaded' });
		expect(sim.getRequest(pk).status).toBe('VIDEOINCOMPLETE');
		res = await current(`/videoid/${vpk}/approve`, {
			method: 'POST',
			json: { token: sim.sandboxToken, rao: '1125824' },
		});
		expect(res.status).toBe(412);
		expect(res.body.detail).toMatch(/not ready for approval: status VIDEOINCOMPLETE/);
		res = await current(`/videoid/${vpk}/video`, { method: 'POST', form: videoForm() });
		expect(res.body).toEqual({ status: 'success', message: 'Videoid video upload completed' });
		expect(sim.getRequest(pk).status).toBe('VIDEOREVIEW');
		res = await current(`/videoid/${pk}/approve`, {
			method: 'POST',
			json: { token: sim.sandboxToken, rao: '1125824' },
		});
		expect(res.status).toBe(404);
		res = await current(`/videoid/${vpk}/approve`, {
			method: 'POST',
			json: { token: sim.sandboxToken, rao: '1125824' },
		});
		expect(res.body).toEqual({ status: 'success', message: 'Request approved successfully' });
		expect(sim.getRequest(pk).status).toBe('ENROLLREADY');
		expect(sim.getRequest(pk).signer).toMatchObject({
			given_name: 'Name',
			serial_number: 'A9999999E',
		});
	});

	test('missing fields are FastAPI field errors; the OCR names are required', async () => {
		let res = await current('/videoid', { method: 'POST', json: { env: 'sandbox' } });
		expect(res.status).toBe(422);
		// Strict: the current Optimizer takes no registration authority or profile from settings.
		expect(res.body.detail.map((d) => d.loc[1])).toEqual([
			'mobile_phone_number',
			'email',
			'registration_authority',
			'profile',
		]);
		const { body } = await current('/videoid', { method: 'POST', json: videoIdBody() });
		res = await current(`/videoid/${body.detail.videoid_pk}/evidences`, {
			method: 'POST',
			json: { videoid_data: { ocr_data: { given_name: 'x' } } },
		});
		expect(res.status).toBe(400);
		expect(res.body.detail).toBe(
			'Missing required parameters: ocr_data.surname_1, ocr_data.serial_number',
		);
	});
});

describe('Video ID, legacy generation (by request pk, spec messages)', () => {
	test('create, refuse without and with a reason, RAO credentials', async () => {
		let res = await legacy('/videoid', { method: 'POST', json: videoIdBody() });
		expect(res.body).toEqual({
			status: '200 OK',
			details: {
				videoid_pk: expect.any(Number),
				videoid_link: expect.any(String),
				request_pk: expect.any(Number),
			},
		});
		const pk = res.body.details.request_pk;
		res = await legacy(`/videoid/${pk}/refuse`, { method: 'POST', json: { reason: 'x' } });
		expect(res.body).toEqual({
			status: '400 Bad Request',
			details: "Missing required parameters: incomplete RAO's credentials",
		});
		res = await legacy(`/videoid/${pk}/refuse`, {
			method: 'POST',
			json: { ...sim.rao, pin: 'wrong', reason: 'x' },
		});
		expect(res.body).toEqual({ status: '403 Forbidden', details: 'Invalid RAO credentials' });
		res = await legacy(`/videoid/${pk}/refuse`, {
			method: 'POST',
			json: { ...sim.rao, reason: 'x' },
		});
		// Strict: "with RAO credentials ... and rao"; the legacy samples call it rao_id.
		expect(res.body).toEqual({
			status: '400 Bad Request',
			details: 'Missing required parameters: rao',
		});
		res = await legacy(`/videoid/${pk}/refuse`, {
			method: 'POST',
			json: { ...sim.rao, rao_id: '1400', reason: 'x' },
		});
		expect(res.body).toEqual({ status: '403 Forbidden', details: 'Invalid RAO credentials' });
		res = await legacy(`/videoid/${pk}/refuse`, {
			method: 'POST',
			json: { ...sim.rao, rao_id: sim.rao.username },
		});
		expect(res.body).toEqual({ status: '400 Bad Request', details: 'No reason specified' });
		res = await legacy(`/videoid/${pk}/refuse`, {
			method: 'POST',
			json: { ...sim.rao, rao: sim.rao.username, reason: 'Blurred document' },
		});
		expect(res.body).toEqual({ status: '200 OK', details: 'Videoid refuse completed' });
		expect(sim.getRequest(pk).status).toBe('CANCELLED');
		res = await legacy(`/request/${pk}`);
		expect(res.body.details).toMatchObject({ status: 'CANCELLED', videoid_mode: true });
	});

	test('video upload and download; Video ID disabled; an unknown RA', async () => {
		let res = await legacy('/videoid', { method: 'POST', json: videoIdBody() });
		const pk = res.body.details.request_pk;
		res = await legacy(`/videoid/${pk}/download/video`);
		expect(res.status).toBe(404);
		res = await legacy(`/videoid/${pk}/evidences/video`, { method: 'POST', form: videoForm() });
		expect(res.body).toEqual({ status: '200 OK', details: 'Videoid video upload completed' });
		res = await legacy(`/videoid/${pk}/download/video`);
		expect(res.headers.get('content-type')).toBe('video/mp4');
		expect(res.body.equals(MP4)).toBe(true);
		res = await legacy('/videoid/999/evidences', { method: 'POST', json: evidences });
		expect(res.body).toEqual({ status: '404 Not Found', details: 'Request not found' });

		sim.options.videoIdEnabled = false;
		res = await legacy('/videoid', {
			method: 'POST',
			json: videoIdBody({ registration_authority: '1234' }),
		});
		expect(res.body).toEqual({
			status: '400 Bad Request',
			details: 'Videoid not enabled for Registration Authority 1234',
		});
		res = await legacy('/videoid', {
			method: 'POST',
			json: videoIdBody({ registration_authority: 'abc' }),
		});
		expect(res.body).toEqual({
			status: '404 Not Found',
			details: 'Registration Authority not found',
		});
	});

	test('a webhook_url receives the Video ID status changes (format B names the refusal)', async () => {
		sim.options.callbackFormat = 'event';
		const res = await legacy('/videoid', {
			method: 'POST',
			json: videoIdBody({ webhook_url: 'http://127.0.0.1:9/hook' }),
		});
		const pk = res.body.details.request_pk;
		await legacy(`/videoid/${pk}/refuse`, {
			method: 'POST',
			json: { ...sim.rao, rao: sim.rao.username, reason: 'r' },
		});
		const sent = await sim.waitForCallbacks(2);
		expect(sent.map((c) => c.body.event_type)).toEqual(['REQUEST_CREATED', 'VIDEOID_REFUSED']);
		expect(sent.map((c) => c.requestStatus)).toEqual(['VIDEOPENDING', 'CANCELLED']);
	});
});

/** A request ready to sign with one document (through the legacy routes). */
async function readyRequest() {
	const form = new FormData();
	const fields = {
		given_name: 'A',
		surname_1: 'B',
		serial_number: '1',
		email: 'a@b.co',
		mobile_phone_number: '+34600000000',
		token: sim.sandboxToken,
		...BILLING(),
	};
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	let res = await legacy('/request', { method: 'POST', form });
	const pk = res.body.details;
	const upload = new FormData();
	upload.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'a.pdf');
	res = await legacy(`/document/${pk}`, { method: 'POST', form: upload });
	return { pk, uid: res.body.details };
}

describe('sign bodies', () => {
	test('legacy options: each document needs position and page (spec message per document)', async () => {
		const { pk, uid } = await readyRequest();
		await legacy(`/otp/${pk}`, { method: 'POST' });
		const res = await legacy(`/sign/${pk}`, {
			method: 'POST',
			json: { secret: sim.getOtp(pk), options: { [uid]: { page: 0 } } },
		});
		expect(res.body).toEqual({
			status: '400 Bad Request',
			details: { [uid]: `Missing required parameter 'position' for file ${uid}` },
		});
	});

	test('current appearance: a bad position, page or time zone is a 422 field error', async () => {
		const { pk } = await readyRequest();
		await current(`/otp/${pk}`, { method: 'POST' });
		for (const [appearance, field] of [
			[{ position: '500,100,300,150' }, 'position'],
			[{ page: -1 }, 'page'],
			[{ timezone: 'Mars/Olympus' }, 'timezone'],
			[{ text: 'not a list' }, 'text'],
		]) {
			const res = await current(`/sign/${pk}`, {
				method: 'POST',
				json: { secret: sim.getOtp(pk), signature: { appearance } },
			});
			expect(res.status).toBe(422);
			expect(res.body.detail[0].loc).toEqual(['body', 'signature', 'appearance', field]);
		}
	});

	test('external authentication: the customer code, and ext_unlock_value required', async () => {
		const { pk } = await readyRequest();
		let res = await current(`/sign/${pk}`, {
			method: 'POST',
			json: { secret: sim.options.customerCode, ext_unlock_type: 'biometric' },
		});
		expect(res.status).toBe(400);
		expect(res.body.detail).toBe("Missing required parameter: 'ext_unlock_value'");
		res = await current(`/sign/${pk}`, {
			method: 'POST',
			json: { secret: 'wrong', ext_unlock_type: 'biometric', ext_unlock_value: 'x' },
		});
		expect(res.status).toBe(403);
		res = await current(`/sign/${pk}`, {
			method: 'POST',
			json: {
				secret: sim.options.customerCode,
				ext_unlock_type: 'biometric',
				ext_unlock_value: 'x',
			},
		});
		expect(res.body).toEqual({ status: 'success', message: 'Documents correctly signed' });
	});
});

test('legacy image list: size as [width, height]; bare downloads name nothing', async () => {
	const png = Buffer.alloc(40);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
	png.writeUInt32BE(13, 8);
	png.write('IHDR', 12, 'latin1');
	png.writeUInt32BE(600, 16);
	png.writeUInt32BE(300, 20);
	const form = new FormData();
	form.append('image', new Blob([png], { type: 'image/png' }), 'sig.png');
	const { body } = await legacy('/image', { method: 'POST', form });
	const list = await legacy('/images');
	expect(list.body.details[body.details]).toMatchObject({ size: [600, 300], ext: '.png' });
	sim.options.downloadHeaders = 'bare';
	const res = await legacy(`/image/${body.details}`);
	expect(res.headers.get('content-type')).toBe('application/octet-stream');
	expect(res.headers.get('content-disposition')).toBeNull();
});
