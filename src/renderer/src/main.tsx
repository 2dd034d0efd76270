import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { startTransport } from './api/client';
import { App } from './App';
import { createI18n } from './i18n/setup';
import { prepareAudio } from './sound';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// Created once, outside React, so StrictMode's double effects cannot open two sockets.
const transport = startTransport();
const i18n = createI18n();
prepareAudio();

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App transport={transport} />
    </I18nextProvider>
  </StrictMode>,
);
