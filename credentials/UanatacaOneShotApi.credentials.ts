import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Connection to a One-Shot Optimizer plus the business defaults every call may need.
 *
 * The Optimizer itself has no HTTP authentication: RAO and billing credentials travel in the
 * body of the calls that need them. The transport reads these fields and puts them where each
 * API generation expects them; operations may override any of them.
 * Field names are a public contract (saved in users' credentials): never rename them.
 */
export class UanatacaOneShotApi implements ICredentialType {
	name = 'uanatacaOneShotApi';

	displayName = 'Uanataca One-Shot API';

	icon: Icon = {
		light: 'file:../icons/uanataca-oneshot.svg',
		dark: 'file:../icons/uanataca-oneshot.dark.svg',
	};

	documentationUrl =
		'https://github.com/uanataca-oneshot/n8n-nodes-uanataca-oneshot?tab=readme-ov-file#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Optimizer URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://optimizer-developers.uanataca.com/oneshot/api/v1',
			required: true,
			placeholder: 'https://optimizer.example.com/oneshot/api/v1',
			description:
				'Address of your One-Shot Optimizer API, including its path: usually ending in /oneshot/api/v1 (current Optimizer) or /api/v1 (legacy Optimizer)',
		},
		{
			displayName: 'API Generation',
			name: 'apiGeneration',
			type: 'options',
			default: 'current',
			options: [
				{
					name: 'Current Optimizer (/oneshot/api/v1)',
					value: 'current',
				},
				{
					name: 'Legacy Optimizer (/api/v1)',
					value: 'legacy',
				},
			],
			description:
				'Which Optimizer version runs at that address. Ask your Uanataca contact if unsure: URLs ending in /oneshot/api/v1 are the current one.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'sandbox',
			options: [
				{ name: 'Sandbox (Tests)', value: 'sandbox' },
				{ name: 'Production', value: 'prod' },
			],
			description: 'Uanataca environment the certificates are issued in (sent as "env")',
		},
		{
			displayName: 'Registration Authority',
			name: 'registrationAuthority',
			type: 'string',
			default: '',
			placeholder: '1000',
			description:
				'ID of your Registration Authority, given by Uanataca. Leave empty if your Optimizer has a default one configured.',
		},
		{
			displayName: 'Profile',
			name: 'profile',
			type: 'string',
			default: '',
			placeholder: 'PFnubeQAFCiudadano',
			description:
				'Certificate profile, e.g. PFnubeQAFCiudadano (qualified) or PFnubeNC (advanced). Leave empty to use the Optimizer default.',
		},
		{
			displayName: 'RAO Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Token that stores your RAO (Registration Authority Officer) credentials on the Optimizer. Use it instead of username, password and PIN.',
		},
		{
			displayName: 'RAO Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'RAO ID. Only needed when you do not use a RAO token.',
		},
		{
			displayName: 'RAO Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only needed when you do not use a RAO token',
		},
		{
			displayName: 'RAO PIN',
			name: 'pin',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only needed when you do not use a RAO token',
		},
		{
			displayName: 'Billing Username',
			name: 'billingUsername',
			type: 'string',
			default: '',
			placeholder: 'billing@example.com',
			description:
				'Billing account given by Uanataca. Leave empty if your Optimizer has billing credentials configured.',
		},
		{
			displayName: 'Billing Password',
			name: 'billingPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Type it as it is: the node encodes it in Base64 as the API requires. Leave empty if your Optimizer has billing credentials configured.',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'allowUnauthorizedCerts',
			type: 'boolean',
			// not a secret, but the lint rule reads "Unauthorized" as one; harmless on a boolean
			typeOptions: { password: true },
			default: false,
			description:
				'Whether to connect even if the Optimizer uses a self-signed or invalid TLS certificate. Only for on-premises test installations.',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '={{$credentials.token ? "/token/" + encodeURIComponent($credentials.token) : "/tokens"}}',
			method: 'GET',
			skipSslCertificateValidation: '={{$credentials.allowUnauthorizedCerts}}',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Optimizer answered, but it does not know this RAO token (or the Optimizer URL path is wrong). Check "RAO Token" and that "Optimizer URL" ends in /oneshot/api/v1 or /api/v1.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The Optimizer refused the call. Check the RAO token and that this n8n is allowed to reach the Optimizer.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 500,
					message:
						'The Optimizer answered with an internal error. It may be misconfigured (certificates, settings); ask its administrator.',
				},
			},
		],
	};
}
