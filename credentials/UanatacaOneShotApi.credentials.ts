import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/** What the credential test reports (the RAO token's stored password and PIN, HTTP codes). */
const TEST_RULES: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'details.password',
			value: false,
			message:
				'The RAO token does not store the RAO password, and the Optimizer needs it for Create and Video ID decisions. Fill "RAO Password" and "RAO PIN" in this credential: they are sent with the token.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'details.pin',
			value: false,
			message:
				'The RAO token does not store the RAO PIN, and the Optimizer needs it for Create and Video ID decisions. Fill "RAO PIN" (and "RAO Password") in this credential: they are sent with the token.',
		},
	},
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
];

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
				{ name: 'Optimizer Default (Send Nothing)', value: 'default' },
			],
			description:
				'Uanataca environment the certificates are issued in (sent as "env": sandbox or prod). Choose "Optimizer Default" when your Optimizer has its environment set (some older Optimizers call the sandbox "test").',
		},
		{
			displayName:
				'Production over http:// sends the RAO and billing passwords unencrypted. Use an https:// Optimizer URL.',
			name: 'plainHttpNotice',
			type: 'notice',
			default: '',
			displayOptions: {
				show: {
					environment: ['prod'],
					baseUrl: [
						{ _cnd: { regex: '^http://(?!(localhost|127(\\.\\d+){3}|\\[::1\\])([:/]|$))' } },
					],
				},
			},
		},
		{
			displayName: 'Registration Authority',
			name: 'registrationAuthority',
			type: 'string',
			default: '',
			placeholder: '1000',
			description:
				'Number of your Registration Authority, given by Uanataca. The current Optimizer needs it in every Create and Video ID call; only a legacy Optimizer with a default in its settings accepts it empty.',
		},
		{
			displayName: 'Profile',
			name: 'profile',
			type: 'string',
			default: '',
			placeholder: 'PFnubeQAFCiudadano',
			description:
				'Certificate profile agreed with Uanataca, e.g. PFnubeQAFCiudadano (qualified) or PFnubeNC (advanced). The current Optimizer needs it in every Create and Video ID call; only a legacy Optimizer with a default in its settings accepts it empty.',
		},
		{
			displayName: 'RAO Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Token that stores your RAO (Registration Authority Officer) credentials on the Optimizer. A token may store the username only: then also fill RAO Password and RAO PIN, which are sent with it.',
		},
		{
			displayName: 'RAO Username',
			name: 'username',
			type: 'string',
			default: '',
			description:
				'RAO ID. Needed when you do not use a RAO token; with a token it is sent as the RAO ID of Video ID decisions.',
		},
		{
			displayName: 'RAO Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Needed when you do not use a RAO token, or when your token does not store it (the credential test tells)',
		},
		{
			displayName: 'RAO PIN',
			name: 'pin',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Needed when you do not use a RAO token, or when your token does not store it (the credential test tells)',
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
			// With a token, Token → Get: it tells whether the token stores the password and PIN (the
			// rules below). When the credential holds both, they are sent with the token, so what
			// the token stores does not matter: the token list is enough to reach the Optimizer.
			url: '={{$credentials.token && !($credentials.password && $credentials.pin) ? "/token/" + encodeURIComponent($credentials.token) : "/tokens"}}',
			method: 'GET',
			skipSslCertificateValidation: '={{$credentials.allowUnauthorizedCerts}}',
		},
		// n8n applies both kinds of rule from one list; its type wants one kind per list.
		rules: TEST_RULES as IAuthenticateRuleResponseCode[],
	};
}
