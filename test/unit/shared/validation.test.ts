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
} from '../../../nodes/shared/validation';

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
