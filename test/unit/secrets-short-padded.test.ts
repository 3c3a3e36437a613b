/**
 * Issue 13, point 8: padded and short secrets. The rule is in nodes/shared/secrets.ts.
 */
import { alwaysHide, collectSecrets, redact, redactDeep } from '../../nodes/shared/secrets';

const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

describe('padded secrets', () => {
	test('a billing password with surrounding spaces is masked in its Base64 form as sent', () => {
		const typed = '  bill-pass ';
		const secrets = collectSecrets([typed]);
		// the node sends Base64 of the password exactly as typed (accountFields.businessFields)
		const echoed = `Billing credentials not valid: billing_password=${b64(typed)}`;
		expect(redact(echoed, secrets)).toBe(
			'Billing credentials not valid: billing_password=[hidden]',
		);
		expect(redact(`trimmed ${b64('bill-pass')} and plain bill-pass`, secrets)).toBe(
			'trimmed [hidden] and plain [hidden]',
		);
	});

	test('a padded short secret does not mask unrelated text through its spaces', () => {
		const secrets = collectSecrets([' 12 ']);
		expect(redact('request 12 failed', secrets)).toBe('request 12 failed');
		expect(redact(`pin=12 and ${b64(' 12 ')}`, secrets)).toBe('pin=[hidden] and [hidden]');
	});
});

describe('short secrets (a 3-digit PIN)', () => {
	const secrets = collectSecrets(['739', 'long-password-1']);

	test('masked as the value of a secret-named field, in every usual notation', () => {
		for (const [input, expected] of [
			['pin=739&user=x', 'pin=[hidden]&user=x'],
			['{"pin":"739","pk":739}', '{"pin":"[hidden]","pk":739}'],
			['{"pin": 739}', '{"pin": [hidden]}'],
			['PIN: 739 is wrong', 'PIN: [hidden] is wrong'],
			['Invalid PIN 739', 'Invalid PIN [hidden]'],
			["{'rao_pin': '739'}", "{'rao_pin': '[hidden]'}"],
		]) {
			expect(redact(input, secrets)).toBe(expected);
		}
	});

	test('masked as a whole value and in Base64', () => {
		expect(redact('739', secrets)).toBe('[hidden]');
		expect(redact(` ${b64('739')} `, secrets)).toBe(' [hidden] ');
		expect(redactDeep({ a: '739', pin: 739, b: ['739'], pk: 739 }, secrets)).toEqual({
			a: '[hidden]',
			pin: '[hidden]',
			b: ['[hidden]'],
			pk: 739,
		});
	});

	test('unrelated text that merely contains the digits stays readable', () => {
		for (const input of [
			'Request 739 not found',
			'pk 7390 was signed',
			'pinned 739 times',
			'phone +34600739123',
		]) {
			expect(redact(input, secrets)).toBe(input);
		}
	});

	test('long secrets are still masked wherever they appear', () => {
		expect(redact('xlong-password-1y', secrets)).toBe('x[hidden]y');
	});
});

describe('secrets made by this process', () => {
	test('a callback key registered with alwaysHide is masked in every later text', () => {
		const made = ['cbk', 'Zx81mQ2rT7vLp0aWq3nE5yHs'].join('-');
		expect(redact(`callback=https://n8n/x?oneshotKey=${made}`, collectSecrets([]))).toContain(made);
		alwaysHide(made);
		expect(redact(`callback=https://n8n/x?oneshotKey=${made}`, collectSecrets([]))).toBe(
			'callback=https://n8n/x?oneshotKey=[hidden]',
		);
		alwaysHide('short');
		expect(redact('a short text', collectSecrets([]))).toBe('a short text');
	});
});
