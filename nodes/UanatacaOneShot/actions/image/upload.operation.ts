import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryFile } from '../../../shared/files/binaryInput';
import { inputBinaries } from '../../helpers/outputItems';
import { messageOf, parseImageUid } from '../../../shared/responses';
import { ValidationError, isPng, requireText } from '../../../shared/validation';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../../shared/transport';

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
	const file = await binaryFile.call(this, i, property, 'image', {
		what: 'the PNG image',
		extension: 'png',
		contentType: 'image/png',
		accepts: isPng,
		refused: (fileName, field) =>
			new ValidationError(
				`"${fileName}" (binary field "${field}") is not a PNG image`,
				'Signature images must be PNG files. Convert it first, e.g. with an "Edit Image" node set to PNG.',
			),
	});
	const { fileName } = file;
	const credentials = await getOneShotCredentials.call(this);
	const response = await oneShotApiRequest.call(
		this,
		{
			endpoint: 'image.upload',
			multipart: { fields: [], files: [file] },
			itemIndex: i,
			timeoutMs: 120_000,
		},
		credentials,
	);
	const imageUid = parseImageUid(response.body);
	if (!imageUid) {
		throw unexpectedAnswer.call(
			this,
			'it returned no image UID',
			response.body,
			secretsOf(credentials),
			i,
		);
	}
	const item: INodeExecutionData = {
		json: { imageUid, fileName, message: messageOf(response.body) ?? null },
		pairedItem: { item: i },
	};
	const binary = inputBinaries(this.getInputData(), i);
	if (Object.keys(binary).length) item.binary = binary;
	return [item];
}
