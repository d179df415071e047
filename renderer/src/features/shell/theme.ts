/** Light/dark: follow prefers-color-scheme unless the person picked one (a class on <html>, no re-render). */
import { useEffect } from 'react';
import { useUi } from '../../state/ui';

export function useTheme(): void {
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = (): void => {
      const dark = theme === 'dark' || (theme === 'system' && media.matches);
      document.documentElement.classList.toggle('dark', dark);
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}
