import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getLocale } from '../lib/format';
import { setUpPrinting } from '../lib/print-page';
import { getReadyClient } from '../lib/ready';
import '../styles/app.css';
import { App } from './app';

setUpPrinting(document, getLocale());

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App getClient={getReadyClient} />
    </StrictMode>
  );
}
