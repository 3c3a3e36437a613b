import {
	describeNetworkError,
	extractErrorMessage,
	hintFor,
} from '../../../../nodes/shared/transport/errors';

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

describe('hints for the new messages of the spec', () => {
	test.each<[string, number, RegExp]>([
		['Videoid not enabled for Registration Authority 1234', 400, /Video ID is not enabled/],
		['Registration Authority not found', 404, /"Registration Authority"/],
		['No reason specified', 400, /Fill in "Reason"/],
		["Missing required parameters: incomplete RAO's credentials", 400, /RAO token/],
		['Invalid RAO credentials', 403, /RAO token/],
		['Image file type not supported: a.gif', 415, /signature images must be PNG/],
		['Image with uid 13705f52 not found', 404, /Image → Upload/],
		['d1: The image 13705f52 cannot be found on disk', 404, /Image → Upload/],
		["d1: Missing required parameter 'position' for file d1", 400, /position and a page/],
		['No documents found for specified Request', 404, /no documents on the Optimizer/],
		['Request 5 is not ready for approval: status VIDEOPENDING', 412, /not complete yet/],
		["Missing required parameter: 'ext_unlock_value'", 400, /External Authentication/],
		['Unsupported file type: x.mov', 415, /MP4/],
	])('%s (%i)', (message, status, hint) => {
		expect(hintFor(message, status)).toMatch(hint);
	});
});
