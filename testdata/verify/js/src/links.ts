import { Router, type Request, type Response } from "express";
import { randomBytes } from "node:crypto";

/** A short link: the code and the URL it stands for. */
export interface Link {
  code: string;
  url: string;
  createdAt: Date;
}

/** What creating a link may fail with. */
export type LinkError = "invalid-url" | "taken";

const CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

// Codes become path segments: /[a-z0-9_-]+/ only, e.g. "abc_12".
const CODE_PATTERN = /^[a-z0-9_-]{3,32}$/i;

/**
 * Makes a random code of the given length from an alphabet without
 * look-alike characters.
 */
export function generateCode(length = 6): string {
  const bytes = randomBytes(length);
  let code = "";
  for (const b of bytes) {
    code += CODE_ALPHABET[b % CODE_ALPHABET.length];
  }
  return code;
}

/** Keeps links in memory. */
export class LinkStore {
  private readonly links = new Map<string, Link>();

  /** Adds a link under code, or under a generated one. */
  create(url: string, code: string = generateCode()): Link | LinkError {
    if (!isValidUrl(url)) {
      return "invalid-url";
    }
    if (this.links.has(code) || !CODE_PATTERN.test(code)) {
      return "taken";
    }
    const link: Link = { code, url, createdAt: new Date() };
    this.links.set(code, link);
    return link;
  }

  /** Returns the link behind code. */
  resolve(code: string): Link | undefined {
    return this.links.get(code);
  }

  get size(): number {
    return this.links.size;
  }
}

function isValidUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** Routes: POST /links to shorten, GET /:code to follow. */
export const linksRouter = (store: LinkStore): Router => {
  const router = Router();
  router.post("/links", (req: Request, res: Response) => {
    const result = store.create(req.body.url, req.body.code ?? undefined);
    if (typeof result === "string") {
      res.status(result === "taken" ? 409 : 400).json({ error: result });
      return;
    }
    res.status(201).json({ code: result.code, short: `/${result.code}` });
  });
  router.get("/:code", (req: Request, res: Response) => {
    const link = store.resolve(req.params.code);
    if (!link) {
      res.status(404).json({ error: `no link "${req.params.code}"` });
      return;
    }
    res.redirect(302, link.url);
  });
  return router;
};
