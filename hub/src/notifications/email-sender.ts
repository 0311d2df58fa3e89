import nodemailer from "nodemailer";
import type { EmailConfig } from "./channel-config.js";
import { type ChannelSender, errorText, type SendOutcome } from "./channel-sender.js";

// SMTP replies 4xx are transient by definition (RFC 5321); 5xx are permanent.
function smtpOutcome(err: unknown): SendOutcome {
  const code = (err as { responseCode?: number }).responseCode;
  const retryable = code === undefined || (code >= 400 && code < 500);
  return { ok: false, retryable, error: errorText(err), ...(code ? { responseCode: code } : {}) };
}

/**
 * E-mail over SMTP with nodemailer, one connection per message (alerts are rare; a pool would hold
 * connections the server times out anyway). `starttls` requires the upgrade, so a password never
 * crosses the network in clear text because a server forgot to offer it.
 */
export function createEmailSender(options: { timeoutMs: number; tls?: { rejectUnauthorized?: boolean } }) {
  const sender: ChannelSender = {
    async send(target, message): Promise<SendOutcome> {
      const config = target.config as unknown as EmailConfig;
      const transport = nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.security === "tls",
        requireTLS: config.security === "starttls",
        ignoreTLS: config.security === "none",
        ...(config.user ? { auth: { user: config.user, pass: target.secret ?? "" } } : {}),
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
        ...(options.tls ? { tls: options.tls } : {}),
      });
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: config.to,
          subject: message.title,
          text: message.text,
          headers: {
            "X-Sitewatch-Event": message.event,
            "X-Sitewatch-Delivery": message.body.deliveryId,
            ...(message.alert ? { "X-Sitewatch-Alert-Kind": message.alert.kind } : {}),
          },
        });
        const code = Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? 250);
        return { ok: true, responseCode: code };
      } catch (err) {
        return smtpOutcome(err);
      } finally {
        transport.close();
      }
    },
  };
  return sender;
}
