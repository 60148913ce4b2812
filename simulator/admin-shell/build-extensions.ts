// `npm run build:extensions`: bundles each UI extension into extensions/<handle>/dist, which
// the simulated admin serves to its block frames. Offline and without a Partner login.
import { spawn } from "node:child_process";

export class ExtensionBuildError extends Error {}

export async function buildExtensions(): Promise<void> {
  let output = "";
  const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", "build:extensions"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new ExtensionBuildError(`Building Lotline's UI extensions failed:\n${output}`);
}
