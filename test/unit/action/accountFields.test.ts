import { businessFields, raoFields } from '../../../nodes/UanatacaOneShot/helpers/accountFields';
import type { OneShotCredentials } from '../../../nodes/shared/transport';

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

describe('RAO credentials of approve and refuse', () => {
	const credentials = {
		token: '',
		username: '9001800',
		password: 'pw',
		pin: '1234',
	} as OneShotCredentials;

	test('username, password and PIN without a token, the username as rao; a token with password and PIN', () => {
		expect(raoFields(credentials)).toEqual({
			body: { username: '9001800', password: 'pw', pin: '1234', rao: '9001800' },
			secrets: ['pw', '1234'],
		});
		// A token may store neither password nor PIN: they go with it (docs/optimizer-api.md).
		expect(raoFields({ ...credentials, token: 'tok-123' }, { raoId: '1400' })).toEqual({
			body: { token: 'tok-123', password: 'pw', pin: '1234', rao: '1400' },
			secrets: ['tok-123', 'pw', '1234'],
		});
		expect(
			raoFields({ ...credentials, password: '', pin: '' }, { token: 'override' }).body,
		).toEqual({ token: 'override', rao: '9001800' });
	});
});
