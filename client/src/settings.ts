import * as vscode from 'vscode';

/**
 * The client-side reading of `faultline.*`. The server reads the full settings itself through
 * `workspace/configuration`; the client only needs what decides its own UI.
 */
export interface ClientSettings {
  enable: boolean;
}

export function readSettings(scope?: vscode.Uri): ClientSettings {
  const c = vscode.workspace.getConfiguration('faultline', scope);
  return { enable: c.get<boolean>('enable', true) };
}

/** Per-file review switches, persisted per workspace so they survive reloads. */
export class FileOverrides {
  private static readonly KEY = 'faultline.fileOverrides';

  constructor(private readonly state: vscode.Memento) {}

  all(): Record<string, boolean> {
    return this.state.get<Record<string, boolean>>(FileOverrides.KEY, {});
  }

  async set(uri: string, enabled: boolean | null): Promise<void> {
    const next = { ...this.all() };
    if (enabled === null) delete next[uri];
    else next[uri] = enabled;
    await this.state.update(FileOverrides.KEY, next);
  }
}
