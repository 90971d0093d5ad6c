import type { FastifyRequest } from 'fastify';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';

export interface UploadedFile {
  filename: string;
  bytes: Uint8Array;
}

/** The one uploaded file of a multipart request, read up to the configured limit. */
export async function uploadedFile(req: FastifyRequest, deps: Deps): Promise<UploadedFile> {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'ファイルを multipart/form-data で送ってください');
  const file = await req.file();
  if (!file) throw new AppError('validation', 'ファイルがありません', [{ path: 'file', message: 'required' }]);
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch {
    throw new AppError('payload_too_large', `ファイルが大きすぎます（上限 ${Math.round((deps.config.uploadMaxBytes / 1024 / 1024) * 100) / 100} MB）`);
  }
  if (!bytes.length) throw new AppError('validation', 'ファイルが空です', [{ path: 'file', message: 'empty' }]);
  return { filename: file.filename, bytes };
}
