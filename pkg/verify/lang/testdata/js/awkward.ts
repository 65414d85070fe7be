// function commentedOut() {}
/* class CommentedOut { method() {} } */
import { helper } from "./helper";

const NOT_A_FUNCTION = "function fake() { // not a comment";
const ALSO_NOT = 'class Fake { /* not a comment */ }';
const tpl = `outer ${`inner ${"}"} still inner`} and ${{ a: 1 }.a} } function inTemplate() {}`;
const re = /[/'"{]+\/}/g, ratio = 10 / 2 / 1;

/**
 * Adds two numbers.
 * @param a the first
 */
export function add(a: number, b: number): number {
  return a + b;
}

/** Overloaded: documented on the first signature. */
export function parse(input: string): number;
export function parse(input: number): number;
export function parse(input: string | number): number {
  return Number(input);
}

export function typed<T extends { id: string }>(
  items: T[],
  pick: (t: T) => boolean,
): { found: T | undefined } {
  return { found: items.find(pick) };
}

declare function ambient(x: number): void;

/** A service. */
@Injectable({ providedIn: "root" })
export abstract class Service<T> extends Base<{ key: T }> implements Disposable {
  private readonly cache = new Map<string, T>();
  #secret = 1;
  static instances = 0;

  /** Builds it. */
  constructor(private readonly http: Http) {
    super();
  }

  /** Finds one. */
  async find(id: string): Promise<T | undefined> {
    const url = `/items/${id}`; // a comment inside
    return this.cache.get(url);
  }

  protected abstract load(id: string): Promise<T>;

  private hidden(): void {}

  #reallyHidden() {
    return "}";
  }

  handler = (event: Event) => {
    console.log(event);
  };

  get size(): number {
    return this.cache.size;
  }
}

export interface Shape {
  area(): number;
  name: string;
}

export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; error: Error };

export enum Color {
  Red = "RED",
  Green = "}",
}

const enum Internal {
  A,
  B,
}

export const multiply = (a: number, b: number): number =>
  a * b;

export const makeThing = async <T,>(value: T) => {
  return { value };
};

let counter = 0, other = function () {
  return counter;
};

const café = (ünï: string) => ünï.length;

export default function () {
  return "anonymous default";
}

function localOnly() {}
export { localOnly, café as cafe };

namespace Geometry {
  export function area(r: number) {
    return Math.PI * r * r;
  }
  function internal() {}
}
