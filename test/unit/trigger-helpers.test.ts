/** The trigger's pure helpers: constant-time checks, de-duplication memory, settings, parsing. */
import type { IDataObject } from 'n8n-workflow';

import { isAuthorized, parseBasicAuth, safeEqual } from '../../nodes/UanatacaOneShotTrigger/auth';
import {
	MAX_AGE_MS,
	MAX_KEYS,
	clearMemory,
	dedupeKey,
	hasSeen,
	remember,
	rememberedCount,
} from '../../nodes/UanatacaOneShotTrigger/dedupe';
import type { TriggerConfig } from '../../nodes/UanatacaOneShotTrigger/filters';
import {
	ConfigError,
	parseRequestPks,
	readConfig,
} from '../../nodes/UanatacaOneShotTrigger/filters';
import { reportsIssued } from '../../nodes/shared/signing/status';
import {
	correlationOf,
	documentUidsOf,
	queryFromObject,
	queryFromUrl,
} from '../../nodes/shared/callbacks/incoming';
import { normalizeCallback } from '../../nodes/shared/callbacks/normalize';
import { isConsistent, statusFromAnswer } from '../../nodes/shared/signing/confirm';

function config(patch: Partial<TriggerConfig> = {}): TriggerConfig {
	return readConfig(
		(name, fallback) => (({ ...patch }) as Record<string, unknown>)[name] ?? fallback,
		true,
	);
}

describe('constant-time comparisons', () => {
	test.each<[string, string, boolean]>([
		['secret-value', 'secret-value', true],
		['secret-value', 'secret-valuE', false],
		['secret', 'secret-value', false],
		['', 'secret-value', false],
		['', '', true],
		['ünïcødé', 'ünïcødé', true],
	])('%p vs %p → %p', (a, b, expected) => {
		expect(safeEqual(a, b)).toBe(expected);
	});

	test('basic authorisation header parsing', () => {
		const header = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
		expect(parseBasicAuth(header('u:p:q'))).toEqual({ user: 'u', password: 'p:q' });
		expect(parseBasicAuth(header(':'))).toEqual({ user: '', password: '' });
		expect(parseBasicAuth(header('nocolon'))).toBeUndefined();
		expect(parseBasicAuth('Bearer x')).toBeUndefined();
		expect(parseBasicAuth(undefined)).toBeUndefined();
	});

	test('every configured check must pass', () => {
		const c = config({
			secretToken: 'token-123456',
			authentication: 'header',
			headerName: 'X-Key',
			headerValue: 'v',
		} as never);
		expect(isAuthorized(c, { tokens: ['token-123456'], headers: { 'x-key': 'v' } })).toBe(true);
		expect(isAuthorized(c, { tokens: ['token-123456'], headers: { 'x-key': ['v', 'v'] } })).toBe(
			false,
		);
		expect(isAuthorized(c, { tokens: ['token-123456'], headers: {} })).toBe(false);
		expect(isAuthorized(c, { tokens: [], headers: { 'x-key': 'v' } })).toBe(false);
		expect(isAuthorized(config(), { tokens: [], headers: {} })).toBe(true);
	});
});

describe('de-duplication memory', () => {
	const event = normalizeCallback({
		status: 'ISSUED',
		date: '2026-11-25T08:08:21.132394',
		request: 7,
	});

	test('key: pk | status | event type | timestamp as sent', () => {
		expect(dedupeKey(event)).toBe('7|ISSUED|STATUS_CHANGED|2026-11-25T08:08:21.132394');
	});

	test('remember, recognise, clear', () => {
		const store: IDataObject = {};
		expect(hasSeen(store, 'a', 1_000)).toBe(false);
		remember(store, 'a', 1_000);
		remember(store, 'a', 2_000);
		expect(rememberedCount(store, 2_000)).toBe(1);
		expect(hasSeen(store, 'a', 2_000)).toBe(true);
		expect(hasSeen(store, 'b', 2_000)).toBe(false);
		remember(store, 'b', 2_000);
		clearMemory(store);
		expect(store).toEqual({});
	});

	test(`bounded to the newest ${MAX_KEYS} keys`, () => {
		const store: IDataObject = {};
		const now = 10 * MAX_AGE_MS;
		for (let i = 0; i < MAX_KEYS + 20; i++) remember(store, `k${i}`, now + i);
		expect(rememberedCount(store, now + MAX_KEYS + 20)).toBe(MAX_KEYS);
		expect(hasSeen(store, 'k19', now + 600)).toBe(false);
		expect(hasSeen(store, 'k20', now + 600)).toBe(true);
	});

	test('bounded to 7 days', () => {
		const store: IDataObject = {};
		const start = 100 * MAX_AGE_MS;
		remember(store, 'old', start);
		remember(store, 'new', start + MAX_AGE_MS - 10);
		expect(hasSeen(store, 'old', start + MAX_AGE_MS - 1)).toBe(true);
		expect(hasSeen(store, 'old', start + MAX_AGE_MS)).toBe(false);
		expect(hasSeen(store, 'new', start + MAX_AGE_MS)).toBe(true);
		remember(store, 'newest', start + MAX_AGE_MS);
		expect(rememberedCount(store, start + MAX_AGE_MS)).toBe(2);
	});

	test('garbage in static data is ignored, not fatal', () => {
		const store: IDataObject = {
			seenCallbacks: [1, ['x'], ['y', 'z'], null, ['ok', 5_000]] as never,
		};
		expect(hasSeen(store, 'ok', 6_000)).toBe(true);
		expect(rememberedCount(store, 6_000)).toBe(1);
		store.seenCallbacks = 'nonsense';
		expect(hasSeen(store, 'ok', 6_000)).toBe(false);
	});
});

describe('settings', () => {
	test('defaults: everything accepted, de-duplication on', () => {
		expect(config()).toMatchObject({
			statuses: new Set(),
			requestPks: new Set(),
			authorities: new Set(),
			secretToken: '',
			authentication: 'none',
			includeRawBody: false,
			deduplicate: true,
			confirmWithOptimizer: false,
			unconfirmedEvents: 'emit',
			downloadSignedDocuments: false,
		});
	});

	test('request numbers: commas, blanks, semicolons', () => {
		expect([...parseRequestPks(' 1,2 ;3\n4 ')]).toEqual([1, 2, 3, 4]);
		expect(() => parseRequestPks('1,-2')).toThrow(ConfigError);
		expect(() => parseRequestPks('0')).toThrow(ConfigError);
		expect(() => parseRequestPks('99999999999999999')).toThrow(ConfigError);
	});

	test('which callbacks report a finished signature', () => {
		const base = { status: 'ISSUED', date: '2026-11-25T08:08:21', request: 1 };
		expect(reportsIssued(normalizeCallback(base))).toBe(true);
		expect(reportsIssued(normalizeCallback({ ...base, status: 'ENROLLREADY' }))).toBe(false);
		const event = {
			event_type: 'REQUEST_ENROLLED',
			sent_at: '20261125083633',
			request: { pk: 1, status: 'ISSUED' },
		};
		expect(reportsIssued(normalizeCallback(event))).toBe(true);
		expect(reportsIssued(normalizeCallback({ ...event, event_type: 'CERTIFICATE_REVOKED' }))).toBe(
			false,
		);
	});
});

describe('query string', () => {
	test('from the URL: repeated values, decoding, no token in correlation', () => {
		const query = queryFromUrl('/webhook/x/oneshot?token=t&crm=a%20b&crm=c&x=1+2#frag');
		expect(query.get('token')).toEqual(['t']);
		expect(correlationOf(query, (v) => v)).toEqual({ crm: ['a b', 'c'], x: '1 2' });
	});

	test('from a parsed query object (fallback)', () => {
		expect([...queryFromObject({ a: '1', b: ['2', '3'], c: { d: 1 }, e: undefined })]).toEqual([
			['a', ['1']],
			['b', ['2', '3']],
			['c', ['{"d":1}']],
		]);
	});

	test('document UIDs: comma-separated, repeated, deduplicated, safe characters only, at most 20', () => {
		const query = queryFromUrl(
			`/?documentUids=a1,b-2;c_3&documentUids=a1&documentUids=../etc,${Array.from({ length: 30 }, (_, i) => `u${i}`).join(',')}`,
		);
		const uids = documentUidsOf(query);
		expect(uids.slice(0, 3)).toEqual(['a1', 'b-2', 'c_3']);
		expect(uids).not.toContain('../etc');
		expect(uids).toHaveLength(20);
	});
});

describe('confirmation logic', () => {
	test.each<[string, string, boolean]>([
		['ISSUED', 'ISSUED', true],
		['ENROLLREADY', 'ISSUED', true],
		['CREATED', 'ENROLLREADY', true],
		['VIDEOPENDING', 'VIDEOREVIEW', true],
		['ENROLLREADY', 'CANCELLED', true],
		['ISSUED', 'ENROLLREADY', false],
		['ISSUED', 'CANCELLED', false],
		['CANCELLED', 'ISSUED', false],
		['ISSUED', 'SOMETHING_NEW', false],
	])('claimed %s, Optimizer reports %s → %p', (claimed, current, expected) => {
		expect(isConsistent(claimed, current)).toBe(expected);
	});

	test('status in Get Request answers of both generations', () => {
		expect(
			statusFromAnswer({ status: '200 OK', details: { pk: 5, status: 'ENROLLREADY' } }),
		).toEqual({ status: 'ENROLLREADY', pk: 5 });
		expect(
			statusFromAnswer({ status: 'success', detail: { request_pk: '5', status: 'ISSUED' } }),
		).toEqual({ status: 'ISSUED', pk: 5 });
		expect(statusFromAnswer({ status: 'success', message: 'x' })).toEqual({});
		expect(statusFromAnswer({ pk: 5, status: 'ISSUED' })).toEqual({ status: 'ISSUED', pk: 5 });
		expect(statusFromAnswer('ISSUED')).toEqual({});
	});
});
