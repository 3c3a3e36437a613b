import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputBinaries } from '../../helpers/descriptions';
import { messageOf, parseImageUid } from '../../helpers/responses';
import { ValidationError, isPng, requireText } from '../../helpers/validation';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the PNG image',
		description:
			'A PNG image to show in visible signatures, e.g. a scanned handwritten signature or a company seal. Use its imageUid in Sign → Signature Image.',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['upload'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const property = requireText(
		this.getNodeParameter('binaryPropertyName', i, 'data'),
		'Input Binary Field',
	);
	const available = Object.keys(this.getInputData()[i]?.binary ?? {});
	if (!available.includes(property)) {
		throw new ValidationError(
			`The input item has no binary field "${property}"`,
			available.length
				? `Its binary fields are: ${available.join(', ')}.`
				: 'The input item has no binary data at all: read or download the PNG image in an earlier step.',
		);
	}
	const meta = this.helpers.assertBinaryData(i, property);
	const data = await this.helpers.getBinaryDataBuffer(i, property);
	const fileName = meta.fileName || `${property}.png`;
	if (!isPng(data)) {
		throw new ValidationError(
			`"${fileName}" (binary field "${property}") is not a PNG image`,
			'Signature images must be PNG files. Convert it first, e.g. with an "Edit Image" node set to PNG.',
		);
	}
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'image.upload',
			multipart: {
				fields: [],
				files: [{ name: 'image', fileName, contentType: 'image/png', data }],
			},
			itemIndex: i,
			timeoutMs: 120_000,
		},
		credentials,
	);
	const imageUid = parseImageUid(response.body);
	if (!imageUid) {
		throw unexpectedAnswer.call(this, 'no image UID', response.body, secretsOf(credentials), i);
	}
	const item: INodeExecutionData = {
		json: { imageUid, fileName, message: messageOf(response.body) ?? null },
		pairedItem: { item: i },
	};
	const binary = inputBinaries(this.getInputData(), i);
	if (Object.keys(binary).length) item.binary = binary;
	return [item];
}
