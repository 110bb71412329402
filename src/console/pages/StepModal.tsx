import { Alert, Input, Modal } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/**
 * One step of an agreement that a person takes with a few words: a reason (required or not), and any
 * further fields the step asks for (`children`). The step's refusal, if the API gives one, is shown
 * where the page shows its problems; the modal closes either way.
 */
export function StepModal(props: {
  open: boolean;
  title: string;
  /** The text's label; none: the step takes no text. */
  label?: string;
  required?: boolean;
  danger?: boolean;
  warning?: string;
  /** The further fields are not filled in yet. */
  incomplete?: boolean;
  onCancel: () => void;
  onSubmit: (text: string) => Promise<void>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  useEffect(() => setText(''), [props.open]);
  const missing = (props.required === true && text.trim() === '') || props.incomplete === true;

  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      okText={t('partner.submit')}
      cancelText={t('partner.cancel')}
      confirmLoading={sending}
      destroyOnHidden
      okButtonProps={{ danger: props.danger, disabled: missing, 'data-testid': 'step-submit' }}
      onOk={async () => {
        setSending(true);
        try {
          await props.onSubmit(text.trim());
        } finally {
          setSending(false);
        }
      }}
    >
      {props.warning && <Alert type="warning" title={props.warning} style={{ marginBottom: 12 }} />}
      {props.children}
      {props.label && (
        <Input.TextArea
          rows={3}
          maxLength={2000}
          placeholder={props.label}
          aria-label={props.label}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="step-text"
        />
      )}
    </Modal>
  );
}
