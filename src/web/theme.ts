import { createTheme } from '@mantine/core';

/** Japanese-first type: system UI fonts, then Noto Sans CJK JP, which Debian and most Linux desktops ship. */
const sans = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  '"Hiragino Sans"',
  '"Hiragino Kaku Gothic ProN"',
  '"Noto Sans JP"',
  '"Noto Sans CJK JP"',
  '"Yu Gothic UI"',
  'Meiryo',
  'sans-serif',
].join(', ');

export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: sans,
  headings: { fontFamily: sans, fontWeight: '700' },
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  defaultRadius: 'sm',
  components: {
    Button: { defaultProps: { radius: 'sm' } },
    Table: { defaultProps: { verticalSpacing: 'xs' } },
  },
});
