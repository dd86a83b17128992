/**
 * The document format with main's compression: raw DEFLATE from node:zlib for the project's big
 * arrays (see @shared/project/arrays). The renderer never parses files; main reads, parses and
 * validates them and hands the Project over IPC.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ByteCodec } from '@shared/project/codec';
import { parseProject } from '@shared/project/parse';
import { serializeProject } from '@shared/project/serialize';
import type { ParseOutcome, Project } from '@shared/project/types';

export const GENERATOR = 'MeanField Studio';

/** Raw DEFLATE (RFC 1951). Inflation never produces more than the expected bytes (bomb-safe). */
export const nodeByteCodec: ByteCodec = {
  deflate: (bytes) => deflateRawSync(bytes, { level: 6 }),
  inflate: (bytes, outputBytes) => {
    const out = inflateRawSync(bytes, { maxOutputLength: Math.max(1, outputBytes) });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};

/** The `.mfproj` text of `project`, arrays compressed. */
export function serializeProjectFile(project: Project, savedAt: Date = new Date()): string {
  return serializeProject(project, { codec: nodeByteCodec, savedAt: savedAt.toISOString(), generator: GENERATOR });
}

/** Parses, validates and migrates `.mfproj` text (compressed arrays allowed). Never throws. */
export function parseProjectFile(text: string): ParseOutcome {
  return parseProject(text, { codec: nodeByteCodec });
}
