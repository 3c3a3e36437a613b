/**
 * What Create sends about the signer (docs/optimizer-api.md#create-a-request): the identity
 * fields, the asynchronous-mode fields and the photos of the ID document, and the summary of the
 * signer that Create outputs.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isResumeUrlOf } from '../../helpers/previousSteps';
import { optionalCallbackKey, withCallbackKey } from '../../../shared/callbacks/callbackKey';
import { trimmedText } from '../../../shared/text';
import type { MultipartFile } from '../../../shared/transport/multipart';
import {
	ValidationError,
	isJpeg,
	isPng,
	normalizeCountry,
	normalizeEmail,
	normalizeIdDocumentType,
	normalizePhone,
	normalizeUrl,
	requireText,
} from '../../../shared/validation';

/** "Additional Fields" sent as files: parameter, API field, label. */
const IMAGE_FIELDS: Array<[key: string, field: string, label: string]> = [
	['documentFront', 'document_front', 'ID Document Front Image'],
	['documentRear', 'document_rear', 'ID Document Back Image'],
	['documentOwner', 'document_owner', 'Selfie With ID Document'],
	['extraDocument', 'extra_document', 'Extra Document'],
];

/** "Additional Fields" sent as text: parameter, API field. */
const TEXT_FIELDS: Array<[key: string, field: string]> = [
	['surname2', 'surname_2'],
	['communicationLanguage', 'communication_language'],
	['residence', 'residence'],
	['residenceCity', 'residence_city'],
	['residencePostalCode', 'residence_postal_code'],
	['residenceAddress', 'residence_address'],
	['specialConditions', 'special_conditions'],
];

/** The signer's identity, checked, in the API's field names and order. */
export function signerFields(
	this: IExecuteFunctions,
	i: number,
	additional: IDataObject,
): Array<[string, string]> {
	const param = (name: string) => this.getNodeParameter(name, i, '');
	const fields: Array<[string, string]> = [
		['given_name', requireText(param('givenName'), 'Given Name')],
		['surname_1', requireText(param('surname1'), 'First Surname')],
		['id_document_type', normalizeIdDocumentType(param('idDocumentType'))],
		['id_document_country', normalizeCountry(param('idDocumentCountry'))],
		['serial_number', requireText(param('serialNumber'), 'ID Document Number')],
		['email', normalizeEmail(param('email'))],
		['mobile_phone_number', normalizePhone(param('mobilePhoneNumber'))],
	];
	for (const [key, field] of TEXT_FIELDS) {
		const value = trimmedText(additional[key]);
		if (value) fields.push([field, value]);
	}
	return fields;
}

/**
 * Asynchronous mode: `useasync` and the callback, when given. Returns whether the callback is this
 * execution's resume URL (Sign then waits for it).
 */
export function asyncFields(
	this: IExecuteFunctions,
	i: number,
	fields: Array<[string, string]>,
): boolean {
	fields.push(['useasync', 'true']);
	const callback = trimmedText(this.getNodeParameter('callbackUrl', i, ''));
	if (!callback) return false;
	const url = normalizeUrl(callback, 'Callback URL');
	const resumeUrl = String(this.evaluateExpression('{{ $execution.resumeUrl }}', i) ?? '');
	const toThisExecution = isResumeUrlOf(callback, resumeUrl);
	// only the Optimizer gets the callback key: a cancellation must carry it (or be confirmed)
	const key = toThisExecution ? optionalCallbackKey.call(this) : undefined;
	fields.push(['callback', key ? withCallbackKey(url, key) : url]);
	return toThisExecution;
}

/** The photos of the ID document (JPEG or PNG) and the extra document, from binary fields. */
export async function identityImages(
	this: IExecuteFunctions,
	i: number,
	additional: IDataObject,
): Promise<MultipartFile[]> {
	const files: MultipartFile[] = [];
	for (const [key, field, label] of IMAGE_FIELDS) {
		const property = trimmedText(additional[key]);
		if (!property) continue;
		const meta = this.helpers.assertBinaryData(i, property);
		const data = await this.helpers.getBinaryDataBuffer(i, property);
		if (field !== 'extra_document' && !isJpeg(data) && !isPng(data)) {
			throw new ValidationError(
				`"${label}" (binary field "${property}") is not a JPEG or PNG image`,
				'ID document photos must be JPEG or PNG files.',
			);
		}
		files.push({
			name: field,
			fileName: meta.fileName ?? `${field}.${meta.fileExtension ?? 'jpg'}`,
			contentType: meta.mimeType || 'application/octet-stream',
			data,
		});
	}
	return files;
}

/**
 * Who signs, as sent to the Optimizer: for the nodes after Create (the link to the signing page
 * goes to this e-mail or phone; Sign via Signing Page greets the signer by name, in this language).
 */
export function signerSummary(fields: Array<[string, string]>): IDataObject {
	const value = (key: string) => fields.find(([k]) => k === key)?.[1];
	return {
		name: [value('given_name'), value('surname_1'), value('surname_2')].filter(Boolean).join(' '),
		email: value('email') ?? null,
		mobilePhoneNumber: value('mobile_phone_number') ?? null,
		communicationLanguage: value('communication_language') ?? null,
	};
}
