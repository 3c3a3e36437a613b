import { collectSecrets, redact, redactDeep } from '../../../nodes/shared/secrets';

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
