/**
 * A short JSON answer to whoever called a webhook (`{ message }`), sent directly so n8n adds
 * nothing of its own. Used by the trigger and the action node's waiting webhooks.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

export function answer(
	this: IWebhookFunctions,
	status: number,
	message: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const res = this.getResponseObject();
	if (!res.headersSent) {
		for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
		res.status(status).json({ message });
	}
	return { noWebhookResponse: true };
}
