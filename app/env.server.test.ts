import { describe, expect, it } from "vitest";
import { databaseEnv, EnvError, parseEnv } from "./env.server";

const complete = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://lotline.example.com",
};

/** The EnvError `parse` throws; fails the test when it throws none. */
function envError(parse: () => unknown): EnvError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error("expected an EnvError, and the environment was accepted");
}

describe("parseEnv", () => {
  it("a complete environment starts with the documented defaults", () => {
    const env = parseEnv(complete);
    expect(env).toMatchObject({
      ...complete,
      NODE_ENV: "development",
      REDIS_URL: "redis://127.0.0.1:6379",
      PORT: 3000,
      QUEUE_PREFIX: "lotline",
      DATA_DIR: ".data",
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("numbers given as strings become numbers", () => {
    expect(parseEnv({ ...complete, PORT: "8080" }).PORT).toBe(8080);
  });

  it("a missing SHOPIFY_API_KEY stops start-up with one line saying so and where it comes from", () => {
    const { SHOPIFY_API_KEY: _, ...rest } = complete;
    const { message } = envError(() => parseEnv(rest));
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(/^SHOPIFY_API_KEY is not set/);
    expect(message).toContain("Partner Dashboard");
    expect(message).toContain(".env");
  });

  it("an empty value counts as unset", () => {
    const { message } = envError(() => parseEnv({ ...complete, SHOPIFY_API_SECRET: "" }));
    expect(message).toMatch(/^SHOPIFY_API_SECRET is not set/);
    // An empty optional variable falls back to its default instead of being rejected.
    const env = parseEnv({ ...complete, PORT: "", DATABASE_URL: "" });
    expect(env.PORT).toBe(3000);
    // An empty DATABASE_URL means the embedded database, not a connection error.
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("a MySQL DATABASE_URL is refused, saying a postgres URL is needed", () => {
    const { message } = envError(() => parseEnv({ ...complete, DATABASE_URL: "mysql://root@localhost/lotline" }));
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(/^DATABASE_URL is invalid/);
    expect(message).toContain("postgres");
  });

  it("a PostgreSQL DATABASE_URL is accepted as given", () => {
    const url = "postgresql://lotline:pw@db.internal:5432/lotline";
    expect(parseEnv({ ...complete, DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(parseEnv({ ...complete, DATABASE_URL: "postgres://db/lotline" }).DATABASE_URL).toBe("postgres://db/lotline");
  });

  it("a PORT that is not a number is refused by name", () => {
    const { message } = envError(() => parseEnv({ ...complete, PORT: "abc" }));
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(/^PORT is invalid/);
  });

  it("a PORT out of range is refused by name", () => {
    expect(envError(() => parseEnv({ ...complete, PORT: "70000" })).message).toMatch(/^PORT is invalid/);
  });
});

describe("databaseEnv", () => {
  it("needs no Shopify variables, so db:migrate runs with only a database", () => {
    expect(databaseEnv({ DATABASE_URL: "postgresql://localhost/lotline" })).toEqual({
      DATABASE_URL: "postgresql://localhost/lotline",
      DATA_DIR: ".data",
    });
    expect(databaseEnv({})).toEqual({ DATA_DIR: ".data" });
  });

  it("still refuses a database URL that is not PostgreSQL", () => {
    const { message } = envError(() => databaseEnv({ DATABASE_URL: "mysql://localhost/lotline" }));
    expect(message).toMatch(/^DATABASE_URL is invalid/);
    expect(message).toContain("postgres");
  });
});
