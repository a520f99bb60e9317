import { randomUUID } from "node:crypto"
import { deflateSync } from "node:zlib"
import { type APIRequestContext, expect } from "@playwright/test"

export const ADMIN = { email: "admin@example.com", password: "changethis" }

export type NewUser = {
  email: string
  password: string
  username: string
  full_name: string
}

/** A user nobody else has: unique email and username for this run. */
export function newUser(prefix = "user"): NewUser {
  const id = randomUUID().slice(0, 8)
  return {
    email: `${prefix}-${id}@example.com`,
    password: `pw-${randomUUID()}`,
    username: `${prefix}-${id}`,
    full_name: `${prefix[0].toUpperCase()}${prefix.slice(1)} ${id}`,
  }
}

/** Seeding and checking through the API, as a client would. */
export function apiFor(request: APIRequestContext) {
  const api = {
    async token(email: string, password: string): Promise<string> {
      const r = await request.post("/api/v1/login/access-token", {
        form: { username: email, password },
      })
      expect(r.status(), await r.text()).toBe(200)
      return (await r.json()).access_token
    },
    async signup(user: NewUser = newUser()): Promise<NewUser & { token: string }> {
      const r = await request.post("/api/v1/users/signup", { data: user })
      expect(r.status(), await r.text()).toBe(200)
      return { ...user, token: await api.token(user.email, user.password) }
    },
    async get(path: string, token: string) {
      const r = await request.get(`/api/v1${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
      expect(r.status(), await r.text()).toBe(200)
      return r.json()
    },
    /** Upload a profile picture (`PUT /profiles/me/picture`, multipart field `file`). */
    async uploadPicture(token: string, png: Buffer) {
      const r = await request.put("/api/v1/profiles/me/picture", {
        headers: { Authorization: `Bearer ${token}` },
        multipart: { file: { name: "me.png", mimeType: "image/png", buffer: png } },
      })
      expect(r.ok(), await r.text()).toBe(true)
      return r.json()
    },
    async post(path: string, token: string, data: unknown) {
      const r = await request.post(`/api/v1${path}`, {
        headers: { Authorization: `Bearer ${token}` },
        data,
      })
      expect(r.ok(), await r.text()).toBe(true)
      return r.json()
    },
    async patch(path: string, token: string, data: unknown) {
      const r = await request.patch(`/api/v1${path}`, {
        headers: { Authorization: `Bearer ${token}` },
        data,
      })
      expect(r.ok(), await r.text()).toBe(true)
      return r.json()
    },
    async put(path: string, token: string, data: unknown) {
      const r = await request.put(`/api/v1${path}`, {
        headers: { Authorization: `Bearer ${token}` },
        data,
      })
      expect(r.ok(), await r.text()).toBe(true)
      return r.json()
    },
  }
  return api
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, "ascii"), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/**
 * A small portrait-like PNG (a face-coloured disc on a coloured ground) made without any image
 * library: a profile picture that looks like one in screenshots.
 */
export function portraitPng(size = 96, ground: [number, number, number] = [56, 130, 160]): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits, RGB, no interlace
  const rows: number[] = []
  for (let y = 0; y < size; y++) {
    rows.push(0) // no filter
    for (let x = 0; x < size; x++) {
      const head = Math.hypot(x - size / 2, y - size * 0.4) < size * 0.22
      const shoulders = Math.hypot(x - size / 2, y - size * 1.05) < size * 0.42
      const pixel = head ? [236, 196, 160] : shoulders ? [40, 48, 72] : ground
      rows.push(...pixel)
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.from(rows))),
    pngChunk("IEND", Buffer.alloc(0)),
  ])
}

export type Api = ReturnType<typeof apiFor>
