import {
	apiPage,
	currentSignature,
	legacySignFields,
	normalizeDateFormat,
	parseCoordinates,
	parseTextLines,
	positionFor,
	resolveAppearance,
	signBody,
} from '../../../nodes/UanatacaOneShot/helpers/signatureAppearance';
import type { Appearance } from '../../../nodes/UanatacaOneShot/helpers/signatureAppearance';
import { ValidationError, normalizeTimeZone } from '../../../nodes/shared/validation';

function thrown(fn: () => unknown): ValidationError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(ValidationError);
	return caught as ValidationError;
}

describe('visible signature: positions a non-developer can choose', () => {
	test.each([
		['bottomLeft', '36,36,236,96'],
		['bottomCenter', '197.5,36,397.5,96'],
		['bottomRight', '359,36,559,96'],
		['topLeft', '36,746,236,806'],
		['topCenter', '197.5,746,397.5,806'],
		['topRight', '359,746,559,806'],
	] as const)('%s of an A4 page with the default box → %s', (corner, expected) => {
		expect(positionFor(corner)).toBe(expected);
	});

	test('page size, box size and margin are taken into account', () => {
		expect(
			positionFor('bottomRight', {
				pageSize: 'letterLandscape',
				width: 100,
				height: 40,
				margin: 0,
			}),
		).toBe('692,0,792,40');
		expect(positionFor('topLeft', { pageSize: 'a4Landscape', margin: 20 })).toBe('20,515,220,575');
	});

	test('a box that does not fit is refused with the page size', () => {
		const error = thrown(() => positionFor('topLeft', { width: 600 }));
		expect(error.message).toMatch(/does not fit/);
		expect(error.hint).toMatch(/595 × 842 points/);
		expect(thrown(() => positionFor('topLeft', { width: -5 })).message).toMatch(/above 0/);
	});

	test('coordinates: commas, spaces or semicolons; four numbers, second corner up and right', () => {
		expect(parseCoordinates('300, 100, 500, 150')).toBe('300,100,500,150');
		expect(parseCoordinates('10 20;30.5 40')).toBe('10,20,30.5,40');
		expect(thrown(() => parseCoordinates('1,2,3')).message).toMatch(/not four coordinates/);
		expect(thrown(() => parseCoordinates('a,b,c,d')).hint).toMatch(/bottom-left corner/);
		expect(thrown(() => parseCoordinates('500,100,300,150')).message).toMatch(/second corner/);
		expect(thrown(() => parseCoordinates('')).message).toMatch(/"Coordinates" is empty/);
	});

	test('pages are numbered from 1 in the node and from 0 for the API', () => {
		expect(apiPage(1)).toBe(0);
		expect(apiPage('3')).toBe(2);
		expect(apiPage(undefined)).toBe(0);
		expect(thrown(() => apiPage(0)).hint).toMatch(/numbered from 1/);
		expect(thrown(() => apiPage('2.5')).message).toMatch(/not a page number/);
	});
});

describe('visible signature: text and date', () => {
	test('one line per line; "%(CN)" is completed; "%%" is a percent sign', () => {
		expect(parseTextLines('Signed by %(CN)\n\n  Date: %(DATE)s  \r\n100%% sure')).toEqual([
			'Signed by %(CN)s',
			'Date: %(DATE)s',
			'100%% sure',
		]);
		expect(parseTextLines(['a', ' b '])).toEqual(['a', 'b']);
		expect(parseTextLines('')).toEqual([]);
	});

	test('a lone "%" is refused, naming the variables', () => {
		const error = thrown(() => parseTextLines('Paid 100% by %(CN)s'));
		expect(error.message).toMatch(/"%" that is not a variable/);
		expect(error.hint).toMatch(/%\(CN\)s = the signer's full name/);
	});

	test('date formats need % codes', () => {
		expect(normalizeDateFormat('%d/%m/%Y')).toBe('%d/%m/%Y');
		expect(thrown(() => normalizeDateFormat('dd/mm/yyyy')).hint).toMatch(/%d day, %m month/);
	});

	test('time zones are checked', () => {
		expect(normalizeTimeZone('Europe/Madrid')).toBe('Europe/Madrid');
		expect(thrown(() => normalizeTimeZone('Madrid')).hint).toMatch(/Europe\/Madrid/);
	});
});

describe('visible signature: the body of each generation', () => {
	const appearance: Appearance = resolveAppearance({
		placement: 'bottomLeft',
		page: 2,
		text: 'By %(CN)s',
		dateFormat: '%d/%m/%Y',
		timeZone: 'Europe/Madrid',
		imageUid: ' img-1 ',
	});

	test('the settings in the API units', () => {
		expect(appearance).toEqual({
			position: '36,36,236,96',
			page: 1,
			text: ['By %(CN)s'],
			showText: true,
			dateFormat: '%d/%m/%Y',
			timeZone: 'Europe/Madrid',
			image: 'img-1',
		});
	});

	test('nothing to show is refused', () => {
		expect(
			thrown(() => resolveAppearance({ placement: 'topLeft', page: 1, showText: false })).message,
		).toMatch(/would be empty/);
		expect(
			resolveAppearance({ placement: 'topLeft', page: 1, showText: false, imageUid: 'x' }).text,
		).toEqual([]);
	});

	test('current: one appearance', () => {
		expect(currentSignature(appearance)).toEqual({
			appearance: {
				text: ['By %(CN)s'],
				position: '36,36,236,96',
				page: 1,
				date: '%d/%m/%Y',
				timezone: 'Europe/Madrid',
				image: 'img-1',
			},
		});
	});

	test('legacy: options per document, overrides per document, signature_format', () => {
		expect(
			legacySignFields(
				appearance,
				['d1', 'd2'],
				[
					{
						documentUid: 'd2',
						placement: 'coordinates',
						coordinates: '1,2,3,4',
						page: 5,
						imageUid: 'img-2',
					},
					{ documentUid: 'd3', placement: 'topRight', page: 1 },
				],
			),
		).toEqual({
			options: {
				d1: { position: '36,36,236,96', page: 1, image: 'img-1' },
				d2: { position: '1,2,3,4', page: 4, image: 'img-2' },
				d3: { position: '359,746,559,806', page: 0, image: 'img-1' },
			},
			use_signature_text: true,
			signature_format: {
				text_format: ['By %(CN)s'],
				date_format: '%d/%m/%Y',
				timezone: 'Europe/Madrid',
			},
		});
		expect(thrown(() => legacySignFields(appearance, [])).hint).toMatch(/Document UIDs/);
	});

	test('the whole sign body: secret, external authentication, appearance', () => {
		const auth = { secret: '123456', extUnlockType: 'biometric', extUnlockValue: 'x-1' };
		expect(signBody('current', { secret: '123456' })).toEqual({ secret: '123456' });
		expect(signBody('legacy', auth)).toEqual({
			secret: '123456',
			ext_unlock_type: 'biometric',
			ext_unlock_value: 'x-1',
		});
		expect(signBody('current', { secret: '1' }, appearance, ['d1']).signature).toEqual(
			currentSignature(appearance),
		);
		expect(signBody('legacy', { secret: '1' }, appearance, ['d1']).options).toEqual({
			d1: { position: '36,36,236,96', page: 1, image: 'img-1' },
		});
		const placement = { documentUid: 'd1', placement: 'topLeft' as const, page: 1 };
		expect(
			thrown(() => signBody('current', { secret: '1' }, appearance, [], [placement])).message,
		).toMatch(/works only with a legacy Optimizer/);
		expect(
			thrown(() => signBody('legacy', { secret: '1' }, undefined, [], [placement])).message,
		).toMatch(/needs "Visible Signature"/);
	});
});
