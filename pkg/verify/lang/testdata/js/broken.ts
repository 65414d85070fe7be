export function unclosed(a: number {
  return a;

export function recovered() {
  return 1;
}
const s = "unterminated
export class AfterBroken {
  method() {}
}
