import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times are shown in Asia/Shanghai, whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Shanghai';

export function formatTime(iso: string | undefined): string {
  return iso ? dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm') : '';
}

/** The day of an instant in Asia/Shanghai: validity ends and certificate expiries. */
export function formatDate(iso: string | undefined): string {
  return iso ? dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD') : '';
}

/** Whether a step's due time has passed. */
export const isOverdue = (dueAt: string | undefined, now = Date.now()) =>
  dueAt !== undefined && new Date(dueAt).getTime() < now;
