import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OPTIMIZER_DEFAULT } from '../../helpers/accountFields';
import { environmentOverride } from '../../descriptions/overrideFields';
import { trimmedText } from '../../../shared/text';
import { parseTokenUid } from '../../../shared/responses';
import { ValidationError } from '../../../shared/validation';
import {
	getOneShotCredentials,
	oneShotApiRequest,
	secretsOf,
	unexpectedAnswer,
} from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'RAO Username',
		name: 'username',
		type: 'string',
		default: '',
		description: 'RAO ID the token is for. Leave empty to use the one in the credential.',
	},
	{
		displayName: 'RAO Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"Stored in the token. Leave empty to use the credential's; if neither is set, every call using the token must send it.",
	},
	{
		displayName: 'RAO PIN',
		name: 'pin',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: "Stored in the token. Leave empty to use the credential's.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [environmentOverride],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['token'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const credentials = await getOneShotCredentials.call(this);
	const given = (name: string) => trimmedText(this.getNodeParameter(name, i, ''));
	const username = given('username') || credentials.username;
	const password = given('password') || credentials.password;
	const pin = given('pin') || credentials.pin;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	if (!username) {
		throw new ValidationError(
			'"RAO Username" is empty',
			'Fill in "RAO Username" here or in the credential.',
		);
	}
	const body: IDataObject = { username };
	const env = (options.environment as string) || credentials.environment;
	if (env && env !== OPTIMIZER_DEFAULT) body.env = env;
	if (password) body.password = password;
	if (pin) body.pin = pin;
	const response = await oneShotApiRequest.call(
		this,
		{ endpoint: 'token.create', body, itemIndex: i, secrets: [password, pin] },
		credentials,
	);
	const tokenUid = parseTokenUid(response.body);
	if (!tokenUid) {
		throw unexpectedAnswer.call(
			this,
			'it returned no token UID',
			response.body,
			secretsOf(credentials, [password, pin]),
			i,
		);
	}
	return [
		{
			json: { tokenUid, username, passwordStored: !!password, pinStored: !!pin },
			pairedItem: { item: i },
		},
	];
}
