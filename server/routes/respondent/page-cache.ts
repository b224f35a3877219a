// The cache moved to server/http/, as the public register uses it too.
export * from '../../http/page-cache.js'
