import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { registerSW } from 'virtual:pwa-register'
import { App } from './app/App.tsx'
import './styles/base.css'
import './styles/topbar.css'
import './styles/editor.css'
import './styles/components.css'

// The service worker precaches the app shell so a document visited before opens with no network
// at all (reload included); its content comes from IndexedDB. 'autoUpdate': a new build takes
// over on its own, and the page reloads only when the new worker activates.
registerSW({ immediate: true })

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
