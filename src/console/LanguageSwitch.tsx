import { Button } from 'antd';
import { useI18n } from './i18n';

/** Switches the console between Chinese and English; the button names the other language. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <Button
      size="small"
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="switch-language"
    >
      {t('header.language')}
    </Button>
  );
}
