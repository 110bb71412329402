/**
 * What the console's detail pages (a partner, an agreement, a request) share: a titled section, their tabs, and an
 * entity's timeline — each entry its action in words, when and by whom, why the system did it, and the
 * reason someone gave.
 */
import { Empty, Spin, Tabs, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useDirectory } from './directory';
import { useI18n } from './i18n';
import { timelineAction, type TimelineEntry } from './partners';
import { formatTime } from './time';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section style={{ marginTop: 20 }}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

/** One tab of a detail page: its key (the label's test id is `tab-<key>`), its label, and whether it has anything to show. */
export interface DetailTab {
  key: string;
  label: string;
  children: ReactNode;
  /** A tab with nothing in it is not offered (an agreement in draft has no operation yet). */
  shown?: boolean;
}

/**
 * A long detail page in tabs, as Ant Design Pro lays one out: what the entity is first, then what it does,
 * then its history. What the reader must act on (the alerts and the actions) stays above the tabs.
 */
export function DetailTabs({ tabs, testId }: { tabs: DetailTab[]; testId: string }) {
  const offered = tabs.filter((tab) => tab.shown !== false);
  return (
    <Tabs
      data-testid={testId}
      style={{ marginTop: 8 }}
      items={offered.map((tab) => ({
        key: tab.key,
        label: <span data-testid={`tab-${tab.key}`}>{tab.label}</span>,
        children: tab.children,
      }))}
    />
  );
}

export function EntityTimeline(props: {
  /** `null` while it loads. */
  entries: TimelineEntry[] | null;
  testId: string;
  /** The colour of an entry: red for what went wrong, green for what went through, else blue. */
  colourOf: (action: string) => 'red' | 'green' | 'blue';
  /** The system's reason in words. */
  why: (why: NonNullable<TimelineEntry['why']>) => string;
  /** The reason someone gave, in lines. */
  reasonLines: (reason: string | undefined) => string[];
}) {
  const { t } = useI18n();
  const directory = useDirectory();
  const { entries } = props;
  if (entries === null) return <Spin />;
  if (entries.length === 0) return <Empty />;
  return (
    <Timeline
      data-testid={props.testId}
      items={entries.map((e) => ({
        key: e.seq,
        color: props.colourOf(e.action),
        content: (
          <div data-testid="timeline-entry" data-action={e.action}>
            <Typography.Text strong>{timelineAction(t, e.action)}</Typography.Text>
            <div>
              <Typography.Text type="secondary">
                <span className="dp-unbroken">{formatTime(e.at)}</span> ·{' '}
                <span data-testid="timeline-actor" title={e.actor.sub}>
                  {directory.personName(e.actor.sub)}
                </span>
              </Typography.Text>
            </div>
            {e.why && <div data-testid="timeline-why">{props.why(e.why)}</div>}
            {props.reasonLines(e.reason).map((line) => (
              <div key={line}>{line}</div>
            ))}
          </div>
        ),
      }))}
    />
  );
}
