/**
 * Issue 12: the Optimizer's answers about the credential's fields, in every error shape, name the
 * field to fill (rule 2, 4); path values outside the documented alphabet are refused (rule 9).
 */
import { NodeHelpers } from 'n8n-workflow';

import { UanatacaOneShotApi } from '../../credentials/UanatacaOneShotApi.credentials';
import { credentialFieldProblem } from '../../nodes/shared/transport/fields';
import { extractErrorMessage } from '../../nodes/shared/transport/errors';
import { InvalidPathParameter, resolveRoute } from '../../nodes/shared/transport/endpoints';

const named = (body: unknown) => credentialFieldProblem(extractErrorMessage(body) ?? '');

describe('an answer about a credential field names it', () => {
	test.each<[string, unknown, RegExp]>([
		[
			'FastAPI 422, missing',
			{
				detail: [
					{
						loc: ['body', 'registration_authority'],
						msg: 'field required',
						type: 'value_error.missing',
					},
				],
			},
			/^The Optimizer needs "Registration Authority", and none was sent/,
		],
		[
			'FastAPI 422, two fields',
			{
				detail: [
					{ loc: ['body', 'registration_authority'], msg: 'field required' },
					{ loc: ['body', 'profile'], msg: 'field required' },
				],
			},
			/needs "Registration Authority" and "Profile"/,
		],
		[
			'envelope',
			{ status: 'error', message: 'Missing parameter: profile required' },
			/needs "Profile"/,
		],
		[
			'legacy invalid field',
			{
				status: '412 Precondition Failed',
				details:
					'Error occured during request approval: Invalid request fields: registration_authority',
			},
			/did not accept "Registration Authority"/,
		],
		[
			'legacy RA not found',
			{ status: '404 Not Found', details: 'Registration Authority not found' },
			/did not accept "Registration Authority"/,
		],
		['environment', { detail: 'Environment test does not exist' }, /did not accept "Environment"/],
		[
			'missing env',
			{ detail: 'Missing env parameter. Please set it in settings or specify it as parameter' },
			/needs "Environment"/,
		],
		['rao', { detail: [{ loc: ['body', 'rao'], msg: 'field required' }] }, /needs "RAO ID"/],
	])('%s', (_name, body, message) => {
		expect(named(body)?.message).toMatch(message);
	});

	test.each([
		'Invalid RAO Credentials',
		"Missing required parameters: incomplete RAO's credentials",
		"Error getting RAO's id. Make sure the credentials are correct",
		'You do not have permission to perform this action',
		'Videoid not enabled for Registration Authority 1234',
		'Confirmation Code invalid',
	])('not about a credential field: %s', (message) => {
		expect(credentialFieldProblem(message)).toBeUndefined();
	});
});

describe('path values', () => {
	test.each(['.', '..', 'a/b', 'a b', 'a?b', '%2e%2e', 'ü'])('"%s" is refused', (value) => {
		expect(() => resolveRoute('legacy', 'token.get', { tokenUid: value })).toThrow(
			InvalidPathParameter,
		);
	});

	test('documented values pass', () => {
		// the legacy spec's sample token UID (32 hex digits)
		const sampleUid = 'a44765ab' + '8ca04e42' + '9a565f02' + 'd22179a0';
		expect(resolveRoute('legacy', 'token.get', { tokenUid: sampleUid })?.path).toBe(
			`/token/${sampleUid}`,
		);
		expect(
			resolveRoute('current', 'document.download', {
				requestPk: 388141,
				documentUid: '604b889f-6b4c-4bb2-9f5b-2d8a6e3f1c11',
				documentType: 'signed',
			})?.path,
		).toBe('/document/388141/604b889f-6b4c-4bb2-9f5b-2d8a6e3f1c11');
	});
});

describe('the credential warns about production over http://', () => {
	const notice = new UanatacaOneShotApi().properties.find((p) => p.name === 'plainHttpNotice')!;
	const shown = (environment: string, baseUrl: string) =>
		NodeHelpers.displayParameter({ environment, baseUrl }, notice, null, null);

	test.each<[string, string, boolean]>([
		['prod', 'http://optimizer.example.com/oneshot/api/v1', true],
		['prod', 'http://127.0.0.1.example.com/api/v1', true],
		['prod', 'https://optimizer.example.com/oneshot/api/v1', false],
		['prod', 'http://127.0.0.1:8089/oneshot/api/v1', false],
		['prod', 'http://localhost/api/v1', false],
		['prod', 'http://[::1]:8089/api/v1', false],
		['sandbox', 'http://optimizer.example.com/oneshot/api/v1', false],
	])('%s %s → %s', (environment, baseUrl, expected) => {
		expect(shown(environment, baseUrl)).toBe(expected);
	});
});
