/**
 * Normalisation of the two callback formats (oneshot-api.md 4.2) and body parsing, as pure
 * functions: exact expected output for each documented shape.
 */
import { parseBodyText, parseBodyValue } from '../../nodes/shared/callbacks/body';
import {
	parseCertificateDate,
	parseCompactDate,
	parseFlatDate,
} from '../../nodes/shared/callbacks/dates';
import { BadCallback, normalizeCallback } from '../../nodes/shared/callbacks/normalize';

const FORMAT_A = {
	status: 'VIDEOINCOMPLETE',
	date: '2021-07-20T08:08:21.132394',
	previous_status: 'VIDEOPENDING',
	request: 46760,
	registration_authority: 139,
};

const FORMAT_B = {
	event_type: 'REQUEST_ENROLLED',
	sent_at: '20250715083633',
	request: {
		status: 'ISSUED',
		profile: 'PFnubeNC',
		registration_authority: 7,
		scratchcard: '2678100',
		pk: 1012632,
	},
	certificates: [
		{
			status: 'VALID',
			serial_number: '5E1B3C',
			valid_from: '20250715 08:36:33',
			valid_to: '20250715 09:36:33',
		},
	],
};

describe('format A (status change)', () => {
	test('the documented example, exactly', () => {
		expect(normalizeCallback(FORMAT_A)).toEqual({
			format: 'status',
			requestPk: 46760,
			status: 'VIDEOINCOMPLETE',
			previousStatus: 'VIDEOPENDING',
			eventType: 'STATUS_CHANGED',
			occurredAt: '2021-07-20T08:08:21.132Z',
			occurredAtSource: 'sent',
			timestampRaw: '2021-07-20T08:08:21.132394',
			registrationAuthority: 139,
			certificates: [],
		});
	});

	test('the first status has no previous_status: null', () => {
		const body: Record<string, unknown> = { ...FORMAT_A, status: 'CREATED' };
		delete body.previous_status;
		expect(normalizeCallback(body)).toMatchObject({
			status: 'CREATED',
			previousStatus: null,
		});
	});

	test('form fields arrive as text: pk becomes a number, the authority stays as received', () => {
		expect(
			normalizeCallback({
				status: 'issued',
				date: '2026-01-02 03:04:05',
				request: ' 77 ',
				registration_authority: '139',
			}),
		).toMatchObject({
			requestPk: 77,
			status: 'ISSUED',
			occurredAt: '2026-01-02T03:04:05.000Z',
			registrationAuthority: '139',
		});
	});

	test('a request object is accepted too (the One-Shot webhook page mixes the formats)', () => {
		expect(
			normalizeCallback({
				status: 'ISSUED',
				date: '2026-01-02T03:04:05',
				request: { pk: 9, registration_authority: 5 },
			}),
		).toMatchObject({ requestPk: 9, registrationAuthority: 5, eventType: 'STATUS_CHANGED' });
	});

	test('no registration authority: null', () => {
		expect(
			normalizeCallback({ status: 'ISSUED', date: '2026-01-02T03:04:05', request: 9 })
				.registrationAuthority,
		).toBeNull();
	});
});

describe('format B (event)', () => {
	test('the documented example with a certificate, exactly', () => {
		expect(normalizeCallback(FORMAT_B)).toEqual({
			format: 'event',
			requestPk: 1012632,
			status: 'ISSUED',
			previousStatus: null,
			eventType: 'REQUEST_ENROLLED',
			occurredAt: '2025-07-15T08:36:33.000Z',
			occurredAtSource: 'sent',
			timestampRaw: '20250715083633',
			registrationAuthority: 7,
			certificates: [
				{
					status: 'VALID',
					serialNumber: '5E1B3C',
					validFrom: '2025-07-15T08:36:33.000Z',
					validTo: '2025-07-15T09:36:33.000Z',
				},
			],
		});
	});

	test('REQUEST_CREATED without certificates', () => {
		expect(
			normalizeCallback({
				event_type: 'REQUEST_CREATED',
				sent_at: '20250715083633',
				request: {
					status: 'VIDEOPENDING',
					profile: 'PFnubeNC',
					registration_authority: 7,
					scratchcard: '2678100',
					pk: 1012632,
				},
				certificates: [],
			}),
		).toEqual({
			format: 'event',
			requestPk: 1012632,
			status: 'VIDEOPENDING',
			previousStatus: null,
			eventType: 'REQUEST_CREATED',
			occurredAt: '2025-07-15T08:36:33.000Z',
			occurredAtSource: 'sent',
			timestampRaw: '20250715083633',
			registrationAuthority: 7,
			certificates: [],
		});
	});

	test('a previous_status, when sent, is kept', () => {
		expect(
			normalizeCallback({
				...FORMAT_B,
				request: { ...FORMAT_B.request, previous_status: 'ENROLLREADY' },
			}).previousStatus,
		).toBe('ENROLLREADY');
	});

	test('unreadable certificate dates become null, the callback still passes', () => {
		const body = {
			...FORMAT_B,
			certificates: [{ status: 'REVOKED', serial_number: 12, valid_from: 'soon' }],
		};
		expect(normalizeCallback(body).certificates).toEqual([
			{ status: 'REVOKED', serialNumber: '12', validFrom: null, validTo: null },
		]);
	});

	test('unknown but well-formed status and event names are accepted (the lists may be incomplete)', () => {
		expect(
			normalizeCallback({
				...FORMAT_B,
				event_type: 'CERTIFICATE_REACTIVATED',
				request: { ...FORMAT_B.request, status: 'REACTIVATED' },
			}),
		).toMatchObject({ eventType: 'CERTIFICATE_REACTIVATED', status: 'REACTIVATED' });
	});
});

describe('dates', () => {
	test.each([
		['2021-07-20T08:08:21.132394', '2021-07-20T08:08:21.132Z'],
		['2021-07-20T08:08:21', '2021-07-20T08:08:21.000Z'],
		['2021-07-20 08:08', '2021-07-20T08:08:00.000Z'],
		['2021-07-20T08:08:21Z', '2021-07-20T08:08:21.000Z'],
		['2021-07-20T10:08:21+02:00', '2021-07-20T08:08:21.000Z'],
		['2024-02-29T00:00:00', '2024-02-29T00:00:00.000Z'],
	])('format A date %s (no time zone = UTC) → %s', (input, expected) => {
		expect(parseFlatDate(input)).toBe(expected);
	});

	test.each([
		'2021-02-30T00:00:00',
		'2021-13-01T00:00:00',
		'2021-07-20T25:00:00',
		'20/07/2021',
		'',
		'yesterday',
	])('format A date %p is refused', (input) => {
		expect(parseFlatDate(input)).toBeUndefined();
	});

	test('format B sent_at is YYYYMMDDHHMMSS UTC', () => {
		expect(parseCompactDate('20250715083633')).toBe('2025-07-15T08:36:33.000Z');
		expect(parseCompactDate(20250715083633)).toBe('2025-07-15T08:36:33.000Z');
		expect(parseCompactDate('20251315083633')).toBeUndefined();
		expect(parseCompactDate('2025071508363')).toBeUndefined();
	});

	test('certificate validity', () => {
		expect(parseCertificateDate('20250715 08:36:33')).toBe('2025-07-15T08:36:33.000Z');
		expect(parseCertificateDate(undefined)).toBeNull();
	});
});

describe('body text', () => {
	const json = JSON.stringify(FORMAT_A);

	test('JSON text, with a byte-order mark and blanks', () => {
		expect(parseBodyText(`\uFEFF  ${json}\n`)).toEqual(FORMAT_A);
	});

	test('JSON sent as a JSON string (double-encoded)', () => {
		expect(parseBodyText(JSON.stringify(json))).toEqual(FORMAT_A);
	});

	test('form fields carrying the JSON', () => {
		expect(parseBodyText(`payload=${encodeURIComponent(json)}`)).toEqual(FORMAT_A);
		expect(parseBodyText(`anything=${encodeURIComponent(json)}&x=1`)).toEqual(FORMAT_A);
	});

	test('plain form fields of format A', () => {
		expect(parseBodyText('status=ISSUED&date=2026-01-02T03%3A04%3A05&request=5')).toEqual({
			status: 'ISSUED',
			date: '2026-01-02T03:04:05',
			request: '5',
		});
	});

	test('values n8n already parsed: text/plain string and form fields with JSON', () => {
		expect(parseBodyValue(json)).toEqual(FORMAT_A);
		expect(parseBodyValue({ payload: json })).toEqual(FORMAT_A);
		expect(parseBodyValue(FORMAT_A)).toBe(FORMAT_A);
	});

	test.each(['', '   ', 'hello', '{"a":', '<xml/>', '[1,2'])(
		'%p is not a readable body',
		(text) => {
			expect(() => parseBodyText(text)).toThrow(BadCallback);
		},
	);

	test('a body over 1 MB is refused with 413', () => {
		const big = JSON.stringify({ ...FORMAT_A, padding: 'x'.repeat(1024 * 1024) });
		expect(() => parseBodyText(big)).toThrow(expect.objectContaining({ httpStatus: 413 }));
	});
});
