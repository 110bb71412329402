/**
 * A page's header as Ant Design Pro lays it out: breadcrumbs (where the page is, each level a link back),
 * the title, and the page's own actions at its right — below the title on a phone, where they stay in reach.
 */
import { Breadcrumb, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

export interface Crumb {
  title: string;
  href?: string;
}

export function PageHeader(props: { title: ReactNode; crumbs?: Crumb[]; extra?: ReactNode; testId?: string }) {
  return (
    <div data-testid={props.testId ?? 'page-header'}>
      {props.crumbs && props.crumbs.length > 0 && (
        <Breadcrumb
          data-testid="breadcrumbs"
          items={props.crumbs.map((c) => ({ title: c.href ? <a href={c.href}>{c.title}</a> : c.title }))}
        />
      )}
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 4 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {props.title}
        </Typography.Title>
        {props.extra && (
          <Flex wrap gap={8}>
            {props.extra}
          </Flex>
        )}
      </Flex>
    </div>
  );
}
