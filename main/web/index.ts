export { startWebHost, DEFAULT_RENDERER_DIR, type WebHost, type WebHostOptions } from './host';
export { CLOSE_UNAUTHORIZED } from './ws-bridge';
