import { ConsultSocketGateway } from '../modules/consultations/consult-socket.gateway.js';
import type { TestServer } from './server.js';

/** Chat sockets open on this server instance. */
export function openChatSockets(server: TestServer): number {
  return server.app.get(ConsultSocketGateway).connections;
}
