/**
 * What a parked execution registers for the trigger's relay (docs/relay.md), as n8n's public API
 * returns it in `customData`: the request numbers split over several custom data entries, the
 * park's waitTill and the resume URL; anything else is not a registration.
 */
import {
	MAX_PK_KEYS,
	RELAY_PKS_KEY,
	RELAY_URL_KEY,
	encodePks,
	readRegistration,
} from '../../../nodes/shared/relay/registration';

const URL_VALUE =
	'1796400000000 https://n8n.example.com/webhook-waiting/812?signature=abc123&oneshotKey=k';

test('request numbers are split into entries n8n keeps whole (≤ 250 characters, no number cut)', () => {
	const pks = Array.from({ length: 100 }, (_, i) => 1_000_000 + i);
	const chunks = encodePks([...pks, pks[0]]);
	expect(chunks.length).toBeGreaterThan(1);
	expect(chunks.length).toBeLessThanOrEqual(MAX_PK_KEYS);
	for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(250);
	expect(chunks.join(',').split(',').map(Number)).toEqual(pks);
});

test('a registration is read back from custom data, over every entry', () => {
	const [first, second] = encodePks(Array.from({ length: 40 }, (_, i) => 500_000 + i));
	const found = readRegistration({
		[RELAY_URL_KEY]: URL_VALUE,
		[RELAY_PKS_KEY]: first,
		[`${RELAY_PKS_KEY}2`]: second,
		other: 'x',
	});
	expect(found).toEqual({
		until: 1796400000000,
		resumeUrl: 'https://n8n.example.com/webhook-waiting/812?signature=abc123&oneshotKey=k',
		requestPks: Array.from({ length: 40 }, (_, i) => 500_000 + i),
	});
});

test.each([
	['no custom data', undefined],
	['no request numbers', { [RELAY_URL_KEY]: URL_VALUE }],
	['cleared request numbers', { [RELAY_URL_KEY]: URL_VALUE, [RELAY_PKS_KEY]: '' }],
	['no wait time', { [RELAY_URL_KEY]: 'https://n8n/webhook-waiting/1', [RELAY_PKS_KEY]: '7' }],
	['not a web address', { [RELAY_URL_KEY]: '17 javascript:alert(1)', [RELAY_PKS_KEY]: '7' }],
	[
		'numbers that are not request numbers',
		{ [RELAY_URL_KEY]: URL_VALUE, [RELAY_PKS_KEY]: 'a,-3,1.5' },
	],
])('%s: no registration', (_name, customData) => {
	expect(readRegistration(customData)).toBeUndefined();
});
