/** Answers about Video ID: Create. */
import { firstText, isObj, messageOf, payloadOf, toPositiveInt } from './envelope';

export interface VideoIdCreated {
	videoIdPk: number;
	requestPk: number | null;
	videoIdLink: string;
}

/**
 * Create Video ID: `details` (legacy) or `detail` (current example, whose message is spelled
 * "messsage") holding videoid_link, videoid_pk, request_pk.
 */
export function parseVideoIdCreated(body: unknown): VideoIdCreated | undefined {
	for (const source of [payloadOf(body), body]) {
		if (!isObj(source)) continue;
		const link = firstText(source, ['videoid_link', 'videoIdLink', 'link', 'url']);
		let videoIdPk = toPositiveInt(source.videoid_pk ?? source.videoIdPk ?? source.videoid);
		if (videoIdPk === undefined) {
			const message = messageOf(body);
			const match = message ? /videoid\D{0,20}?pk\D{0,5}(\d+)/i.exec(message) : null;
			videoIdPk = match ? toPositiveInt(match[1]) : undefined;
		}
		const requestPk =
			toPositiveInt(source.request_pk ?? source.requestPk ?? source.request) ?? null;
		if (link && videoIdPk !== undefined) return { videoIdPk, requestPk, videoIdLink: link };
	}
	return undefined;
}
