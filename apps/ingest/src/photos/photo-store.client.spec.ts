import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PHOTO_STORE_PATH } from '@contact-sync/events';
import { photoRefOf } from '@contact-sync/contact-model';
import type { IngestConfig } from '../config/ingest-env.schema';
import { PhotoStoreClient, PhotoUploadError } from './photo-store.client';

describe('PhotoStoreClient (local HTTP server)', () => {
  let server: Server;
  let base: string;
  let status = 204;
  const received: { method?: string; url?: string; type?: string; auth?: string; bytes: Buffer }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, type: req.headers['content-type'], auth: req.headers.authorization, bytes: Buffer.concat(chunks) });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const client = () => new PhotoStoreClient({ CONTACTS_INTERNAL_URL: base, INTERNAL_API_KEY: `ingest.${'t'.repeat(43)}` } as IngestConfig);

  it('PUTs the raw bytes with their content type at the hash path', async () => {
    const photo = { contentType: 'image/jpeg' as const, bytes: Buffer.alloc(300_000, 3) };
    const { hash } = photoRefOf(photo);
    await client().put(hash, photo);
    const got = received.at(-1)!;
    expect(got).toMatchObject({ method: 'PUT', url: PHOTO_STORE_PATH(hash), type: 'image/jpeg', auth: `Bearer ingest.${'t'.repeat(43)}` });
    expect(got.bytes.equals(photo.bytes)).toBe(true);
  });

  it('a refused upload is an error (the pass retries), never silently dropped', async () => {
    status = 503;
    await expect(client().put('h', { contentType: 'image/png', bytes: Buffer.from('x') })).rejects.toBeInstanceOf(PhotoUploadError);
    status = 204;
  });
});
