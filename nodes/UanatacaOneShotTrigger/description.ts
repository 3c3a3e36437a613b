/** Parameters of the Uanataca One-Shot Trigger (names are a public contract: never rename). */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { simplifyProperty } from '../shared/simplify';

const STATUS_LABELS: Record<string, string> = {
	CANCELLED: 'Status: Cancelled',
	CREATED: 'Status: Created',
	ENROLLREADY: 'Status: Enroll Ready (Approved)',
	ISSUED: 'Status: Issued (Signed)',
	RENEWED: 'Status: Renewed',
	VIDEOERROR: 'Status: Video Error',
	VIDEOINCOMPLETE: 'Status: Video Incomplete',
	VIDEOPENDING: 'Status: Video Pending',
	VIDEOREVIEW: 'Status: Video Review',
	CERTIFICATE_REVOKED: 'Event: Certificate Revoked',
	CERTIFICATE_SUSPENDED: 'Event: Certificate Suspended',
	REQUEST_APPROVED: 'Event: Request Approved',
	REQUEST_CANCELED: 'Event: Request Canceled',
	REQUEST_CREATED: 'Event: Request Created',
	REQUEST_ENROLLED: 'Event: Request Enrolled (Certificate Issued)',
	VIDEOID_FAILED: 'Event: Video ID Failed',
	VIDEOID_REFUSED: 'Event: Video ID Refused',
	VIDEOID_UPDATED: 'Event: Video ID Updated',
};

const statusOptions: INodePropertyOptions[] = Object.entries(STATUS_LABELS)
	.map(([value, name]) => ({ name, value, description: `Callbacks with ${value}` }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** Versions whose protection is set in node parameters (1 and 1.1). */
const UP_TO_1_1 = { '@version': [{ _cnd: { lt: 2 } }] };
/** Versions whose protection comes from the callback credential (2 on). */
const FROM_2 = { '@version': [{ _cnd: { gte: 2 } }] };

/** Protection of version 2: the callback credential, or none when the user says so explicitly. */
const protectionProperties: INodeProperties[] = [
	{
		displayName:
			'Use this node\'s webhook URL as "Callback URL" in a Create operation with asynchronous mode (sandbox and testing), with any correlation parameters, e.g. ?crm=123. If the callback credential uses a secret token, add token=YOUR_SECRET_TOKEN to the URL. For production, hand the production URL to Uanataca Operations, who set it as your registration authority\'s webhook.',
		name: 'noticeV2',
		type: 'notice',
		default: '',
		displayOptions: { show: FROM_2 },
	},
	{
		displayName: 'Callback Protection',
		name: 'callbackAuthentication',
		type: 'options',
		options: [
			{
				name: 'Callback Credential',
				value: 'credential',
				description:
					'A secret token in the URL, a header or basic auth, kept encrypted in a credential',
			},
			{
				name: 'None (Not Recommended)',
				value: 'none',
				description: 'Anyone who learns the URL can start this workflow',
			},
		],
		default: 'credential',
		description: 'How the trigger recognises callbacks that really come from your Optimizer',
		displayOptions: { show: FROM_2 },
	},
	{
		displayName:
			'Callbacks are not protected: anyone who learns this URL can start this workflow with made-up statuses. Choose this only when something in front of n8n (e.g. a reverse proxy) already checks the callbacks.',
		name: 'noProtectionNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...FROM_2, callbackAuthentication: ['none'] } },
	},
];

/** Protection of versions 1 and 1.1: node parameters (kept unchanged for saved workflows). */
const parameterProtection: INodeProperties[] = [
	{
		displayName:
			'Use this node\'s webhook URL as "Callback URL" in a Create operation with asynchronous mode (sandbox and testing), appending ?token=YOUR_SECRET_TOKEN and any correlation parameters, e.g. &crm=123. For production, hand the production URL (with its token) to Uanataca Operations, who set it as your registration authority\'s webhook.',
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show: UP_TO_1_1 },
	},
	{
		displayName: 'Secret Token',
		name: 'secretToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: 'a long random value',
		description:
			'Callbacks are accepted only if the callback URL carries ?token=&lt;this value&gt; (at least 8 characters). The Optimizer cannot sign its callbacks, so this token is what keeps strangers out. Leave empty only behind another protection.',
		displayOptions: { show: UP_TO_1_1 },
	},
	{
		displayName: 'Additional Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Basic Auth',
				value: 'basic',
				description: 'An Authorization: Basic header, e.g. added by a reverse proxy',
			},
			{
				name: 'Header',
				value: 'header',
				description: 'A header with a fixed secret value, e.g. added by a reverse proxy',
			},
			{ name: 'None', value: 'none', description: 'Only the secret token' },
		],
		default: 'none',
		description:
			'A check made in addition to the secret token, for deployments behind a reverse proxy',
		displayOptions: { show: UP_TO_1_1 },
	},
	{
		displayName: 'Header Name',
		name: 'headerName',
		type: 'string',
		default: '',
		placeholder: 'X-Proxy-Secret',
		required: true,
		displayOptions: { show: { ...UP_TO_1_1, authentication: ['header'] } },
	},
	{
		displayName: 'Header Value',
		name: 'headerValue',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		displayOptions: { show: { ...UP_TO_1_1, authentication: ['header'] } },
	},
	{
		displayName: 'User',
		name: 'basicUser',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...UP_TO_1_1, authentication: ['basic'] } },
	},
	{
		displayName: 'Password',
		name: 'basicPassword',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		displayOptions: { show: { ...UP_TO_1_1, authentication: ['basic'] } },
	},
];

/** Version 2: hand notices to the executions waiting for them (docs/relay.md). */
const relayProperties: INodeProperties[] = [
	{
		displayName: 'Resume Waiting Executions',
		name: 'resumeWaitingExecutions',
		type: 'boolean',
		default: false,
		description:
			'Whether a notice about a request that a parked Sign or Sign via Signing Page waits for resumes that execution instead of starting this workflow. Needs an n8n API credential of this n8n. Notices nobody waits for start this workflow as usual.',
		displayOptions: { show: FROM_2 },
	},
];

export const triggerProperties: INodeProperties[] = [
	...protectionProperties,
	...parameterProtection,
	...relayProperties,
	{
		displayName: 'Statuses and Events',
		name: 'statuses',
		type: 'multiOptions',
		options: statusOptions,
		default: [],
		description:
			'Which callbacks start the workflow: a callback passes if its request status or its event type is selected. Leave empty for all.',
	},
	{
		displayName: 'Request Numbers',
		name: 'requestPks',
		type: 'string',
		default: '',
		placeholder: '46760, 46761',
		description:
			'Only callbacks about these requests (pk), separated by commas. Leave empty for all requests.',
	},
	{
		displayName: 'Registration Authority',
		name: 'registrationAuthority',
		type: 'string',
		default: '',
		placeholder: '139',
		description:
			'Only callbacks of this registration authority (several separated by commas). Leave empty for all.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Confirm With Optimizer',
				name: 'confirmWithOptimizer',
				type: 'boolean',
				default: false,
				description:
					'Whether to ask the Optimizer for the real status of the request before starting the workflow (adds "confirmed" to the output). Needs a credential. Where the Optimizer has no "get request" endpoint, only ISSUED / REQUEST_ENROLLED callbacks can be confirmed, by downloading a signed document named in the documentUids parameter of the callback URL.',
			},
			{
				displayName: 'Deduplicate',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description:
					'Whether to ignore a callback already received (same request, status, event type and time), e.g. a retry. Remembers the last 500 callbacks or 7 days, whichever is fewer.',
			},
			{
				displayName: 'Download Signed Documents',
				name: 'downloadSignedDocuments',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the signed documents as binary data (signed_0, signed_1, …) when a callback reports ISSUED / REQUEST_ENROLLED. Needs a credential. The legacy Optimizer lists the documents itself; the current one needs documentUids=&lt;uid1&gt;,&lt;uid2&gt; in the callback URL.',
			},
			{
				displayName: 'Include Raw Body',
				name: 'includeRawBody',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the body as received (secrets masked) to the output as "rawBody"',
			},
			simplifyProperty(
				'the request number, status, previous status, time, correlation and confirmation',
			),
			{
				displayName: 'Unconfirmed Callbacks',
				name: 'unconfirmedEvents',
				type: 'options',
				options: [
					{
						name: 'Drop',
						value: 'drop',
						description:
							'Do not start the workflow (answered 503 when the Optimizer could not be reached, so a retry can succeed)',
					},
					{
						name: 'Emit With Confirmed = False',
						value: 'emit',
						description: 'Start the workflow anyway; check the "confirmed" field',
					},
				],
				default: 'emit',
				description: 'What to do when "Confirm With Optimizer" cannot confirm a callback',
			},
		],
	},
];
