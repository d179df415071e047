import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectStudio } from './api';
import { setClient } from './backend/client';
import './styles/app.css';

const root = document.getElementById('root');
if (root) {
  try {
    setClient(connectStudio());
    createRoot(root).render(<App />);
  } catch (err) {
    // No bridge and no secret: say what to do instead of a blank window.
    root.innerHTML = '';
    const p = document.createElement('p');
    p.style.cssText = 'font: 14px system-ui; padding: 32px';
    p.textContent = `NO_BACKEND: ${err instanceof Error ? err.message : String(err)}`;
    root.append(p);
  }
}
