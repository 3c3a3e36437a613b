/** Answers about RAO tokens: Create, Get, Get Many. */
import { createdUid, isObj, payloadOf, toBool } from './envelope';

/** Token UID from a Create Token answer (current: details.token_uid; legacy: details is the uid). */
export function parseTokenUid(body: unknown): string | undefined {
	return createdUid(body, (source) => {
		const key = ['token_uid', 'token', 'uid', 'tokenUid'].find(
			(name) => typeof source[name] === 'string' && source[name],
		);
		return key ? (source[key] as string) : undefined;
	});
}

export interface TokenInfo {
	tokenUid: string;
	username: string | null;
	passwordStored: boolean | null;
	pinStored: boolean | null;
}

function tokenInfo(tokenUid: string, value: unknown): TokenInfo {
	const v = isObj(value) ? value : {};
	const username = v.username ?? v.rao ?? v.user;
	return {
		tokenUid,
		username: username === undefined || username === null ? null : String(username),
		passwordStored: toBool(v.password) ?? null,
		pinStored: toBool(v.pin) ?? null,
	};
}

/** Token list: a map uid → info (documented), an array of objects or of uids (variants). */
export function parseTokenList(body: unknown): TokenInfo[] | undefined {
	const payload = payloadOf(body);
	if (Array.isArray(payload)) {
		const out: TokenInfo[] = [];
		for (const entry of payload) {
			if (typeof entry === 'string') out.push(tokenInfo(entry, {}));
			else if (isObj(entry)) {
				const uid = entry.token_uid ?? entry.uid ?? entry.token ?? entry.id;
				if (typeof uid === 'string') out.push(tokenInfo(uid, entry));
			}
		}
		return out;
	}
	if (isObj(payload)) {
		if (isObj(payload.tokens) || Array.isArray(payload.tokens))
			return parseTokenList(payload.tokens);
		return Object.entries(payload)
			.filter(([key, value]) => key.toUpperCase() !== 'NOTE' && (isObj(value) || value === null))
			.map(([key, value]) => tokenInfo(key, value));
	}
	return undefined;
}

export function parseTokenInfo(tokenUid: string, body: unknown): TokenInfo | undefined {
	const payload = payloadOf(body);
	if (!isObj(payload)) return undefined;
	if (isObj(payload[tokenUid])) return tokenInfo(tokenUid, payload[tokenUid]);
	return tokenInfo(tokenUid, payload);
}
