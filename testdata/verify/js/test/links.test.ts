import express from "express";
import request from "supertest";
import { generateCode, LinkStore, linksRouter } from "../src/links";

function app(store = new LinkStore()) {
  const a = express();
  a.use(express.json());
  a.use(linksRouter(store));
  return a;
}

describe("generateCode", () => {
  it("makes codes of the asked length", () => {
    expect(generateCode(8)).toHaveLength(8);
  });
});

describe("LinkStore", () => {
  it("rejects a taken code", () => {
    const store = new LinkStore();
    store.create("https://example.com", "abc");
    expect(store.create("https://example.org", "abc")).toBe("taken");
  });

  it("rejects a URL that is not http(s)", () => {
    expect(new LinkStore().create("javascript:alert(1)", "abc")).toBe("invalid-url");
  });
});

describe("router", () => {
  it("shortens and redirects", async () => {
    const a = app();
    const created = await request(a).post("/links").send({ url: "https://example.com", code: "ex1" });
    expect(created.status).toBe(201);
    const followed = await request(a).get("/ex1");
    expect(followed.status).toBe(302);
    expect(followed.headers.location).toBe("https://example.com");
  });

  it("answers 404 for an unknown code", async () => {
    expect((await request(app()).get("/nope")).status).toBe(404);
  });
});
