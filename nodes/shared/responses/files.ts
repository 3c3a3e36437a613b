/** Answers about stored files: uploaded documents, signature images, legacy file lists. */
import type { Obj } from './envelope';
import { createdUid, firstText, isObj, messageOf, payloadOf, UID } from './envelope';

export interface UploadedDocument {
	uid: string;
	/** multipart field the document was sent under (file, file2, …) */
	field?: string;
	fileName?: string;
	digest?: string;
}

function uploadedFrom(entry: unknown): UploadedDocument | undefined {
	if (typeof entry === 'string' && entry.trim()) return { uid: entry.trim() };
	if (!isObj(entry)) return undefined;
	const uid = entry.uid ?? entry.document_uid ?? entry.id;
	if (typeof uid !== 'string' || !uid) return undefined;
	const field = entry.name ?? entry.key ?? entry.field;
	const fileName = entry.filename ?? entry.file_name ?? entry.fileName;
	return {
		uid,
		field: typeof field === 'string' ? field : undefined,
		fileName: typeof fileName === 'string' ? fileName : undefined,
		digest: typeof entry.digest === 'string' ? entry.digest : undefined,
	};
}

/** Upload answers: one object, an array, a bare uid, or a map uid → info. */
export function parseUploadResult(body: unknown): UploadedDocument[] | undefined {
	const payload = payloadOf(body);
	if (Array.isArray(payload)) {
		const docs = payload.map(uploadedFrom);
		return docs.every((d) => d) ? (docs as UploadedDocument[]) : undefined;
	}
	const single = uploadedFrom(payload);
	if (single) return [single];
	if (isObj(payload)) {
		for (const key of ['documents', 'files', 'uploaded']) {
			if (Array.isArray(payload[key])) return parseUploadResult({ details: payload[key] });
		}
		const entries = Object.entries(payload).filter(([, v]) => isObj(v));
		if (entries.length) {
			return entries.map(([uid, v]) => ({ ...uploadedFrom({ uid, ...(v as Obj) })!, uid }));
		}
	}
	return undefined;
}

/** Image UID from an Upload Image answer (current: details.image_uid; legacy: details is the uid). */
export function parseImageUid(body: unknown): string | undefined {
	const uid = createdUid(body, (source) => {
		const found = firstText(source, ['image_uid', 'imageUid', 'uid', 'image']);
		return found && UID.test(found) ? found : undefined;
	});
	if (uid) return uid;
	const message = messageOf(body);
	const match = message ? /uid\W{0,3}([\w-]{8,})/i.exec(message) : null;
	return match ? match[1] : undefined;
}

export interface StoredFileInfo {
	uid: string;
	fileName: string | null;
	mimeType: string | null;
	extension: string | null;
	uploadDate: string | null;
	/** bytes, when the Optimizer reports a size in bytes */
	fileSize: number | null;
	/** pixels, when the Optimizer reports [width, height] (legacy image list) */
	width: number | null;
	height: number | null;
}

function storedFile(uid: string, value: unknown): StoredFileInfo {
	const v = isObj(value) ? value : {};
	const size = v.size;
	const dimensions =
		Array.isArray(size) && size.length === 2 && size.every((n) => Number.isFinite(Number(n)))
			? size.map(Number)
			: undefined;
	const bytes =
		!dimensions && Number.isFinite(Number(size)) && size !== null && size !== ''
			? Number(size)
			: null;
	return {
		uid,
		fileName: firstText(v, ['filename', 'file_name', 'fileName', 'name']),
		mimeType: firstText(v, ['mime', 'mimetype', 'mime_type', 'content_type']),
		extension: firstText(v, ['ext', 'extension']),
		uploadDate: firstText(v, ['upload_date', 'uploaded_at', 'date', 'created_at']),
		fileSize: bytes,
		width: dimensions ? dimensions[0] : null,
		height: dimensions ? dimensions[1] : null,
	};
}

/**
 * Legacy lists of documents (`GET documents/{pk}`) and images (`GET images`): a map uid → info
 * (documented), or an array of objects with a uid, or of bare uids (variants).
 */
export function parseStoredFileList(body: unknown): StoredFileInfo[] | undefined {
	const payload = payloadOf(body);
	if (Array.isArray(payload)) {
		const out: StoredFileInfo[] = [];
		for (const entry of payload) {
			if (typeof entry === 'string' && entry.trim()) out.push(storedFile(entry.trim(), {}));
			else if (isObj(entry)) {
				const uid = firstText(entry, ['uid', 'document_uid', 'image_uid', 'id']);
				if (uid) out.push(storedFile(uid, entry));
			}
		}
		return out;
	}
	if (isObj(payload)) {
		for (const key of ['documents', 'images', 'files']) {
			if (Array.isArray(payload[key]) || isObj(payload[key])) {
				return parseStoredFileList({ details: payload[key] });
			}
		}
		return Object.entries(payload)
			.filter(([key, value]) => key.toUpperCase() !== 'NOTE' && isObj(value))
			.map(([key, value]) => storedFile(key, value));
	}
	return undefined;
}
