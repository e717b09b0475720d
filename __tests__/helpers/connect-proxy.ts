/**
 * A real forward proxy on 127.0.0.1 that speaks CONNECT, as corporate proxies in front of
 * self-hosted runners do. It records what it was asked to connect to, and the Proxy-Authorization
 * it was given.
 */
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'

export interface ConnectProxy {
  url: string
  /** host:port of every CONNECT, in order. */
  connects: string[]
  authorizations: string[]
  stop: () => Promise<void>
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const connects: string[] = []
  const authorizations: string[] = []
  const sockets = new Set<net.Socket>()
  const server = http.createServer((_req, res) => {
    res.writeHead(405).end('CONNECT only')
  })
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '')
    authorizations.push(String(req.headers['proxy-authorization'] ?? ''))
    const [host, port] = (req.url ?? '').split(':')
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    authorizations,
    stop: async () => {
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}
