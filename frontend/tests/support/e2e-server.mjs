// The server the browser tests run against: a loopback SMTP server that writes every mail it
// receives into $E2E_DIR/mail, and the app started by ./scripts/run.sh on an embedded
// PostgreSQL in $E2E_DIR/postgres. On SIGTERM (Playwright's stop) the app stops its database,
// then the folder is deleted.
import { spawn } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { SMTPServer } from "smtp-server"

const dir = process.env.E2E_DIR
if (!dir) throw new Error("E2E_DIR is not set")
const mailDir = path.join(dir, "mail")
mkdirSync(mailDir, { recursive: true })
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")

let received = 0
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    const chunks = []
    stream.on("data", (chunk) => chunks.push(chunk))
    stream.on("end", () => {
      received += 1
      const name = `${String(received).padStart(4, "0")}.eml`
      writeFileSync(path.join(mailDir, name), Buffer.concat(chunks))
      callback()
    })
  },
})
const smtpPort = Number(process.env.E2E_SMTP_PORT)
smtp.listen(smtpPort, "127.0.0.1")

const app = spawn(path.join(repo, "scripts/run.sh"), {
  cwd: repo,
  stdio: "inherit",
  env: {
    ...process.env,
    // Never the developer's database: an embedded one in the throwaway folder.
    DATABASE_URL: "",
    EMBEDDED_PGDATA: path.join(dir, "postgres"),
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtpPort),
    SMTP_TLS: "False",
    SMTP_SSL: "False",
    SMTP_USER: "",
    SMTP_PASSWORD: "",
    EMAILS_FROM_EMAIL: "spotless@example.com",
    // Cheap hashes: the tests sign up and log in many times.
    BCRYPT_ROUNDS: "4",
    // Every request of the tests comes from 127.0.0.1: throttles the suite never meets by
    // accident (run.sh keeps the real defaults).
    SIGNUP_REQUESTS_PER_ADDRESS: "100000",
    RECOVERY_REQUESTS_PER_ADDRESS: "100000",
    RECOVERY_MAILS_PER_ACCOUNT: "100000",
    LOGIN_FAILURES_PER_ACCOUNT_ADDRESS: "100000",
    LOGIN_FAILURES_PER_ACCOUNT: "100000",
    LOGIN_FAILURES_PER_ADDRESS: "100000",
  },
})

let stopping = false
function stop() {
  if (stopping) return
  stopping = true
  app.kill("SIGTERM")
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
app.on("exit", (code) => {
  smtp.close(() => {})
  rmSync(dir, { recursive: true, force: true })
  process.exit(stopping ? 0 : (code ?? 1))
})
