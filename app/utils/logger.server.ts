// Structured logs (pino). Jobs log through `jobLogger` so every line carries shop and job id.
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "lotline" },
  redact: ["accessToken", "*.accessToken", "headers.authorization", "*.password"],
});

export function jobLogger(job: { id?: string; name: string; data: { shopId?: string } }) {
  return logger.child({ jobId: job.id, job: job.name, shopId: job.data.shopId });
}
