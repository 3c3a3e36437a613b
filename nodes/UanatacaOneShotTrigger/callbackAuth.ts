/**
 * The trigger's settings as one call sees them. Versions 1 and 1.1 read the secret token and the
 * additional authentication from node parameters (unchanged). From version 2 on they come from a
 * "Uanataca One-Shot Callback Authentication" credential (stored encrypted by n8n, never in the
 * workflow or its executions), and some protection is required unless the user explicitly picks
 * "None (not recommended)".
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../shared/transport';
import type { TriggerConfig } from './filters';
import { ConfigError, readConfig } from './filters';

export const CALLBACK_AUTH_CREDENTIAL = 'uanatacaOneShotCallbackAuthApi';

/** Shortest token, header value or password accepted in the callback credential. */
export const MIN_CREDENTIAL_SECRET_LENGTH = 16;

/** First trigger version whose protection comes from the callback credential. */
export const CREDENTIAL_VERSION = 2;

/** Version-1 parameters that version 2 ignores (the credential replaces them). */
const PARAMETER_AUTH = new Set([
	'secretToken',
	'authentication',
	'headerName',
	'headerValue',
	'basicUser',
	'basicPassword',
]);

type AuthFields = Pick<
	TriggerConfig,
	'secretToken' | 'authentication' | 'headerName' | 'headerValue' | 'basicUser' | 'basicPassword'
>;

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function tooShort(what: string): ConfigError {
	return new ConfigError(
		`The ${what} in the callback credential is too short (at least ${MIN_CREDENTIAL_SECRET_LENGTH} characters)`,
		'Open the "Uanataca One-Shot Callback Authentication" credential and use a long random value, e.g. 32 letters and digits.',
	);
}

/** The checks a callback credential asks for; a value that cannot protect anything is refused. */
export function authFromCredential(data: ICredentialDataDecryptedObject): AuthFields {
	const method = text(data.method) || 'token';
	const none: AuthFields = {
		secretToken: '',
		authentication: 'none',
		headerName: '',
		headerValue: '',
		basicUser: '',
		basicPassword: '',
	};
	if (method === 'header') {
		const headerName = text(data.headerName).trim();
		if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(headerName)) {
			throw new ConfigError(
				'The callback credential needs a valid header name',
				'Open the "Uanataca One-Shot Callback Authentication" credential and set "Header Name" to the header your reverse proxy adds, e.g. X-Proxy-Secret.',
			);
		}
		const headerValue = text(data.headerSecret);
		if (headerValue.length < MIN_CREDENTIAL_SECRET_LENGTH) throw tooShort('header value');
		return { ...none, authentication: 'header', headerName, headerValue };
	}
	if (method === 'basic') {
		const basicUser = text(data.user);
		const basicPassword = text(data.password);
		if (!basicUser) {
			throw new ConfigError(
				'The callback credential needs a user',
				'Open the "Uanataca One-Shot Callback Authentication" credential and set "User" to the user your reverse proxy sends.',
			);
		}
		if (basicPassword.length < MIN_CREDENTIAL_SECRET_LENGTH) throw tooShort('password');
		return { ...none, authentication: 'basic', basicUser, basicPassword };
	}
	if (method !== 'token') {
		throw new ConfigError(
			`The callback credential's method "${method.slice(0, 40)}" is unknown`,
			'Open the credential and choose "Secret Token in the Callback URL", "Header" or "Basic Auth".',
		);
	}
	const secretToken = text(data.token);
	if (secretToken.length < MIN_CREDENTIAL_SECRET_LENGTH) throw tooShort('secret token');
	return { ...none, secretToken };
}

/** Reads and checks the settings for one call (activation or callback); a problem is a ConfigError. */
export async function loadConfig(this: IHookFunctions | IWebhookFunctions): Promise<TriggerConfig> {
	const node = this.getNode();
	const hasCredential = Boolean(node.credentials?.[CREDENTIAL_NAME]);
	const get = (name: string, fallback: unknown) => this.getNodeParameter(name, fallback);
	if (node.typeVersion < CREDENTIAL_VERSION) return readConfig(get, hasCredential);

	const config = readConfig(
		(name, fallback) => (PARAMETER_AUTH.has(name) ? fallback : get(name, fallback)),
		hasCredential,
	);
	if (get('callbackAuthentication', 'credential') === 'none') return config;
	if (!node.credentials?.[CALLBACK_AUTH_CREDENTIAL]) {
		throw new ConfigError(
			'Callbacks are not protected: no callback credential is selected',
			'Select or create a "Uanataca One-Shot Callback Authentication" credential in this trigger, or set "Callback Protection" to "None (Not Recommended)" if another protection is in front of n8n.',
		);
	}
	const data = await this.getCredentials(CALLBACK_AUTH_CREDENTIAL).catch(() => undefined);
	if (!data) {
		throw new ConfigError(
			'The callback credential could not be read',
			'Open the trigger, select the "Uanataca One-Shot Callback Authentication" credential again and save.',
		);
	}
	return { ...config, ...authFromCredential(data) };
}

/** The credential's "Test" button: checks the values locally (there is nothing to call). */
export async function testCallbackCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		authFromCredential(credential.data ?? {});
	} catch (error) {
		const problem = error as ConfigError;
		return { status: 'Error', message: `${problem.message}. ${problem.description ?? ''}`.trim() };
	}
	return {
		status: 'OK',
		message:
			'The values can protect the trigger. Callbacks are checked when they arrive (nothing is called now).',
	};
}
