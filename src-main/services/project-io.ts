/**
 * The project handlers' disk side (./project-handlers.ts: ProjectCodec, ProjectFiles,
 * RecoveryStore, RecentList) wired to the file services: the document format with compressed
 * arrays (./project-codec.ts), atomic save with a .bak and size-limited read (./project-file.ts),
 * the recovery copy in `<userData>/recovery` (./recovery.ts) and the recent list in
 * `<userData>/recent-files.json` (./recent-files.ts); `exists` asks the file system (lstat).
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseProjectFile, serializeProjectFile } from './project-codec';
import { readProjectText, saveProjectText } from './project-file';
import type { ProjectCodec, ProjectFiles, RecentList, RecoveryStore } from './project-handlers';
import { recentFiles } from './recent-files';
import { recoveryStore } from './recovery';

export interface ProjectIo {
  codec: ProjectCodec;
  files: ProjectFiles;
  recovery: RecoveryStore;
  recent: RecentList;
}

export function createProjectIo(userDataDir: string): ProjectIo {
  return {
    codec: { serialize: (project) => serializeProjectFile(project), parse: (text) => parseProjectFile(text) },
    files: {
      async read(path) {
        const r = await readProjectText(path);
        if (!r.ok) throw new Error(r.error);
        return r.text;
      },
      async write(path, text) {
        const r = await saveProjectText(path, text);
        if (!r.ok) throw new Error(r.error);
      },
      async exists(path) {
        try {
          await lstat(path);
          return true;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw e;
        }
      },
    },
    recovery: recoveryStore(join(userDataDir, 'recovery')),
    recent: recentFiles(userDataDir),
  };
}
