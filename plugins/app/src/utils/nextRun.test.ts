import { nextRun } from './nextRun';

describe('nextRun', () => {
  it('finds the next weekly tick in the schedule time zone (Mondays 08:00 Berlin = 07:00 UTC in winter)', () => {
    const now = new Date('2026-11-25T12:00:00Z'); // a Wednesday
    expect(nextRun('0 8 * * 1', 'Europe/Berlin', now)?.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });

  it('is strictly after now and follows steps and ranges', () => {
    const now = new Date('2026-11-25T12:14:30Z');
    expect(nextRun('*/15 9-17 * * *', 'UTC', now)?.toISOString()).toBe('2026-11-25T12:15:00.000Z');
    expect(nextRun('0 6 1 * *', 'America/New_York', now)?.toISOString()).toBe('2026-12-01T11:00:00.000Z');
  });

  it('accepts six-field expressions (seconds ignored, as in the scheduler)', () => {
    expect(nextRun('30 0 9 * * *', 'UTC', new Date('2026-11-25T10:00:00Z'))?.toISOString()).toBe(
      '2026-11-26T09:00:00.000Z'
    );
  });

  it('says null when nothing fires within the horizon', () => {
    expect(nextRun('0 0 30 2 *', 'UTC', new Date('2026-11-25T10:00:00Z'))).toBeNull();
  });
});
