/**
 * Sign's parameters for how the signer proves who they are (OTP, customer code, external
 * authentication) and for the visible signature, and their reading into the inputs of
 * ./appearance. Kept apart from the operation file, which owns the signing and waiting.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type {
	Appearance,
	DocumentPlacement,
	PageSize,
	Placement,
	SignAuthentication,
} from '../helpers/signatureAppearance';
import {
	DEFAULT_DATE_FORMAT,
	TEXT_VARIABLES_HINT,
	resolveAppearance,
} from '../helpers/signatureAppearance';
import { signatureImageField } from './sharedFields';
import { locatorValue } from '../helpers/locators';
import { requireText } from '../../shared/validation';

const POSITIONS = [
	{ name: 'Bottom Center', value: 'bottomCenter' },
	{ name: 'Bottom Left', value: 'bottomLeft' },
	{ name: 'Bottom Right', value: 'bottomRight' },
	{
		name: 'Exact Coordinates',
		value: 'coordinates',
		description: 'Four numbers x1,y1,x2,y2 in points from the bottom-left corner of the page',
	},
	{ name: 'Top Center', value: 'topCenter' },
	{ name: 'Top Left', value: 'topLeft' },
	{ name: 'Top Right', value: 'topRight' },
];

const COORDINATES_DESCRIPTION =
	'Lower-left corner (x1,y1) and upper-right corner (x2,y2) of the signature box, in points from the bottom-left corner of the page (1 cm ≈ 28 points; an A4 page is 595 × 842 points)';

const visible = { visibleSignature: [true] };

export const signerAuthenticationFields: INodeProperties[] = [
	{
		displayName: 'How the Signer Authenticates',
		name: 'signerAuthentication',
		type: 'options',
		options: [
			{
				name: 'External Authentication',
				value: 'external',
				description:
					'Your registration authority identified the signer another way (e.g. biometrics): give its type and ID, and the customer code as the code',
			},
			{
				name: 'OTP or Customer Code',
				value: 'code',
				description:
					'The one-time code sent by SMS or WhatsApp (Generate OTP), or the customer code your registration authority gave the signer',
			},
		],
		default: 'code',
	},
	{
		displayName: 'External Authentication Type',
		name: 'extUnlockType',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'biometric',
		description:
			'Kind of external authentication, as agreed with Uanataca (sent as "ext_unlock_type")',
		displayOptions: { show: { signerAuthentication: ['external'] } },
	},
	{
		displayName: 'External Authentication ID',
		name: 'extUnlockValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: '12345678-12345678',
		description: 'ID of the external authentication of this signer (sent as "ext_unlock_value")',
		displayOptions: { show: { signerAuthentication: ['external'] } },
	},
];

export const appearanceFields: INodeProperties[] = [
	{
		displayName: 'Visible Signature',
		name: 'visibleSignature',
		type: 'boolean',
		default: false,
		description:
			"Whether to place a visible signature box (text and/or image) on the documents. Off: the Optimizer's default.",
	},
	{
		displayName: 'Signature Position',
		name: 'signaturePosition',
		type: 'options',
		options: POSITIONS,
		default: 'bottomRight',
		description: 'Where on the page the signature box goes',
		displayOptions: { show: visible },
	},
	{
		displayName: 'Coordinates (X1,Y1,X2,Y2)',
		name: 'signatureCoordinates',
		type: 'string',
		required: true,
		default: '',
		placeholder: '350,50,550,110',
		description: COORDINATES_DESCRIPTION,
		displayOptions: { show: { ...visible, signaturePosition: ['coordinates'] } },
	},
	{
		displayName: 'Page',
		name: 'signaturePage',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'Page the signature goes on: 1 is the first page',
		displayOptions: { show: visible },
	},
	{
		displayName: 'Signature Text',
		name: 'signatureText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: 'Digitally signed by %(CN)s\nDate: %(DATE)s',
		description: `One line per line of text. Variables filled in from the certificate: ${TEXT_VARIABLES_HINT}. Leave empty for the Optimizer's default text.`,
		displayOptions: { show: visible },
	},
	{
		...signatureImageField,
		displayOptions: { show: visible },
	},
	{
		displayName: 'Appearance Options',
		name: 'appearanceOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: visible },
		options: [
			{
				displayName: 'Date Format',
				name: 'dateFormat',
				type: 'options',
				options: [
					{ name: '12/31/2025 11:59:59 PM', value: '%m/%d/%Y %I:%M:%S %p' },
					{ name: '2025-12-31', value: '%Y-%m-%d' },
					{ name: '2025-12-31 23:59:59', value: '%Y-%m-%d %H:%M:%S' },
					{ name: '31/12/2025', value: '%d/%m/%Y' },
					{ name: '31/12/2025 23:59:59', value: DEFAULT_DATE_FORMAT },
				],
				default: DEFAULT_DATE_FORMAT,
				description:
					'How %(DATE)s is written. For your own format switch to Expression and use % codes: %d day, %m month, %Y year, %H:%M:%S time.',
			},
			{
				displayName: 'Margin (Points)',
				name: 'margin',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 36,
				description:
					'Distance from the edges of the page for the corner positions (36 points = 1.27 cm)',
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'options',
				options: [
					{ name: 'A4 Landscape', value: 'a4Landscape' },
					{ name: 'A4 Portrait', value: 'a4Portrait' },
					{ name: 'Letter Landscape', value: 'letterLandscape' },
					{ name: 'Letter Portrait', value: 'letterPortrait' },
				],
				default: 'a4Portrait',
				description: 'Size of the pages, to place the box in the chosen corner',
			},
			{
				displayName: 'Show Signature Text',
				name: 'showText',
				type: 'boolean',
				default: true,
				description: 'Whether to write the text lines in the box; turn off to show only the image',
			},
			{
				displayName: 'Signature Height (Points)',
				name: 'height',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'Height of the box for the corner positions',
			},
			{
				displayName: 'Signature Width (Points)',
				name: 'width',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 200,
				description: 'Width of the box for the corner positions',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: 'Europe/Madrid',
				placeholder: 'Europe/Madrid',
				description: 'Time zone of the date shown in the signature',
			},
		],
	},
	{
		displayName: 'Placement per Document (Legacy Optimizer)',
		name: 'documentPlacements',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Placement',
		default: {},
		description:
			'A legacy Optimizer can place the signature differently on each document; documents not listed here use the position above. The current Optimizer places it the same way on every document.',
		displayOptions: { show: visible },
		options: [
			{
				displayName: 'Placement',
				name: 'placement',
				values: [
					{
						displayName: 'Coordinates (X1,Y1,X2,Y2)',
						name: 'coordinates',
						type: 'string',
						default: '',
						placeholder: '350,50,550,110',
						description: `Used when Position is Exact Coordinates. ${COORDINATES_DESCRIPTION}.`,
					},
					{
						displayName: 'Document UID',
						name: 'documentUid',
						type: 'string',
						default: '',
						description: 'UID of the document, as returned by Upload',
					},
					{
						displayName: 'Image UID',
						name: 'imageUid',
						type: 'string',
						default: '',
						description: 'Signature image for this document; empty = the Signature Image above',
					},
					{
						displayName: 'Page',
						name: 'page',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 1,
						description: 'Page the signature goes on: 1 is the first page',
					},
					{
						displayName: 'Position',
						name: 'position',
						type: 'options',
						options: POSITIONS,
						default: 'bottomRight',
					},
				],
			},
		],
	},
];

export interface SignSettings {
	auth: SignAuthentication;
	appearance?: Appearance;
	placements: DocumentPlacement[];
}

/** Reads and checks Sign's authentication and visible-signature parameters of item i. */
export function readSignSettings(this: IExecuteFunctions, i: number, secret: string): SignSettings {
	const auth: SignAuthentication = { secret };
	if (this.getNodeParameter('signerAuthentication', i, 'code') === 'external') {
		auth.extUnlockType = requireText(
			this.getNodeParameter('extUnlockType', i, ''),
			'External Authentication Type',
		);
		auth.extUnlockValue = requireText(
			this.getNodeParameter('extUnlockValue', i, ''),
			'External Authentication ID',
		);
	}
	if (this.getNodeParameter('visibleSignature', i, false) !== true) {
		return { auth, placements: [] };
	}
	const options = this.getNodeParameter('appearanceOptions', i, {}) as IDataObject;
	const box = {
		pageSize: (options.pageSize as PageSize | undefined) ?? 'a4Portrait',
		width: options.width as number | undefined,
		height: options.height as number | undefined,
		margin: options.margin as number | undefined,
	};
	const appearance = resolveAppearance({
		...box,
		placement: this.getNodeParameter('signaturePosition', i, 'bottomRight') as Placement,
		coordinates: this.getNodeParameter('signatureCoordinates', i, '') as string,
		page: this.getNodeParameter('signaturePage', i, 1),
		text: this.getNodeParameter('signatureText', i, '') as string,
		showText: options.showText !== false,
		dateFormat: (options.dateFormat as string | undefined) ?? DEFAULT_DATE_FORMAT,
		timeZone: (options.timeZone as string | undefined) ?? 'Europe/Madrid',
		imageUid: locatorValue(this.getNodeParameter('signatureImage', i, '', { extractValue: true })),
	});
	const raw = this.getNodeParameter('documentPlacements', i, {}) as {
		placement?: IDataObject[];
	};
	const placements: DocumentPlacement[] = (raw.placement ?? []).map((entry) => ({
		...box,
		documentUid: String(entry.documentUid ?? ''),
		placement: (entry.position as Placement | undefined) ?? 'bottomRight',
		coordinates: entry.coordinates as string | undefined,
		page: entry.page,
		imageUid: entry.imageUid as string | undefined,
	}));
	return { auth, appearance, placements };
}
