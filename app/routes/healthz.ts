// GET /healthz for load balancers and orchestrators: 200 when healthy, 503 otherwise.
import { checkHealth } from "../health.server";

export const loader = async () => {
  const health = await checkHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
