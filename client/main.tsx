import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { registerSW } from 'virtual:pwa-register'
import { App } from './app/App.tsx'
import { SessionProvider } from './lib/auth-session.tsx'
import { initTheme } from './lib/theme.ts'
import './styles/base.css'
import './styles/topbar.css'
import './styles/menu.css'
import './styles/editor.css'
import './styles/components.css'
import './styles/forms.css'
import './styles/auth.css'
import './styles/screens.css'
import './styles/sidebar.css'
import './styles/hub.css'

// The service worker precaches the app shell so a document visited before opens with no network
// at all (reload included); its content comes from IndexedDB. 'autoUpdate': a new build takes
// over on its own, and the page reloads only when the new worker activates.
registerSW({ immediate: true })

// Light or dark before the first render (the CSP allows no inline script in index.html; with no
// choice stored the stylesheet already follows the system, so nothing flashes).
initTheme()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
)
