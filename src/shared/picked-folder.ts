// A folder picked through <input webkitdirectory> arrives as its files, each with its absolute path (in
// Electron) and its path relative to the picked folder's parent ("Agency X/Ritika Joshi/1.jpg"). The
// folder itself — whose name and sub-folders name the people in it — is the first segment of that path.

/**
 * The picked folder's absolute path, from one of its files: the file's path with all but the first segment
 * of its relative path taken off the end. Null unless the relative path names a folder and its segments are
 * exactly the tail of the file's path (Windows or POSIX separators).
 */
export function pickedFolderRoot(filePath: string, relativePath: string): string | null {
  const rel = relativePath.split('/');
  if (rel.length < 2 || rel.some((s) => !s || s === '.' || s === '..')) return null;
  let end = filePath.length;
  for (let i = rel.length - 1; i >= 1; i--) {
    const sep = Math.max(filePath.lastIndexOf('/', end - 1), filePath.lastIndexOf('\\', end - 1));
    if (sep < 0 || filePath.slice(sep + 1, end) !== rel[i]) return null;
    end = sep;
  }
  const root = filePath.slice(0, end);
  const sep = Math.max(root.lastIndexOf('/'), root.lastIndexOf('\\'));
  return sep >= 0 && root.slice(sep + 1) === rel[0] ? root : null;
}
