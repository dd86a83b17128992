/**
 * The model-file part of the API (@shared/api: importModel, exportModel), as plain async
 * functions with no Electron import. Main shows the dialogs, reads the chosen file and the files it
 * refers to (./model-formats.ts, size-limited) and writes exports atomically; the renderer never names a
 * path. Every argument is untrusted: importModel takes none, exportModel's definition is checked
 * like a project's custom model before any dialog opens. No handler throws.
 */
import { basename, isAbsolute } from 'node:path';
import type { Api, ApiResult, ImportedModels, ModelFileFormat } from '@shared/api';
import { writeFileAtomic } from './export-file';
import { checkedModel, exactTemplate, modelFileText, modelsInFile } from './model-formats';

export interface ModelFileDeps {
  /** The open dialog for model files (PyRates YAML, JSON); null = cancelled. */
  chooseModelFile(): Promise<string | null>;
  /** The save dialog for an exported model; null = cancelled. */
  chooseModelSavePath(suggestedName: string, format: ModelFileFormat): Promise<string | null>;
}

export type ModelFileApi = Pick<Api, 'importModel' | 'exportModel'>;

const fail = (message: string, field?: string, problem?: string) => ({
  ok: false as const,
  error: field ? { message, issues: [{ field, message: problem ?? message }] } : { message },
});

/** The handlers backed by `deps` (absent: every call says model files are not available here). */
export function createModelFileHandlers(deps: ModelFileDeps | undefined): ModelFileApi {
  return {
    async importModel(...args: unknown[]): Promise<ApiResult<ImportedModels | { cancelled: true }>> {
      if (args.length > 0 && args[0] !== undefined) return fail('Import Model takes no argument.', 'request', 'must be absent');
      if (!deps) return fail('Importing models is not available here.');
      let path: string | null;
      try {
        path = await deps.chooseModelFile();
      } catch (e) {
        return fail(`Could not ask for a file: ${(e as Error).message}`);
      }
      if (path === null || path === '') return { ok: true, value: { cancelled: true } };
      if (typeof path !== 'string' || !isAbsolute(path)) return fail(`Cannot read '${String(path)}': not an absolute path.`);
      try {
        return { ok: true, value: { file: basename(path), models: modelsInFile(path) } };
      } catch (e) {
        return fail(`Could not import ${basename(path)}: ${(e as Error).message}`);
      }
    },

    async exportModel(request: unknown): Promise<ApiResult<{ saved: boolean; path?: string }>> {
      if (typeof request !== 'object' || request === null || Array.isArray(request) || ArrayBuffer.isView(request)) {
        return fail('The export request must be an object { def, format }.', 'request', 'must be an object');
      }
      const { def: x, format } = request as { def?: unknown; format?: unknown };
      if (format !== 'yaml' && format !== 'json') return fail("Cannot export: format must be 'yaml' or 'json'.", 'format', "must be 'yaml' or 'json'");
      const template = exactTemplate(x);
      const checked = template ? { def: template } : checkedModel(x, 'def');
      if ('error' in checked) return fail(`Cannot export: the model definition is invalid (${checked.error}).`, 'def', checked.error);
      if (!deps) return fail('Exporting models is not available here.');
      let text: string;
      try {
        text = modelFileText(checked.def, format);
      } catch (e) {
        return fail((e as Error).message, 'format', (e as Error).message);
      }
      let path: string | null;
      try {
        path = await deps.chooseModelSavePath(`${checked.def.name}.${format === 'yaml' ? 'yaml' : 'json'}`, format);
      } catch (e) {
        return fail(`Could not ask where to save: ${(e as Error).message}`);
      }
      if (path === null || path === '') return { ok: true, value: { saved: false } };
      if (typeof path !== 'string' || !isAbsolute(path)) return fail(`Cannot save to '${String(path)}': not an absolute path.`);
      try {
        await writeFileAtomic(path, text);
      } catch (e) {
        return fail(`Could not write ${path}: ${(e as Error).message}`);
      }
      return { ok: true, value: { saved: true, path } };
    },
  };
}
