import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * How the Uanataca One-Shot Trigger (version 2) recognises genuine callbacks: a secret token in
 * the callback URL, a header with a secret value, or HTTP basic credentials (the last two usually
 * added by a reverse proxy in front of n8n). Kept as a credential so that n8n stores the secret
 * encrypted, outside the workflow, its exports and its executions.
 * Field names are a public contract (saved in users' credentials): never rename them.
 */
export class UanatacaOneShotCallbackAuthApi implements ICredentialType {
	name = 'uanatacaOneShotCallbackAuthApi';

	displayName = 'Uanataca One-Shot Callback Authentication API';

	icon: Icon = {
		light: 'file:../icons/uanataca-oneshot.svg',
		dark: 'file:../icons/uanataca-oneshot.dark.svg',
	};

	documentationUrl =
		'https://github.com/uanataca-oneshot/n8n-nodes-uanataca-oneshot?tab=readme-ov-file#trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			default: 'token',
			options: [
				{
					name: 'Secret Token in the Callback URL',
					value: 'token',
					description: 'The callback URL ends with ?token=&lt;token&gt; (works everywhere)',
				},
				{
					name: 'Header',
					value: 'header',
					description: 'A header with a secret value, added by a reverse proxy',
				},
				{
					name: 'Basic Auth',
					value: 'basic',
					description: 'An Authorization: Basic header, added by a reverse proxy',
				},
			],
			description: 'How callbacks prove they come from the Optimizer you gave the URL to',
		},
		{
			displayName: 'Secret Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'at least 16 random letters and digits',
			description:
				'Append it to the trigger\'s URL as ?token=&lt;this value&gt; wherever you give that URL (Create\'s "Callback URL", Uanataca Operations). At least 16 characters.',
			displayOptions: { show: { method: ['token'] } },
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'X-Proxy-Secret',
			displayOptions: { show: { method: ['header'] } },
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'At least 16 characters',
			displayOptions: { show: { method: ['header'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { method: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'At least 16 characters',
			displayOptions: { show: { method: ['basic'] } },
		},
	];
}
