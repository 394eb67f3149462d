import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getReadyClient } from '../lib/ready';
import '../styles/app.css';
import { App } from './app';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <App getClient={getReadyClient} />
    </StrictMode>
  );
}
