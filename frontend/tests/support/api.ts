import { randomUUID } from "node:crypto"
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
    async patch(path: string, token: string, data: unknown) {
      const r = await request.patch(`/api/v1${path}`, {
        headers: { Authorization: `Bearer ${token}` },
        data,
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
  }
  return api
}

export type Api = ReturnType<typeof apiFor>
