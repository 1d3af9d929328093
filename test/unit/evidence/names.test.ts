import { describe, expect, it } from 'vitest';
import { uniqueNames } from '../../../src/evidence/names.js';

const firstThree = (name: string) => {
  const names = uniqueNames(name);
  return [names.next().value, names.next().value, names.next().value];
};

describe('the names a re-capture gets when its name is taken', () => {
  it('keeps a file type visible at the end', () => {
    expect(firstThree('logs.txt')).toEqual(['logs.txt', 'logs-2.txt', 'logs-3.txt']);
    expect(firstThree('exec-ps.stdout.log')).toEqual(['exec-ps.stdout.log', 'exec-ps-2.stdout.log', 'exec-ps-3.stdout.log']);
    expect(firstThree('image-web.tar.gz')).toEqual(['image-web.tar.gz', 'image-web-2.tar.gz', 'image-web-3.tar.gz']);
  });

  it('does not split a name made from a path at a dot inside the path', () => {
    // "/tmp/.x/f1" captured from web: "-2" after "_tmp_" would read as the path /tmp/-2.x/f1
    expect(firstThree('files-web_tmp_.x_f1')).toEqual(['files-web_tmp_.x_f1', 'files-web_tmp_.x_f1-2', 'files-web_tmp_.x_f1-3']);
    expect(firstThree('files-web_etc_cron.d_evil')).toEqual(['files-web_etc_cron.d_evil', 'files-web_etc_cron.d_evil-2', 'files-web_etc_cron.d_evil-3']);
  });
});
