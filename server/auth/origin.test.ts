import { describe, expect, it } from 'vitest'
import { Site, type SiteOptions } from './origin.ts'

const site = (o: Partial<SiteOptions> = {}) =>
  new Site({
    publicOrigins: [],
    allowedOrigins: [],
    listenHost: '127.0.0.1',
    port: () => 3000,
    configuredPort: 3000,
    interfaces: () => ['192.0.2.7', '[fd00::7]'],
    ...o,
  })

describe('Site: our hosts and origins', () => {
  it('loopback names on the listening port only', () => {
    const s = site()
    for (const h of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LocalHost:3000']) expect(s.hostAllowed(h), h).toBe(true)
    for (const h of ['localhost:3001', 'localhost', '127.0.0.2:3000', 'evil.example:3000', 'localhost:3000@evil', 'localhost:3000/x', '', undefined])
      expect(s.hostAllowed(h), String(h)).toBe(false)
  })

  it('interface IP literals only with a non-loopback HOST and no public URL', () => {
    expect(site().hostAllowed('192.0.2.7:3000')).toBe(false)
    expect(site({ listenHost: '0.0.0.0' }).hostAllowed('192.0.2.7:3000')).toBe(true)
    expect(site({ listenHost: '0.0.0.0' }).hostAllowed('[fd00::7]:3000')).toBe(true)
    expect(site({ listenHost: '0.0.0.0' }).hostAllowed('192.0.2.8:3000')).toBe(false)
    expect(site({ listenHost: '0.0.0.0', publicOrigins: ['https://keel.example.com'] }).hostAllowed('192.0.2.7:3000')).toBe(false)
  })

  it('not listening (inject): loopback names on any port', () => {
    expect(site({ port: () => null }).hostAllowed('localhost:80')).toBe(true)
    expect(site({ port: () => null }).hostAllowed('evil.example:80')).toBe(false)
  })

  it('origins: configured ones exactly, loopback over http on our port; never derived from a Host', () => {
    const s = site({ publicOrigins: ['https://keel.example.com'], allowedOrigins: ['http://localhost:5173'] })
    for (const o of ['https://keel.example.com', 'http://localhost:5173', 'http://localhost:3000', 'http://127.0.0.1:3000'])
      expect(s.originAllowed(o), o).toBe(true)
    for (const o of [
      'http://keel.example.com',
      'https://keel.example.com:8443',
      'http://localhost:5174',
      'https://localhost:3000',
      'null',
      'http://evil.example:3000',
      'http://localhost:3000/',
    ])
      expect(s.originAllowed(o), o).toBe(false)
  })

  it('links: the first public URL, else localhost on the port in use', () => {
    expect(site({ publicOrigins: ['https://a.example', 'http://b.example'] }).link('/invite/x')).toBe('https://a.example/invite/x')
    expect(site({ port: () => 41234 }).link('/x')).toBe('http://localhost:41234/x')
    expect(site({ port: () => null, configuredPort: 3000 }).link('/x')).toBe('http://localhost:3000/x')
  })

  it('https public hosts and https-only', () => {
    const mixed = site({ publicOrigins: ['https://a.example', 'http://b.example:8080'] })
    expect(mixed.httpsOnly).toBe(false)
    expect(mixed.isHttpsPublicHost('a.example')).toBe(true)
    expect(mixed.isHttpsPublicHost('b.example:8080')).toBe(false)
    expect(site({ publicOrigins: ['https://a.example'] }).httpsOnly).toBe(true)
    expect(site().httpsOnly).toBe(false)
  })
})
