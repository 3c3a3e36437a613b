import { buildMultipart } from '../../nodes/shared/transport/multipart';
import {
	parseAsyncMode,
	parseRequestPk,
	parseTokenList,
	parseTokenUid,
	parseUploadResult,
} from '../../nodes/shared/responses';
import { collectSecrets, redact, redactDeep } from '../../nodes/shared/secrets';
import {
	ValidationError,
	isPdf,
	normalizeCountry,
	normalizeEmail,
	normalizeIdDocumentType,
	normalizePhone,
	normalizeRequestPk,
	normalizeUrl,
	splitList,
} from '../../nodes/shared/validation';
import { resolveRoute } from '../../nodes/shared/transport/endpoints';
import {
	describeNetworkError,
	extractErrorMessage,
	hintFor,
} from '../../nodes/shared/transport/errors';
import { batches, fieldName } from '../../nodes/UanatacaOneShot/actions/document/upload.operation';
import { businessFields } from '../../nodes/UanatacaOneShot/helpers/accountFields';
import type { OneShotCredentials } from '../../nodes/shared/transport';

describe('validation', () => {
	test.each([
		['+34600123123', '+34600123123'],
		['+34 600 123 123', '+34600123123'],
		['0034 600-123-123', '+34600123123'],
		['+48 (500) 100 200', '+48500100200'],
	])('phone %s is accepted as %s', (input, expected) => {
		expect(normalizePhone(input)).toBe(expected);
	});

	test.each(['600123123', '+0600123', '+34', 'phone', '+34 600 123 123 123 123 99'])(
		'phone %s is refused',
		(input) => {
			expect(() => normalizePhone(input)).toThrow(ValidationError);
			expect(() => normalizePhone(input)).toThrow(/international prefix/);
		},
	);

	test('the phone error tells how to write it', () => {
		try {
			normalizePhone('600123123');
		} catch (error) {
			expect((error as ValidationError).hint).toMatch(/\+34600123123/);
		}
		expect.assertions(1);
	});

	test.each(['a@b.co', 'maria.garcia+sign@example.com'])('email %s is accepted', (input) => {
		expect(normalizeEmail(input)).toBe(input);
	});
	test.each(['maria', 'maria@', '@example.com', 'maria@example', 'a b@example.com'])(
		'email %s is refused',
		(input) => {
			expect(() => normalizeEmail(input)).toThrow(/not a valid e-mail address/);
		},
	);

	test('document types are upper-cased and checked', () => {
		expect(normalizeIdDocumentType('pas')).toBe('PAS');
		expect(() => normalizeIdDocumentType('DNI')).toThrow(/not a valid ID document type/);
	});

	test('countries are two letters', () => {
		expect(normalizeCountry('es')).toBe('ES');
		expect(() => normalizeCountry('ESP')).toThrow(/two-letter/);
	});

	test('request numbers accept numbers and numeric strings only', () => {
		expect(normalizeRequestPk(388141)).toBe(388141);
		expect(normalizeRequestPk(' 388141 ')).toBe(388141);
		expect(() => normalizeRequestPk('')).toThrow(/"Request ID" is empty/);
		expect(() => normalizeRequestPk('abc')).toThrow(/not a valid request ID/);
		expect(() => normalizeRequestPk(-4)).toThrow(/not a valid request ID/);
		expect(() => normalizeRequestPk(1.5)).toThrow(/not a valid request ID/);
	});

	test('URLs must be http(s)', () => {
		expect(normalizeUrl('https://n8n.example.com/webhook/x?token=1', 'Callback URL')).toContain(
			'token=1',
		);
		expect(() => normalizeUrl('n8n.example.com', 'Callback URL')).toThrow(/not a web address/);
		expect(() => normalizeUrl('ftp://x.example.com', 'Callback URL')).toThrow(/http/);
	});

	test('lists split on commas, trim and drop duplicates', () => {
		expect(splitList(' data, annex ,,data ')).toEqual(['data', 'annex']);
		expect(splitList(['a', ' b '])).toEqual(['a', 'b']);
		expect(splitList(undefined)).toEqual([]);
	});

	test('PDF detection looks for the header near the start', () => {
		expect(isPdf(Buffer.from('%PDF-1.7\n...'))).toBe(true);
		expect(isPdf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('%PDF-1.4')]))).toBe(
			true,
		);
		expect(isPdf(Buffer.from('PK\u0003\u0004'))).toBe(false);
		expect(isPdf(Buffer.alloc(0))).toBe(false);
	});
});

describe('response parsing accepts every plausible shape', () => {
	test.each([
		[
			{
				status: 'success',
				message: 'Request created with pk 388141',
				details: { pk: 388141, asyncmode: true },
			},
			388141,
		],
		[{ status: 'success', details: { request_pk: '388142' } }, 388142],
		[{ status: '201 Created', details: 29571 }, 29571],
		[{ status: 'success', pk: 5 }, 5],
		[{ status: 'success', request_pk: '6' }, 6],
		[{ status: 'success', detail: { pk: 7 } }, 7],
		[{ status: 'success', message: 'Request created with pk 8' }, 8],
		[{ details: { request: { pk: 9 } } }, 9],
	])('request pk in %j', (body, pk) => {
		expect(parseRequestPk(body)).toBe(pk);
	});

	test.each([
		[{ status: 'success' }],
		['created'],
		[null],
		[{ details: { pk: 'abc' } }],
		[{ details: { pk: -1 } }],
	])('no request pk in %j', (body) => {
		expect(parseRequestPk(body)).toBeUndefined();
	});

	test('async mode flag', () => {
		expect(parseAsyncMode({ details: { asyncmode: true } })).toBe(true);
		expect(parseAsyncMode({ details: { asyncmode: 'false' } })).toBe(false);
		expect(parseAsyncMode({ asyncmode: 1 })).toBe(true);
		expect(parseAsyncMode({ details: {} })).toBeUndefined();
	});

	test('token uid: current object, legacy string', () => {
		const uid = ['14185cd9', 'c6ec', '30f4', '9f59', 'a844a77bc234'].join('-');
		expect(parseTokenUid({ details: { token_uid: uid } })).toBe(uid);
		expect(parseTokenUid({ status: '200 OK', details: 'a44765ab8ca04e429a565f02d22179a0' })).toBe(
			'a44765ab8ca04e429a565f02d22179a0',
		);
		expect(parseTokenUid({ details: 'Token created' })).toBeUndefined();
	});

	test('token lists: map (documented, with the demo NOTE), array of objects, array of uids', () => {
		const map = parseTokenList({
			status: '200 OK',
			details: { fd6a21e6: { username: '1125824', password: true, pin: false }, NOTE: 'demo only' },
		});
		expect(map).toEqual([
			{ tokenUid: 'fd6a21e6', username: '1125824', passwordStored: true, pinStored: false },
		]);
		expect(
			parseTokenList({ details: [{ token_uid: 'u1', username: 9001800, password: 'true' }] }),
		).toEqual([{ tokenUid: 'u1', username: '9001800', passwordStored: true, pinStored: null }]);
		expect(parseTokenList({ details: ['u2'] })).toEqual([
			{ tokenUid: 'u2', username: null, passwordStored: null, pinStored: null },
		]);
		expect(parseTokenList({ details: 'nope' })).toBeUndefined();
	});

	test('upload answers: single object, array, legacy list with keys, bare uid, uid map', () => {
		expect(parseUploadResult({ status: 'success', detail: { name: 'file', uid: 'u1' } })).toEqual([
			{ uid: 'u1', field: 'file', fileName: undefined, digest: undefined },
		]);
		expect(
			parseUploadResult({
				status: '200 OK',
				details: [
					{ digest: 'ab', uid: 'u1', key: 'file', filename: 'a.pdf' },
					{ digest: 'cd', uid: 'u2', key: 'file2', filename: 'b.pdf' },
				],
			}),
		).toEqual([
			{ uid: 'u1', field: 'file', fileName: 'a.pdf', digest: 'ab' },
			{ uid: 'u2', field: 'file2', fileName: 'b.pdf', digest: 'cd' },
		]);
		expect(parseUploadResult({ status: '200 OK', details: 'u9' })).toEqual([{ uid: 'u9' }]);
		expect(parseUploadResult({ details: { u3: { filename: 'c.pdf' } } })).toEqual([
			{ uid: 'u3', field: undefined, fileName: 'c.pdf', digest: undefined },
		]);
		expect(parseUploadResult({ details: [{ nothing: 1 }] })).toBeUndefined();
		expect(parseUploadResult({})).toBeUndefined();
	});
});

describe('error messages', () => {
	test.each([
		[
			{ status: '403 Forbidden', details: 'Confirmation Code invalid' },
			'Confirmation Code invalid',
		],
		[{ detail: 'Confirmation Code invalid' }, 'Confirmation Code invalid'],
		[{ status: 'error', message: 'Request 5 not found' }, 'Request 5 not found'],
		[
			{
				detail: [
					{ loc: ['body', 'email'], msg: 'Enter a valid email address', type: 'value_error' },
				],
			},
			'email: Enter a valid email address',
		],
		[
			{ status: '500 Internal Server Error', details: { email: ['This field is required'] } },
			'email: This field is required',
		],
		['Bad Gateway', 'Bad Gateway'],
		['<html><head><title>502 Bad Gateway</title></head></html>', '502 Bad Gateway'],
		['{"detail":"Not Found"}', 'Not Found'],
		[{ status: '412 Precondition Failed' }, '412 Precondition Failed'],
	])('message of %j', (body, message) => {
		expect(extractErrorMessage(body)).toBe(message);
	});

	test('empty bodies give no message', () => {
		expect(extractErrorMessage('')).toBeUndefined();
		expect(extractErrorMessage(undefined)).toBeUndefined();
		expect(extractErrorMessage({ status: 'success' })).toBeUndefined();
	});

	test('long messages are shortened', () => {
		expect(extractErrorMessage('x'.repeat(1000))!.length).toBeLessThanOrEqual(301);
	});

	test.each([
		['Confirmation Code invalid', 403, /code is wrong or has expired/],
		[
			'Error occured during OTP generation: Otp generated less than a minute ago',
			412,
			/Wait a minute/,
		],
		['Request already in ISSUED status', 412, /already signed/],
		['Unsupported file type: x.docx', 415, /Only PDF/],
		[
			'Cannot check the remaining credit. Please check your billing credentials',
			500,
			/Billing Username/,
		],
		['Invalid RAO Credentials', 403, /RAO token/],
		['Request 12 not found. Cannot send OTP secret', 404, /requestPk returned by Create/],
		['Document not found', 404, /UID returned by Upload/],
		['Token abc not found', 404, /No RAO token/],
		['Not Found', 404, /Optimizer URL/],
		['Service temporarily unavailable', 503, /internal problem/],
		['Too many', 429, /too many calls/],
	])('hint for "%s" (%d)', (message, status, hint) => {
		expect(hintFor(message, status)).toMatch(hint);
	});

	test('network errors say what failed, where, and what to check', () => {
		expect(
			describeNetworkError({ code: 'ECONNREFUSED', message: '' }, 'http://10.0.0.1:8080/x'),
		).toEqual({
			message: 'Could not connect to the Optimizer at 10.0.0.1:8080 (connection refused)',
			hint: expect.stringMatching(/Optimizer URL/),
		});
		expect(
			describeNetworkError({ code: 'ENOTFOUND', message: '' }, 'https://opt.example/x').message,
		).toMatch(/could not be found/);
		expect(
			describeNetworkError({ message: 'timeout of 1000ms exceeded' }, 'https://opt.example')
				.message,
		).toMatch(/did not answer in time/);
		expect(
			describeNetworkError({ message: 'self-signed certificate' }, 'https://opt.example').hint,
		).toMatch(/Ignore SSL Issues/);
	});
});

describe('secrets', () => {
	test('values and their Base64 forms are masked everywhere', () => {
		const secrets = collectSecrets(['s3cret-pass', undefined, '', '12']);
		const b64 = Buffer.from('s3cret-pass').toString('base64');
		expect(redact(`bad password s3cret-pass (${b64})`, secrets)).toBe(
			'bad password [hidden] ([hidden])',
		);
		expect(redactDeep({ a: ['s3cret-pass'], b: { c: 's3cret-pass!' }, n: 1 }, secrets)).toEqual({
			a: ['[hidden]'],
			b: { c: '[hidden]!' },
			n: 1,
		});
	});
});

describe('business fields from the credential', () => {
	const credentials: OneShotCredentials = {
		baseUrl: 'http://x',
		apiGeneration: 'current',
		environment: 'sandbox',
		registrationAuthority: '1000',
		profile: '',
		token: 'tok-123456',
		username: 'rao',
		password: 'pw-123456',
		pin: 'pin-9876',
		billingUsername: 'bill@example.com',
		billingPassword: 'bill-pass',
		allowUnauthorizedCerts: false,
	};

	test('billing password goes Base64; a token replaces the RAO username, password and PIN go with it', () => {
		const { fields, secrets } = businessFields(credentials);
		// A token may store neither password nor PIN (docs/optimizer-api.md, tokens).
		expect(Object.fromEntries(fields)).toEqual({
			env: 'sandbox',
			registration_authority: '1000',
			token: 'tok-123456',
			password: 'pw-123456',
			pin: 'pin-9876',
			billing_username: 'bill@example.com',
			billing_password: Buffer.from('bill-pass').toString('base64'),
		});
		expect(secrets).toEqual(
			expect.arrayContaining(['tok-123456', 'pw-123456', 'pin-9876', 'bill-pass']),
		);
	});

	test('overrides win; without a token the RAO credentials are sent', () => {
		const { fields } = businessFields(
			{ ...credentials, token: '' },
			{ environment: 'prod', profile: 'PFnubeNC', registrationAuthority: ' 77 ' },
		);
		expect(Object.fromEntries(fields)).toMatchObject({
			env: 'prod',
			profile: 'PFnubeNC',
			registration_authority: '77',
			username: 'rao',
			password: 'pw-123456',
			pin: 'pin-9876',
		});
	});
});

describe('routes of the two generations', () => {
	test('document download: query parameter (current) vs path segment (legacy)', () => {
		expect(
			resolveRoute('current', 'document.download', {
				requestPk: 5,
				documentUid: 'u-1',
				documentType: 'signed',
			}),
		).toEqual({
			method: 'GET',
			path: '/document/5/u-1',
			qs: { document_type: 'signed' },
		});
		expect(
			resolveRoute('legacy', 'document.download', {
				requestPk: 5,
				documentUid: 'u1',
				documentType: 'signed',
			}),
		).toEqual({
			method: 'GET',
			path: '/document/5/signed/u1',
			qs: {},
		});
	});

	test('create, contract and delete-all differ between generations', () => {
		expect(resolveRoute('current', 'request.create')!.path).toBe('/create');
		expect(resolveRoute('legacy', 'request.create')!.path).toBe('/request');
		expect(resolveRoute('current', 'document.getContract', { requestPk: 1 })!.path).toBe(
			'/contract/1',
		);
		expect(resolveRoute('legacy', 'document.getContract', { requestPk: 1 })!.path).toBe(
			'/document/1/contract',
		);
		expect(resolveRoute('legacy', 'document.deleteAll', { requestPk: 1 })!.path).toBe(
			'/documents/1',
		);
	});

	test('a missing path parameter is a programming error, not a silent bad URL', () => {
		expect(() => resolveRoute('current', 'request.sign', {})).toThrow(/requestPk/);
	});
});

describe('multipart and batching', () => {
	test('the body has each field and file, with the boundary in the content type', () => {
		const { contentType, data } = buildMultipart(
			{
				fields: [['given_name', 'María']],
				files: [
					{
						name: 'file',
						fileName: 'a "b".pdf',
						contentType: 'application/pdf',
						data: Buffer.from('%PDF-1.4 x'),
					},
				],
			},
			'BOUNDARY',
		);
		expect(contentType).toBe('multipart/form-data; boundary=BOUNDARY');
		expect(data.toString('utf8')).toBe(
			'--BOUNDARY\r\nContent-Disposition: form-data; name="given_name"\r\n\r\nMaría\r\n' +
				'--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="a %22b%22.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 x\r\n' +
				'--BOUNDARY--\r\n',
		);
	});

	test('binary bytes pass unchanged', () => {
		const bytes = Buffer.from([0, 255, 13, 10, 45, 45]);
		const { data } = buildMultipart(
			{ fields: [], files: [{ name: 'f', fileName: 'x', contentType: 'a/b', data: bytes }] },
			'B',
		);
		expect(data.includes(bytes)).toBe(true);
	});

	test('documents go at most 10 per call, named file, file2, …', () => {
		expect(batches([...Array(23).keys()]).map((b) => b.length)).toEqual([10, 10, 3]);
		expect(batches([])).toEqual([]);
		expect([0, 1, 9].map(fieldName)).toEqual(['file', 'file2', 'file10']);
	});
});
