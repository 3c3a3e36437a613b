/**
 * The evidence of an external Video ID as the Optimizer takes it (docs/optimizer-api.md#video-id):
 * OCR data, images, security checks, the terms acceptance, and the user's extra JSON merged in.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

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
import { trimmedText } from '../../../shared/text';

/** security_checks of the evidence (docs/optimizer-api.md#video-id). */
export const SECURITY_CHECKS = [
	{
		name: 'Data Integrity',
		value: 'data_integrity',
		description: 'Document data is not corrupted',
	},
	{ name: 'Document Is Not a Copy', value: 'document_notcopy' },
	{ name: 'Document Is Not Expired', value: 'document_notexpired' },
	{ name: 'Documents Match Official Registers', value: 'documents_match' },
	{ name: 'Liveness', value: 'liveliness', description: 'The person on the video is real' },
	{ name: 'OTP Validated', value: 'otp_validation' },
	{ name: 'Signer Is Not Underage', value: 'document_notunderage' },
];

/** images of the evidence: parameter, API field, label. */
const IMAGES: Array<[string, string, string]> = [
	['documentFront', 'document_front', 'ID Document Front Image'],
	['documentRear', 'document_rear', 'ID Document Back Image'],
	['documentPhoto', 'document_photo', 'Photo From the ID Document'],
	['documentOwner', 'document_owner', 'Selfie of the Signer'],
];

/** acceptance links: parameter, API field, label. */
const ACCEPTANCE_URLS: Array<[string, string, string]> = [
	['privacyPolicyUrl', 'url-doc-privacypolicy', 'Privacy Policy URL'],
	['termsUrl', 'url-doc-termsconditions', 'Terms and Conditions URL'],
	['videoIdUrl', 'url-web-videoid', 'Video ID Page URL'],
];

const isObject = (value: unknown): value is IDataObject =>
	!!value && typeof value === 'object' && !Array.isArray(value);

/** Deep merge of the user's extra JSON into the evidence (the extra wins). */
function merge(target: IDataObject, extra: IDataObject): IDataObject {
	for (const [key, value] of Object.entries(extra)) {
		target[key] =
			isObject(value) && isObject(target[key])
				? merge({ ...(target[key] as IDataObject) }, value)
				: value;
	}
	return target;
}

/** What was read from the ID document: the names and number always, the rest when given. */
function ocrData(this: IExecuteFunctions, i: number, identity: IDataObject): IDataObject {
	const ocr: IDataObject = {
		given_name: requireText(this.getNodeParameter('givenName', i, ''), 'Given Name'),
		surname_1: requireText(this.getNodeParameter('surname1', i, ''), 'First Surname'),
		serial_number: requireText(this.getNodeParameter('serialNumber', i, ''), 'ID Document Number'),
	};
	if (trimmedText(identity.surname2)) ocr.surname_2 = trimmedText(identity.surname2);
	if (trimmedText(identity.mobilePhoneNumber))
		ocr.mobile_phone_number = normalizePhone(identity.mobilePhoneNumber);
	if (trimmedText(identity.email)) ocr.email = normalizeEmail(identity.email);
	if (trimmedText(identity.idDocumentType))
		ocr.id_document_type = normalizeIdDocumentType(identity.idDocumentType);
	if (trimmedText(identity.idDocumentCountry))
		ocr.id_document_country = normalizeCountry(identity.idDocumentCountry);
	return ocr;
}

/** The images named in "Images", in Base64, each checked to be a JPEG or PNG. */
async function evidenceImages(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const imageFields = this.getNodeParameter('images', i, {}) as IDataObject;
	const images: IDataObject = {};
	for (const [key, field, label] of IMAGES) {
		const property = trimmedText(imageFields[key]);
		if (!property) continue;
		const meta = this.helpers.assertBinaryData(i, property);
		const data = await this.helpers.getBinaryDataBuffer(i, property);
		if (!isJpeg(data) && !isPng(data)) {
			throw new ValidationError(
				`"${label}" (binary field "${property}", ${meta.fileName ?? 'no file name'}) is not a JPEG or PNG image`,
				'Video ID images must be JPEG or PNG files.',
			);
		}
		images[field] = data.toString('base64');
	}
	return images;
}

/** The checks passed (each check named, true or false) and the similarity level, when given. */
function checks(this: IExecuteFunctions, i: number, identity: IDataObject): IDataObject {
	const out: IDataObject = {};
	const passed = this.getNodeParameter('securityChecks', i, []) as string[];
	if (passed.length) {
		out.security_checks = Object.fromEntries(
			SECURITY_CHECKS.map((check) => [check.value, passed.includes(check.value)]),
		);
	}
	const similarity = trimmedText(identity.similarityLevel);
	if (similarity)
		out.similarity_level = /^\d+(\.\d+)?$/.test(similarity) ? Number(similarity) : similarity;
	return out;
}

function acceptedAt(value: unknown): number {
	const at = Date.parse(trimmedText(value));
	if (Number.isNaN(at)) {
		throw new ValidationError(
			`"${trimmedText(value)}" in "Accepted At" is not a date`,
			'Pick a date and time, or give one such as 2026-05-01T10:30:00Z or 2026-05-01 10:30.',
		);
	}
	// the vendor's example sends milliseconds since 1970
	return at;
}

/** "Terms Acceptance": what the signer accepted, when, from where. */
function termsAcceptance(this: IExecuteFunctions, i: number): IDataObject {
	const input = this.getNodeParameter('acceptance', i, {}) as IDataObject;
	const acceptance: IDataObject = {};
	if (trimmedText(input.description)) acceptance.description = trimmedText(input.description);
	if (trimmedText(input.ip)) acceptance.ip = trimmedText(input.ip);
	if (trimmedText(input.userAgent)) acceptance['user-agent'] = trimmedText(input.userAgent);
	for (const [key, field, label] of ACCEPTANCE_URLS) {
		if (trimmedText(input[key])) acceptance[field] = normalizeUrl(input[key], label);
	}
	if (trimmedText(input.date)) acceptance.date = acceptedAt(input.date);
	return acceptance;
}

/** "Extra Evidence (JSON)" as an object. */
function extraEvidence(this: IExecuteFunctions, i: number): IDataObject {
	const extraRaw = this.getNodeParameter('extraEvidence', i, '{}');
	let extra: unknown = extraRaw;
	if (typeof extraRaw === 'string') {
		extra = extraRaw.trim() ? jsonParse(extraRaw, { fallbackValue: undefined }) : {};
	}
	if (extra === undefined) {
		throw new ValidationError(
			'"Extra Evidence (JSON)" is not valid JSON',
			'Write a JSON object, e.g. {"videoid_data": {}}.',
		);
	}
	if (!isObject(extra)) {
		throw new ValidationError(
			'"Extra Evidence (JSON)" must be a JSON object',
			'Write a JSON object, e.g. {"videoid_data": {}}.',
		);
	}
	return extra;
}

/** The body of Upload Evidences, and the API names of the images it carries. */
export async function readEvidence(
	this: IExecuteFunctions,
	i: number,
): Promise<{ body: IDataObject; imagesSent: string[] }> {
	const identity = this.getNodeParameter('identity', i, {}) as IDataObject;
	const videoIdData: IDataObject = { ocr_data: ocrData.call(this, i, identity) };
	const images = await evidenceImages.call(this, i);
	if (Object.keys(images).length) videoIdData.images = images;
	Object.assign(videoIdData, checks.call(this, i, identity));
	const body: IDataObject = { videoid_data: videoIdData };
	const acceptance = termsAcceptance.call(this, i);
	if (Object.keys(acceptance).length) body.acceptance = acceptance;
	merge(body, extraEvidence.call(this, i));
	return { body, imagesSent: Object.keys(images) };
}
