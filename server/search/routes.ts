import type { FastifyPluginAsync } from 'fastify'
import { SearchQuery, type SearchResults } from '#shared/api/search'
import type { SearchService } from './search-service.ts'

/**
 * GET /api/search: any signed-in caller; what they may read is the service's (their projects),
 * never the route's parameters. A bad query (empty, too long, an unknown filter value) is a 400.
 */
export function searchRoutes(deps: { service: SearchService }): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/search', { config: { access: { who: 'user' } } }, async (request): Promise<SearchResults> =>
      deps.service.search(request.principal, SearchQuery.parse(request.query)),
    )
  }
}
