import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Access to this n8n's own public API, for
 * - the Uanataca One-Shot Trigger's "Resume Waiting Executions" (docs/relay.md): the trigger finds
 *   the waiting execution registered for a request (GET /api/v1/executions) and hands it the
 *   notice (scopes execution:list and execution:read);
 * - Sign via Signing Page's "Remember Signer Progress In: n8n Data Table" (docs/safety.md): the
 *   page keeps each signer's progress in a data table (scopes dataTable:list, dataTable:create,
 *   dataTableRow:read, dataTableRow:create, dataTableRow:update, dataTableRow:upsert,
 *   dataTableRow:delete).
 * Field names are a public contract (saved in users' credentials): never rename them.
 */
export class UanatacaOneShotN8nApi implements ICredentialType {
	name = 'uanatacaOneShotN8nApi';

	displayName = 'Uanataca One-Shot N8n API';

	icon: Icon = {
		light: 'file:../icons/uanataca-oneshot.svg',
		dark: 'file:../icons/uanataca-oneshot.dark.svg',
	};

	documentationUrl =
		'https://github.com/uanataca-oneshot/n8n-nodes-uanataca-oneshot/blob/main/docs/relay.md';

	properties: INodeProperties[] = [
		{
			displayName: 'n8n URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678',
			required: true,
			placeholder: 'http://localhost:5678',
			description:
				'How this n8n reaches itself, without /api/v1 (in queue mode: the main instance, which serves the API)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An n8n API key (Settings → n8n API) of a user who can see the executions of the signing workflows and use data tables',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-N8N-API-KEY': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "").replace(/\\/api\\/v1$/, "")}}',
			url: '/api/v1/executions?limit=1&status=waiting',
			method: 'GET',
		},
	};
}
