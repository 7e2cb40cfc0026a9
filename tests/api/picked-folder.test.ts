import { describe, expect, it } from 'vitest';
import { pickedFolderRoot } from '../../src/shared/picked-folder.ts';

describe('the folder behind a folder pick', () => {
  it('is the file path less all but the first segment of its relative path', () => {
    expect(pickedFolderRoot('/home/asha/Agency X/Ritika Joshi/1.jpg', 'Agency X/Ritika Joshi/1.jpg')).toBe(
      '/home/asha/Agency X',
    );
    expect(pickedFolderRoot('C:\\Users\\asha\\Agency X\\1.jpg', 'Agency X/1.jpg')).toBe(
      'C:\\Users\\asha\\Agency X',
    );
    expect(pickedFolderRoot('/Volumes/Shoot/प्रिया/1.jpg', 'प्रिया/1.jpg')).toBe('/Volumes/Shoot/प्रिया');
  });

  it('refuses anything that is not a file inside the folder it names', () => {
    expect(pickedFolderRoot('/home/asha/1.jpg', '1.jpg')).toBeNull(); // a file pick, not a folder
    expect(pickedFolderRoot('/home/asha/Other/1.jpg', 'Agency X/1.jpg')).toBeNull();
    expect(pickedFolderRoot('/a/b/1.jpg', 'b/../1.jpg')).toBeNull();
    expect(pickedFolderRoot('/a/b/1.jpg', 'x/a/b/1.jpg')).toBeNull(); // more segments than the path has
    expect(pickedFolderRoot('', 'Agency X/1.jpg')).toBeNull();
  });
});
