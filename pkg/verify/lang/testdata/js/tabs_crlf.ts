/** Tabs and CRLF. */
export class Tabbed {
	method() {
		return `a
multi-line ${"template"}`;
	}
}

export const f = () =>
	1;
