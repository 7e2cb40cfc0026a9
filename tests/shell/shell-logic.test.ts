// The shell's pure decisions: where an opened file goes, a second launch's files, job notices, About text.
import { describe, expect, it } from 'vitest';
import { aboutDetail, filesFromArgv, jobFinishedNotice, openedFileKind } from '../../src/main/shell-logic.ts';

describe('a file opened from the file manager or passed by a second launch', () => {
  it('goes to Scripts for a PDF and to the import dialog for a spreadsheet', () => {
    expect(openedFileKind('/home/a/Scripts/Ep 4 FINAL.PDF')).toBe('script');
    expect(openedFileKind('C:\\Users\\a\\agency.csv')).toBe('import');
    expect(openedFileKind('/tmp/list.XLSX')).toBe('import');
    expect(openedFileKind('/tmp/old.xls')).toBe('import');
    expect(openedFileKind('/tmp/photo.jpg')).toBeNull();
    expect(openedFileKind('/tmp/pdf')).toBeNull();
  });

  it('is read from argv without switches, the executable or the app folder, made absolute', () => {
    const exists = (p: string) => !p.includes('missing');
    const packaged = [
      '/opt/CastMatch/castmatch',
      '--no-sandbox',
      'script.pdf',
      '/data/agency.csv',
      'notes.txt',
    ];
    expect(filesFromArgv(packaged, '/home/a', { packaged: true, exists })).toEqual([
      '/home/a/script.pdf',
      '/data/agency.csv',
    ]);
    // Unpackaged, argv[1] is the app folder (".").
    expect(
      filesFromArgv(['electron', '.', 'missing.pdf', 'cast.xlsx', 'cast.xlsx'], '/w', {
        packaged: false,
        exists,
      }),
    ).toEqual(['/w/cast.xlsx']);
    expect(filesFromArgv(['/opt/CastMatch/castmatch'], '/', { packaged: true, exists })).toEqual([]);
  });
});

describe('a notification when a long job finishes', () => {
  it('says what an import, a headshot import and a script analysis did, once done', () => {
    expect(
      jobFinishedNotice('import.progress', { jobId: 'j', phase: 'done', done: 100000, total: 100000 }),
    ).toEqual({
      title: 'Import finished',
      body: '1,00,000 rows read from the spreadsheet.',
    });
    expect(
      jobFinishedNotice('headshots.progress', {
        batchId: 'b',
        phase: 'done',
        imported: 118,
        review: 2,
        failed: 0,
        duplicates: 0,
        done: 120,
        total: 120,
        currentFile: null,
      }),
    ).toEqual({ title: 'Headshots imported', body: '118 photos added (2 to review).' });
    expect(
      jobFinishedNotice('script.progress', { jobId: 's', phase: 'done', pagesDone: 1, pagesTotal: 1 })?.body,
    ).toBe('1 page read. The breakdown is ready.');
  });

  it('stays quiet while a job runs and for other events', () => {
    expect(
      jobFinishedNotice('import.progress', { jobId: 'j', phase: 'writing', done: 5, total: 9 }),
    ).toBeNull();
    expect(jobFinishedNotice('talent.changed', { phase: 'done' })).toBeNull();
    expect(jobFinishedNotice('import.progress', null)).toBeNull();
  });
});

describe('the About box', () => {
  it('lists the app, Electron, Chrome and Node versions', () => {
    const text = aboutDetail(
      { app: '0.1.0', electron: '45.4.1', chrome: '142.0.1', node: '22.20.0' },
      'linux x64',
    );
    expect(text.split('\n')).toEqual([
      'Version 0.1.0',
      'Electron 45.4.1',
      'Chrome 142.0.1',
      'Node 22.20.0',
      'Platform linux x64',
    ]);
    expect(aboutDetail({ app: '1.0.0' })).toContain('Electron —');
  });
});
